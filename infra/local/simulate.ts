import { SimulatedClock } from '../../functions/adapters/clock.js';
import { dueText } from '../../functions/core/instance.js';
import type { CycleTemplate } from '../../functions/core/template.js';
import { addDays, instantAt, parseIsoDate, localDateOf, isoDate } from '../../functions/core/time.js';
import { personalLink } from '../../functions/services/links.js';
import { recordDate } from '../../functions/services/dates.js';
import { startLocalCloud } from './cloud.js';
import { openCycleLocally, readTemplate, seedTenant } from './seed.js';
import { uploadPdf, valuesFor } from './simulate-party.js';
import { confirmAsReader, forwardLines, isForwardSlot, plannedConfirmations } from './simulate-forwards.js';
import { behaviourOf, scenarioProblems, type Scenario } from './simulate-scenario.js';
import { YearView } from './simulate-view.js';

export { samplePdf, uploadPdf } from './simulate-party.js';
export { loadScenario, parseScenario, scenarioProblems, scenarioSchema, type Scenario } from './simulate-scenario.js';

export interface TimelineEntry {
  at: string;
  instanceId: string;
  party: string;
  what:
    | 'herinnering'
    | 'vandaag'
    | 'te laat'
    | 'escalatie'
    | 'ingediend'
    | 'te laat ingediend'
    | 'datum vastgelegd'
    /** A stored version mailed to a contact of a party it is for (`party`; the contact and version in `detail`). */
    | 'doorgestuurd'
    /** A recipient confirmed receipt of a version through its read link. */
    | 'ontvangst bevestigd'
    /** The scenario has a recipient confirm, but it could not (no read link, a refused post). */
    | 'bevestiging mislukt';
  detail: string;
}

export interface SimulationResult {
  timeline: TimelineEntry[];
  summary: {
    noticesPerParty: Record<string, number>;
    escalations: number;
    onTime: number;
    late: number;
    neverSubmitted: number;
    instances: number;
    dated: number;
    /** Forward mails, one per version and recipient contact. */
    forwards: number;
    /** Versions still in the outbox when the year ended (not every recipient has them). */
    forwardsPending: number;
    confirmations: number;
  };
  wallMs: number;
}

export interface SimulationOptions {
  templateFile: string | URL;
  year: number;
  scenario: Scenario;
  tenantId?: string;
  /** Several municipalities at once, each with the same template and scenario (benchmarks). */
  tenants?: string[];
  /** When the simulated clock starts. @default 1 December of the year before */
  from?: Date;
  /** Share a running DynamoDB Local (tests); otherwise one starts in memory. */
  dynamoEndpoint?: string;
  tableName?: string;
}

const kindOfSlot = { reminder: 'herinnering', 'due-today': 'vandaag', overdue: 'te laat' } as const;

/**
 * Runs a whole cycle year on the simulated clock, through the real workflows, handlers, DynamoDB
 * Local and SES local. Parties act as the scenario says, through their signed links, like people.
 */
export async function simulateYear(options: SimulationOptions): Promise<SimulationResult> {
  const started = performance.now();
  const template = readTemplate(options.templateFile).template;
  const problems = scenarioProblems(options.scenario, template);
  if (problems.length > 0) throw new Error(`het scenario past niet bij het sjabloon: ${problems.join('; ')}`);
  // The template's own municipality, unless told otherwise.
  const tenants = options.tenants ?? [options.tenantId ?? template.tenant];
  const clock = new SimulatedClock(options.from ?? instantAt({ year: options.year - 1, month: 12, day: 1 }, '08:00'));
  clock.join(); // until every driver has joined
  const cloud = await startLocalCloud({
    clock,
    dynamoEndpoint: options.dynamoEndpoint,
    tableName: options.tableName ?? `simulatie-${Date.now()}`,
  });
  try {
    // Each municipality has its own driver, all on the one clock, as independent as in real life.
    const drivers = tenants.map((tenantId) => {
      clock.join();
      return driveTenant(cloud, clock, tenantId, options, template).finally(() => clock.leave());
    });
    clock.leave();
    const timelines = await Promise.all(drivers);
    await cloud.engine.settled();
    const timeline: TimelineEntry[] = [];
    const summary: SimulationResult['summary'] = {
      noticesPerParty: {},
      escalations: 0,
      onTime: 0,
      late: 0,
      neverSubmitted: 0,
      instances: 0,
      dated: 0,
      forwards: 0,
      forwardsPending: 0,
      confirmations: 0,
    };
    for (const [index, tenantId] of tenants.entries()) {
      const result = await summarise(cloud, tenantId, options.year, timelines[index]!.timeline, timelines[index]!.view);
      timeline.push(...result.timeline.map((e) => (tenants.length > 1 ? { ...e, instanceId: `${tenantId}/${e.instanceId}` } : e)));
      for (const [party, n] of Object.entries(result.summary.noticesPerParty)) {
        summary.noticesPerParty[party] = (summary.noticesPerParty[party] ?? 0) + n;
      }
      for (const key of ['escalations', 'onTime', 'late', 'neverSubmitted', 'instances', 'dated', 'forwards', 'forwardsPending', 'confirmations'] as const) summary[key] += result.summary[key];
    }
    // A version's forwards follow it, though they happen at the same moment.
    const rank = (e: TimelineEntry) => (e.what === 'doorgestuurd' ? 1 : 0);
    timeline.sort((a, b) => a.at.localeCompare(b.at) || a.instanceId.localeCompare(b.instanceId) || rank(a) - rank(b) || a.what.localeCompare(b.what));
    return { timeline, summary, wallMs: performance.now() - started };
  } finally {
    await cloud.stop();
  }
}

