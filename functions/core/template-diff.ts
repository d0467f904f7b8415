import { isDeepStrictEqual } from 'node:util';
import type { ReminderPolicy } from './deliverable.js';
import { ruleText } from './rule-text.js';
import type { CycleTemplate } from './template.js';

/** "28, 14, 7 en 1 dag vooraf om 09:00, daarna elke 7 dagen (hoogstens 4)" */
export function remindersText(r: ReminderPolicy): string {
  const days = r.daysBefore.length ? `${r.daysBefore.join(', ').replace(/, (\d+)$/, ' en $1')} dag${r.daysBefore.at(-1) === 1 && r.daysBefore.length === 1 ? '' : 'en'} vooraf` : 'geen herinneringen vooraf';
  return `${days} om ${r.at}, daarna elke ${r.escalateEveryDays} dagen (hoogstens ${r.maxEscalations})${r.onNonWorkingDay === 'previous-working-day' ? ', niet op vrije dagen' : ''}`;
}

/**
 * What changes between two templates, one Dutch line each: `+` a deliverable added, `-` removed,
 * `~` its deadline rule, reminders or title changed. Empty when nothing a party notices changes.
 */
export function templateDiff(old: CycleTemplate, next: CycleTemplate): string[] {
  const diff: string[] = [];
  if (old.id !== next.id) diff.push(`sjabloon ${old.id} → ${next.id}`);
  if (old.validFrom !== next.validFrom || old.validTo !== next.validTo) diff.push(`geldig ${old.validFrom}–${old.validTo} → ${next.validFrom}–${next.validTo}`);
  for (const d of next.deliverables) {
    const before = old.deliverables.find((o) => o.id === d.id);
    if (!before) {
      diff.push(`+ ${d.id}: ${d.title} (${ruleText(d, next)})`);
      continue;
    }
    if (ruleText(before, old) !== ruleText(d, next)) diff.push(`~ ${d.id}: termijn "${ruleText(before, old)}" → "${ruleText(d, next)}"`);
    if (!isDeepStrictEqual(before.reminders, d.reminders)) diff.push(`~ ${d.id}: herinneringen "${remindersText(before.reminders)}" → "${remindersText(d.reminders)}"`);
    if (before.title !== d.title) diff.push(`~ ${d.id}: titel "${before.title}" → "${d.title}"`);
  }
  for (const o of old.deliverables) if (!next.deliverables.some((d) => d.id === o.id)) diff.push(`- ${o.id}: ${o.title}`);
  return diff;
}
