import { slotsOfPlanned, type PlannedInstance } from './calendar.js';
import { DateTime } from 'luxon';
import { ZONE } from './time.js';

/** The documented JSON of `npm run cycle -- calendar --format json` (see README). */
export function calendarJson(templateId: string, year: number, instances: PlannedInstance[]) {
  return {
    template: templateId,
    year,
    timeZone: ZONE,
    instances: instances.map((i) => ({
      instanceId: i.instanceId,
      deliverableId: i.deliverableId,
      title: i.title,
      kind: i.kind,
      responsible: i.responsible,
      inform: i.inform,
      state: i.timing.state,
      due:
        i.timing.state === 'dated'
          ? { lastDay: i.timing.lastDay, lateFromUtc: i.timing.lateFrom, ...(i.timing.shiftedFrom ? { shiftedFrom: i.timing.shiftedFrom } : {}) }
          : null,
      waitingFor: i.timing.state === 'waiting' ? i.timing.waitingFor : null,
      window: i.timing.state === 'open-item' ? i.timing.window : (i.meeting?.window ?? null),
      note: i.timing.state === 'open-item' ? i.timing.note : null,
      reminders: slotsOfPlanned(i).map((s) => ({
        id: s.id,
        kind: s.kind,
        local: DateTime.fromJSDate(s.at, { zone: ZONE }).toFormat("yyyy-MM-dd'T'HH:mm"),
        utc: s.at.toISOString(),
      })),
      clauses: i.clauses.map((c) => ({ agreement: c.agreement, clause: c.clause })),
      ...(i.period ? { period: i.period } : {}),
      ...(i.meeting ? { meeting: i.meeting } : {}),
      ...(i.signOff ? { signOff: i.signOff } : {}),
    })),
  };
}