type Cloud = Awaited<ReturnType<typeof startLocalCloud>>;

/** One municipality's year: seed, open, then act as the scenario says until nothing is left to do. */
async function driveTenant(cloud: Cloud, clock: SimulatedClock, tenantId: string, options: SimulationOptions, template: CycleTemplate): Promise<{ timeline: TimelineEntry[]; view: YearView }> {
  const { scenario, year } = options;
  const timeline: TimelineEntry[] = [];
  const at = () => clock.now().toISOString();
  await seedTenant(cloud.store, tenantId, `Gemeente ${tenantId}`, options.templateFile);
  const { contacts } = await cloud.store.tenants.directory(tenantId);
  if (Object.keys(scenario.meetings).length > 0) {
    await cloud.store.cycles.ensure({ tenantId, year, templateId: template.id, openedAt: at(), facts: { meetingDates: {}, eventDates: {}, submittedOn: {} } });
  }
  for (const [meeting, date] of Object.entries(scenario.meetings)) {
    await cloud.store.cycles.recordFact(tenantId, year, 'meetingDates', meeting, date);
    timeline.push({ at: at(), instanceId: meeting, party: template.coordinatorParty, what: 'datum vastgelegd', detail: `vergadering op ${date}` });
  }
  await openCycleLocally(cloud.engine, tenantId, year);
  const view = await YearView.read(cloud, tenantId, year);
  const recorded = new Set<string>();
  const submitted = new Set<string>();
  const confirmed = new Set<string>();
  for (;;) {
    const records = view.all();
    const actions: { when: Date; run: () => Promise<void> }[] = [];
    for (const [event, date] of Object.entries(scenario.events)) {
      if (recorded.has(event)) continue;
      actions.push({
        when: instantAt(parseIsoDate(date), '10:00'),
        run: async () => {
          recorded.add(event);
          const { started } = await recordDate(cloud.deps, { tenantId, year, kind: 'eventDates', id: event, date });
          await view.refresh(started);
          timeline.push({ at: at(), instanceId: event, party: template.coordinatorParty, what: 'datum vastgelegd', detail: `gebeurtenis op ${date}` });
        },
      });
    }
    for (const r of records) {
      const i = r.instance;
      if (i.timing.state !== 'dated' || i.status !== 'open' || submitted.has(i.instanceId)) continue;
      const b = behaviourOf(scenario, i);
      if (b.submit === 'never' && !b.submitOn) continue;
      const lastDay = parseIsoDate(i.timing.lastDay);
      const date = b.submitOn ? parseIsoDate(b.submitOn) : addDays(lastDay, b.submit === 'late' ? b.daysAfter : -b.daysBefore);
      const contact = contacts.find((c) => c.partyId === i.responsible && c.active);
      if (!contact) continue;
      actions.push({
        when: new Date(Math.max(instantAt(date, '10:00').getTime(), clock.now().getTime())),
        run: async () => {
          submitted.add(i.instanceId);
          // The links the workflows made meanwhile are not in the view: read the instance itself.
          const fresh = (await cloud.store.cycles.loadInstance(tenantId, year, i.instanceId))!;
          view.update(fresh);
          if (fresh.instance.status !== 'open') return;
          const { url } = await personalLink(cloud.deps, fresh, contact);
          let form = await (await fetch(url)).text();
          // A document goes with a PDF, uploaded first as a browser does: straight to the store.
          const uploaded = await uploadPdf(form, `${i.instanceId}.pdf`);
          if (uploaded) form = uploaded;
          const formKey = /name="formKey" value="([^"]+)"/.exec(form)?.[1] ?? '';
          const bijlage = /name="bijlage" value="([^"]+)"/.exec(form)?.[1];
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ ...valuesFor(fresh.instance, contact), formKey, ...(bijlage ? { bijlage } : {}) }).toString(),
            redirect: 'manual',
          });
          const afterRecords = (await cloud.store.cycles.loadInstance(tenantId, year, i.instanceId))!;
          await view.submitted(afterRecords);
          const after = afterRecords.instance;
          timeline.push({
            at: at(),
            instanceId: i.instanceId,
            party: i.responsible,
            what: after.status === 'te-laat-ingediend' ? 'te laat ingediend' : 'ingediend',
            detail: res.status === 303 ? `termijn uiterlijk ${dueText(i)}` : `geweigerd (${res.status})`,
          });
        },
      });
    }
    // Recipients confirm receipt of what was forwarded to them, as the scenario says.
    for (const c of plannedConfirmations(scenario, records, contacts, confirmed)) {
      actions.push({
        when: new Date(Math.max(c.when.getTime(), clock.now().getTime())),
        run: async () => {
          confirmed.add(c.key);
          const problem = await confirmAsReader(cloud, tenantId, year, c);
          if (problem) timeline.push({ at: at(), instanceId: c.instanceId, party: c.contact.partyId, what: 'bevestiging mislukt', detail: `versie ${c.version}: ${problem}` });
        },
      });
    }
    if (actions.length === 0) return { timeline, view };
    actions.sort((a, b) => a.when.getTime() - b.when.getTime());
    const next = actions[0]!;
    await clock.sleepUntil(next.when);
    await next.run();
  }
}

