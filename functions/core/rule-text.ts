import type { CycleTemplate, TemplateDeliverable } from './template.js';
import { dutchMonths as months } from './time.js';

const inYear = (offset: number) => (offset < 0 ? ' van het jaar ervoor' : offset > 0 ? ' van het jaar erna' : '');

/** The timing rule of a template deliverable in plain Dutch, as the dashboard shows it. */
export function ruleText(def: TemplateDeliverable, template: CycleTemplate): string {
  const due = def.due;
  const title = (list: { id: string; title: string }[], id: string | undefined) => list.find((x) => x.id === id)?.title ?? id ?? '';
  const party = (id: string) => title(template.parties.map((p) => ({ id: p.id, title: p.name })), id);
  let text: string;
  switch (due.rule) {
    case 'fixed':
      text = `${due.inclusive ? 'uiterlijk' : 'vóór'} ${due.day} ${months[due.month - 1]}${inYear(due.yearOffset)}`;
      break;
    case 'recurring':
      text = `${due.daysAfterEnd === 0 ? 'op de laatste dag' : `${due.daysAfterEnd} dagen na het einde`} van elke periode (${title(template.periods, due.period)})`;
      break;
    case 'relative':
      text = `${due.days} dagen na ${due.event ? title(template.events, due.event) : `de indiening van ${title(template.deliverables, due.afterDeliverable)}`}`;
      break;
    case 'meeting': {
      const series = title(template.meetingSeries, due.series);
      text =
        due.daysBefore !== undefined
          ? `${due.daysBefore} dagen vóór elke ${series}`
          : `${due.daysAfter ?? 0} dagen na elke ${series}`;
      break;
    }
    case 'sign-off':
      text = `ondertekening door ${due.signers.map(party).join(', ')}, ${due.inclusive ? 'uiterlijk' : 'vóór'} ${due.day} ${months[due.month - 1]}${inYear(due.yearOffset)}`;
      break;
    case 'open':
      text = `geen harde termijn: ${due.note} (streefperiode ${due.window.from.day} ${months[due.window.from.month - 1]} – ${due.window.to.day} ${months[due.window.to.month - 1]})`;
      break;
  }
  if (def.businessDays === 'next-working-day') text += '; valt die dag in een weekend of op een feestdag, dan de eerstvolgende werkdag';
  if (!def.lateAllowed) text += '; na de termijn niet meer via de link in te dienen';
  return text;
}
