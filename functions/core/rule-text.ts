import { afterEndTerm, meetingTerm, relativeTerm, repeatText, termText } from './calendar-rules.js';
import type { CycleTemplate, TemplateDeliverable } from './template.js';
import { dutchMonths as months } from './time.js';

const inYear = (offset: number) => (offset < 0 ? ' van het jaar ervoor' : offset > 0 ? ' van het jaar erna' : '');

/** "uiterlijk 1 juli", "vóór 1 maart", "uiterlijk eind februari", "vóór de laatste dag van juni". */
function yearlyText(due: { month: number; day: number | 'last'; inclusive: boolean; yearOffset: number }): string {
  const month = months[due.month - 1];
  const date = due.day === 'last' ? (due.inclusive ? `eind ${month}` : `de laatste dag van ${month}`) : `${due.day} ${month}`;
  return `${due.inclusive ? 'uiterlijk' : 'vóór'} ${date}${inYear(due.yearOffset)}`;
}

/** The timing rule of a template deliverable in plain Dutch, as the dashboard shows it. */
export function ruleText(def: TemplateDeliverable, template: CycleTemplate): string {
  const due = def.due;
  const title = (list: { id: string; title: string }[], id: string | undefined) => list.find((x) => x.id === id)?.title ?? id ?? '';
  const party = (id: string) => title(template.parties.map((p) => ({ id: p.id, title: p.name })), id);
  let text: string;
  switch (due.rule) {
    case 'fixed':
      text = yearlyText(due);
      break;
    case 'recurring': {
      const term = afterEndTerm(due);
      text = `${term.n === 0 ? 'op de laatste dag' : `${termText(term)} na het einde`} van elke periode (${title(template.periods, due.period)})`;
      break;
    }
    case 'relative':
      text = `${termText(relativeTerm(due))} na ${due.event ? title(template.events, due.event) : `de indiening van ${title(template.deliverables, due.afterDeliverable)}`}`;
      break;
    case 'meeting': {
      const { term, before } = meetingTerm(due);
      text = `${termText(term)} ${before ? 'vóór' : 'na'} elke ${title(template.meetingSeries, due.series)}`;
      break;
    }
    case 'repeat':
      text = repeatText(due);
      break;
    case 'sign-off':
      text = `ondertekening door ${due.signers.map(party).join(', ')}, ${yearlyText(due)}`;
      break;
    case 'open':
      text = `geen harde termijn: ${due.note} (streefperiode ${due.window.from.day} ${months[due.window.from.month - 1]} – ${due.window.to.day} ${months[due.window.to.month - 1]})`;
      break;
  }
  if (def.businessDays === 'next-working-day') text += '; valt die dag in een weekend of op een feestdag, dan de eerstvolgende werkdag';
  if (def.reminders.onNonWorkingDay === 'previous-working-day') text += '; een herinnering die in een weekend of op een feestdag valt, gaat de werkdag ervoor uit';
  if (!def.lateAllowed) text += '; na de termijn niet meer via de link in te dienen';
  return text;
}
