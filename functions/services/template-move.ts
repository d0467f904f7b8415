import { isDeepStrictEqual } from 'node:util';
import type { Deps } from '../adapters/deps.js';
import { logger } from '../adapters/logger.js';
import { refText } from '../adapters/store/templates.js';
import { planYear, type PlannedInstance } from '../core/calendar.js';
import { dueText, newInstance, slotsOf, undatedText } from '../core/instance.js';
import type { Cycle, DeliverableInstance, TemplateRef } from '../core/model.js';
import { templateDiff } from '../core/template-diff.js';
import { AdminError } from './administration.js';
import { cycleTemplate } from './cycle-template.js';
import { stopReminders } from './stop-reminders.js';
import { CYCLE_AUDIT } from './steering.js';

/**
 * Moving a running cycle to other template versions: an explicit, audited action. Compared is what
 * the new versions plan for the year against what is stored, so a move that stopped halfway is
 * finished by running it again:
 * - an open instance whose deadline or reminders change gets the next revision; its reminders
 *   follow the new timing from now on (those already past are not sent again), and the execution
 *   of the old revision stops at its next step;
 * - an open instance whose title, description or recipients change is updated in place;
 * - an open instance the new versions no longer plan is closed (vrijgesteld) with the reason;
 * - a new instance is opened, with its execution when it has a deadline;
 * - what was submitted or waived stays as it is, submissions kept.
 */
export interface InstanceChange {
  instanceId: string;
  change: 'toegevoegd' | 'termijn' | 'herinneringen' | 'omschrijving' | 'vervallen' | 'afgerond-blijft';
  line: string;
  planned?: PlannedInstance;
  stored?: DeliverableInstance;
}

export interface MovePlan {
  cycle: Cycle;
  from: TemplateRef[];
  to: TemplateRef[];
  /** Between the templates, as `sjabloon laden` shows it. */
  templateChanges: string[];
  instances: InstanceChange[];
}

type MoveDeps = Pick<Deps, 'store' | 'engine' | 'clock'>;

const when = (i: Pick<DeliverableInstance, 'timing'>) => dueText(i) ?? undatedText(i.timing as Exclude<DeliverableInstance['timing'], { state: 'dated' }>);
const descriptive = ['title', 'description', 'kind', 'responsible', 'inform', 'clauses', 'lateAllowed', 'progressItems', 'followers', 'answers', 'signOff', 'period', 'templateId'] as const;

/** What moving the cycle to `to` (default: the versions in use for its year) would change. */
export async function planCycleMove(deps: Pick<Deps, 'store'>, tenantId: string, year: number, to?: TemplateRef[]): Promise<MovePlan> {
  const cycle = await deps.store.cycles.get(tenantId, year);
  if (!cycle) throw new AdminError([`gemeente ${tenantId} heeft geen cyclus ${year}; open die eerst`]);
  const current = await cycleTemplate(deps.store, tenantId, year, cycle);
  const target = to ?? (await deps.store.templates.forYear(tenantId, year)).map(({ id, version }) => ({ id, version }));
  if (!target.length) throw new AdminError([`er is geen sjabloon in gebruik voor ${year}; laad er eerst een`]);
  const missing = [];
  for (const ref of target) if (!(await deps.store.templates.version(tenantId, ref))) missing.push(refText(ref));
  if (missing.length) throw new AdminError([`onbekende sjabloonversie ${missing.join(', ')}`]);
  const next = await deps.store.templates.composed(tenantId, target).catch((error: Error) => {
    throw new AdminError([`de versies passen niet samen in één cyclus: ${error.message}`]);
  });
  const stored = await deps.store.cycles.loadCycle(tenantId, year);
  const planned = planYear(next.template, year, cycle.facts);
  const instances: InstanceChange[] = [];
  for (const fresh of planned) {
    const records = stored.find((r) => r.instance.instanceId === fresh.instanceId);
    const s = records?.instance;
    // A deadline the coordinator extended stays extended, unless the new version gives even longer.
    const extended = records?.audit.some((e) => e.action === 'verlengd') && s?.timing.state === 'dated' && fresh.timing.state === 'dated' && fresh.timing.lastDay <= s.timing.lastDay;
    const p = extended ? { ...fresh, timing: s!.timing } : fresh;
    if (!s) {
      instances.push({ instanceId: p.instanceId, change: 'toegevoegd', line: `+ ${p.instanceId}: ${p.title}, ${when(p)}`, planned: p });
      continue;
    }
    const timing = !isDeepStrictEqual(s.timing, p.timing) || !isDeepStrictEqual(s.meeting, p.meeting);
    const reminders = !isDeepStrictEqual(s.reminders, p.reminders);
    const text = descriptive.some((k) => !isDeepStrictEqual(s[k] ?? (k === 'followers' ? [] : undefined), p[k] ?? (k === 'followers' ? [] : undefined)));
    if (!timing && !reminders && !text) continue;
    if (s.status !== 'open') {
      instances.push({ instanceId: p.instanceId, change: 'afgerond-blijft', line: `= ${p.instanceId}: ${s.status}, blijft zoals het was`, planned: p, stored: s });
    } else if (timing) {
      instances.push({ instanceId: p.instanceId, change: 'termijn', line: `~ ${p.instanceId}: termijn ${when(s)} → ${when(p)}`, planned: p, stored: s });
    } else if (reminders) {
      instances.push({ instanceId: p.instanceId, change: 'herinneringen', line: `~ ${p.instanceId}: herinneringen gewijzigd (termijn blijft ${when(p)})`, planned: p, stored: s });
    } else {
      instances.push({ instanceId: p.instanceId, change: 'omschrijving', line: `~ ${p.instanceId}: ${s.title === p.title ? 'omschrijving of ontvangers gewijzigd' : `titel "${s.title}" → "${p.title}"`}`, planned: p, stored: s });
    }
  }
  for (const { instance: s } of stored) {
    if (planned.some((p) => p.instanceId === s.instanceId)) continue;
    if (s.status === 'open') instances.push({ instanceId: s.instanceId, change: 'vervallen', line: `- ${s.instanceId}: ${s.title} vervalt (niet meer in het sjabloon)`, stored: s });
    else instances.push({ instanceId: s.instanceId, change: 'afgerond-blijft', line: `= ${s.instanceId}: ${s.status}, blijft met wat er is ingediend (niet meer in het sjabloon)`, stored: s });
  }
  return {
    cycle,
    from: current?.refs ?? [],
    to: target,
    templateChanges: current ? templateDiff(current.template, next.template) : [],
    instances,
  };
}