/** The notices of a tenant's year, from the claims in DynamoDB: what was sent to whom, and when. */
async function summarise(cloud: Cloud, tenantId: string, year: number, driven: TimelineEntry[], view: YearView) {
  const records = await cloud.store.cycles.loadCycle(tenantId, year);
  const stale = view.staleAgainst(records);
  if (stale.length > 0) throw new Error(`de simulatie plande met een verouderd beeld van ${stale.join(', ')}: iets anders dan de simulatie zelf veranderde een termijn, status of versie`);
  const { contacts } = await cloud.store.tenants.directory(tenantId);
  const timeline = [...driven];
  const noticesPerParty: Record<string, number> = {};
  let escalations = 0;
  let forwards = 0;
  let confirmations = 0;
  for (const r of records) {
    const lines = forwardLines(r, contacts);
    timeline.push(...lines.forwards, ...lines.confirmations);
    forwards += lines.forwards.length;
    confirmations += lines.confirmations.length;
    for (const n of r.notices) {
      if (isForwardSlot(n.slotId)) continue;
      // A deadline that moved has revisions: `r2-overdue-1` is the overdue notice of revision 2.
      const slot = n.slotId.replace(/^r\d+-/, '');
      const contact = contacts.find((c) => c.contactId === n.contactId && c.partyId === n.partyId);
      const escalation = Boolean(contact?.coordinator) && slot.startsWith('overdue') && r.instance.responsible !== n.partyId;
      if (escalation) escalations++;
      else noticesPerParty[n.partyId] = (noticesPerParty[n.partyId] ?? 0) + 1;
      const kind = slot.startsWith('reminder') ? 'reminder' : slot === 'due-today' ? 'due-today' : 'overdue';
      timeline.push({ at: n.sentAt ?? n.claimedAt, instanceId: r.instance.instanceId, party: n.partyId, what: escalation ? 'escalatie' : kindOfSlot[kind], detail: n.slotId });
    }
  }
  const statuses = records.map((r) => r.instance);
  return {
    timeline,
    summary: {
      noticesPerParty,
      escalations,
      onTime: statuses.filter((i) => i.status === 'ingediend').length,
      late: statuses.filter((i) => i.status === 'te-laat-ingediend').length,
      neverSubmitted: statuses.filter((i) => i.status === 'open' && i.timing.state === 'dated').length,
      instances: statuses.length,
      dated: statuses.filter((i) => i.timing.state === 'dated').length,
      forwards,
      forwardsPending: (await cloud.store.submissions.pendingForwards(tenantId, year)).length,
      confirmations,
    },
  };
}

/** "2027-01-31 09:00" in Amsterdam. */
export function localStamp(iso: string): string {
  const d = new Date(iso);
  const date = isoDate(localDateOf(d));
  const time = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit' }).format(d);
  return `${date} ${time}`;
}