/**
 * Moves the cycle to the plan's versions, audited, and leaves the move pending: its instances
 * follow when the move is completed, right away by the dashboard, else by the reconciler's next
 * run (the system's clock and engine, whoever asked). False when someone moved it meanwhile.
 */
export async function requestCycleMove(deps: Pick<Deps, 'store'>, plan: MovePlan, by: { actor: string; at: string }): Promise<boolean> {
  const { tenantId, year } = plan.cycle;
  const pending = { from: plan.from, by: by.actor, at: by.at };
  if (!(await deps.store.cycles.setTemplates(plan.cycle, plan.to, pending))) return false;
  await deps.store.audit.append(tenantId, year, {
    instanceId: CYCLE_AUDIT,
    at: by.at,
    actor: by.actor,
    action: 'sjabloon toegepast',
    detail: { van: plan.from.map(refText).join(' + ') || 'geen', naar: plan.to.map(refText).join(' + '), wijzigingen: String(plan.instances.length) },
  });
  return true;
}

/**
 * Completes a pending move: each instance gets what the cycle's versions now plan for it (see
 * InstanceChange), then the move is no longer pending. Stopped halfway, it is completed by running
 * it again: what is stored is compared with the plan each time. Returns the instances that got an
 * execution.
 */
export async function completeCycleMove(deps: MoveDeps, tenantId: string, year: number): Promise<string[]> {
  const cycle = await deps.store.cycles.get(tenantId, year);
  if (!cycle?.pendingMove || !cycle.templates) return [];
  const plan = await planCycleMove(deps, tenantId, year, cycle.templates);
  const actor = cycle.pendingMove.by;
  const reason = `sjabloon ${plan.to.map(refText).join(' + ')}`;
  const at = () => deps.clock.now().toISOString();
  const now = deps.clock.now();
  const started: string[] = [];
  for (const change of plan.instances) {
    const { planned, stored } = change;
    const entry = (action: string, detail: Record<string, string>) => ({ instanceId: change.instanceId, at: at(), actor, action, detail: { ...detail, reden: reason } });
    if (change.change === 'toegevoegd' && planned) {
      const [created] = await deps.store.cycles.openInstances([newInstance(planned, tenantId, year, now)]);
      if (created) await deps.store.audit.append(tenantId, year, entry('toegevoegd door sjabloon', { termijn: when(planned) }));
      if (planned.timing.state === 'dated') {
        await deps.engine.startDeliverable({ tenantId, year, instanceId: planned.instanceId, generation: 0, revision: 0 });
        started.push(planned.instanceId);
      }
    } else if ((change.change === 'termijn' || change.change === 'herinneringen') && planned && stored) {
      // The new revision's reminders that are past already count as handled: nobody gets again what they had.
      const next = { ...planned, revision: stored.revision + 1 };
      for (const slot of slotsOf(next)) {
        if (slot.at.getTime() <= now.getTime()) await deps.store.notices.markSlot(tenantId, year, planned.instanceId, { slotId: slot.id, at: now.toISOString(), recipients: 0 });
      }
      const revision = await deps.store.cycles.replan(stored, planned, true);
      if (revision === undefined) continue;
      await deps.store.audit.append(tenantId, year, entry(change.change === 'termijn' ? 'termijn gewijzigd door sjabloon' : 'herinneringen gewijzigd door sjabloon', { van: when(stored), naar: when(planned) }));
      if (planned.timing.state === 'dated') {
        await deps.engine.startDeliverable({ tenantId, year, instanceId: planned.instanceId, generation: 0, revision });
        started.push(planned.instanceId);
      }
      if (stored.timing.state === 'dated') await stopReminders(deps, stored, 'termijn gewijzigd door sjabloon');
    } else if (change.change === 'omschrijving' && planned && stored) {
      if ((await deps.store.cycles.replan(stored, planned, false)) !== undefined) await deps.store.audit.append(tenantId, year, entry('omschrijving gewijzigd door sjabloon', { titel: planned.title }));
    } else if (change.change === 'vervallen' && stored) {
      // Stopped only once closed; a rerun after a crash between the two finds it closed and skips it,
      // and that execution then ends at its next step.
      if (await deps.store.cycles.waive(stored, entry('vervallen', {}))) await stopReminders(deps, stored, 'vervallen door sjabloon');
    }
  }
  await deps.store.cycles.setTemplates(cycle, cycle.templates);
  logger.info('template move completed', { code: 'TEMPLATE_MOVED', tenantId, year, changes: plan.instances.length, started: started.length });
  return started;
}
