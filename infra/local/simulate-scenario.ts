import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { DeliverableInstance } from '../../functions/core/model.js';
import { issuePath, type CycleTemplate } from '../../functions/core/template.js';
import { readYaml } from '../../functions/core/yaml-file.js';

/** Unknown keys are refused in Dutch: a typo (`confirm:` for `confirms:`) must not be ignored without a word. */
const known = { error: (issue: { code?: string; keys?: string[] }) => (issue.code === 'unrecognized_keys' ? `onbekende sleutel: ${issue.keys?.join(', ')}` : undefined) };
const day = z.union([z.string({ error: 'moet een datum zijn zoals 2027-03-15' }), z.date().transform((d) => d.toISOString().slice(0, 10))]);
const days = (what: string) =>
  z.number({ error: `${what} moet een aantal dagen zijn` }).int(`${what} moet een geheel aantal dagen zijn`).min(0, `${what} mag niet negatief zijn`).max(366, `${what} is hoogstens 366`);

/**
 * A party that confirms receipt of a version forwarded to it, through the read link of its mail:
 * `afterDays` days after the version came in (0: the same day), at 11:00.
 */
const confirmSchema = z.strictObject(
  {
    /** The party that confirms; absent: every party the deliverable is forwarded to. */
    party: z.string({ error: 'party moet een partij-id zijn' }).min(1, 'party mag niet leeg zijn').optional(),
    /** Which of its contacts confirms; absent: its first active contact. */
    contact: z.string({ error: 'contact moet een contact-id zijn' }).min(1, 'contact mag niet leeg zijn').optional(),
    afterDays: days('afterDays'),
  },
  known,
);
export type ConfirmBehaviour = z.infer<typeof confirmSchema>;

/** One confirmation or a list; `[]` says nobody confirms (overriding a wider rule). */
const confirmsSchema = z.preprocess(
  (c) => (c !== null && typeof c === 'object' && !Array.isArray(c) ? [c] : c),
  z.array(confirmSchema, { error: 'confirms moet { party, afterDays } zijn, of een lijst daarvan' }),
);

const behaviourFields = {
  /** on-time: submit `daysBefore` days before the last day; late: `daysAfter` days after it. */
  submit: z.enum(['on-time', 'late', 'never'], { error: 'submit moet on-time, late of never zijn' }),
  daysBefore: days('daysBefore'),
  daysAfter: days('daysAfter').min(1, 'daysAfter moet minstens 1 zijn'),
  /** A fixed date instead (local, YYYY-MM-DD). */
  submitOn: day.optional(),
  /** Who confirms receipt of each version of the deliverable, and how soon. @default nobody */
  confirms: confirmsSchema.optional(),
};
/** For every deliverable: each field has its default. */
const behaviourSchema = z.strictObject(
  {
    ...behaviourFields,
    submit: behaviourFields.submit.default('on-time'),
    daysBefore: behaviourFields.daysBefore.default(2),
    daysAfter: behaviourFields.daysAfter.default(3),
  },
  known,
);
/** A party's or deliverable's override: only the fields it names replace the wider rule. */
const overrideSchema = z.strictObject(
  { ...behaviourFields, submit: behaviourFields.submit.optional(), daysBefore: behaviourFields.daysBefore.optional(), daysAfter: behaviourFields.daysAfter.optional() },
  known,
);
export type Behaviour = z.infer<typeof behaviourSchema>;

/** How the parties behave during a simulated year. */
export const scenarioSchema = z.strictObject(
  {
    /** For every deliverable not named below. */
    behaviour: behaviourSchema.default(behaviourSchema.parse({})),
    /** By deliverable id or instance id. */
    deliverables: z.record(z.string(), overrideSchema).default({}),
    /** By the responsible party's id, applied before deliverable overrides. */
    parties: z.record(z.string(), overrideSchema).default({}),
    /** Meeting dates, set by the coordinator when the simulation starts. */
    meetings: z.record(z.string(), day).default({}),
    /** Event dates, recorded on that day. */
    events: z.record(z.string(), day).default({}),
  },
  known,
);
export type Scenario = z.infer<typeof scenarioSchema>;

/** A scenario's data (parsed YAML), validated; every problem listed by its path, in Dutch. */
export function parseScenario(data: unknown, source = 'scenario'): Scenario {
  const parsed = scenarioSchema.safeParse(data ?? {});
  if (!parsed.success) throw new Error(`${source}: ${parsed.error.issues.map((i) => `${issuePath(i.path) || '(scenario)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export function loadScenario(file: string | undefined): Scenario {
  if (!file) return scenarioSchema.parse({});
  const read = readYaml(readFileSync(file, 'utf8'), 'het scenario');
  if (!read.ok) throw new Error(`${file}: ${read.problems.join('; ')}`);
  return parseScenario(read.data, file);
}

/** What a party does about an instance: the scenario's behaviour, then its party's, then its deliverable's, then the instance's. */
export function behaviourOf(scenario: Scenario, i: Pick<DeliverableInstance, 'responsible' | 'deliverableId' | 'instanceId'>): Behaviour {
  const layers = [scenario.parties[i.responsible], scenario.deliverables[i.deliverableId], scenario.deliverables[i.instanceId]];
  const out: Behaviour = { ...scenario.behaviour };
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer ?? {})) if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

/** The parties that confirm receipt of an instance's versions, each with how soon and which contact: only parties it is forwarded to. */
export function confirmersOf(behaviour: Behaviour, i: Pick<DeliverableInstance, 'responsible' | 'inform'>): { partyId: string; contactId?: string; afterDays: number }[] {
  const recipients = i.inform.filter((p) => p !== i.responsible);
  return (behaviour.confirms ?? []).flatMap((c) =>
    (c.party ? recipients.filter((p) => p === c.party) : recipients).map((partyId) => ({ partyId, afterDays: c.afterDays, ...(c.contact ? { contactId: c.contact } : {}) })),
  );
}

/** The deliverable a scenario's key names: its id, or the longest id an instance id starts with. */
function deliverableOf<D extends { id: string }>(template: { deliverables: D[] }, key: string): D | undefined {
  return (
    template.deliverables.find((d) => d.id === key) ??
    template.deliverables.filter((d) => key.startsWith(`${d.id}-`)).sort((a, b) => b.id.length - a.id.length)[0]
  );
}

/**
 * What in a scenario cannot happen with this template, in Dutch: a party that confirms but is not a
 * party of the template or receives nothing, or confirms a deliverable that is not forwarded to it.
 */
export function scenarioProblems(scenario: Scenario, template: Pick<CycleTemplate, 'parties' | 'deliverables'>): string[] {
  const problems: string[] = [];
  const receives = (partyId: string) => template.deliverables.some((d) => d.responsible !== partyId && d.inform.includes(partyId));
  const check = (path: string, behaviour: { confirms?: ConfirmBehaviour[] } | undefined, deliverableId?: string) => {
    for (const [n, c] of (behaviour?.confirms ?? []).entries()) {
      if (!c.party) continue;
      const at = `${path}.confirms[${n}].party`;
      const deliverable = deliverableId === undefined ? undefined : deliverableOf(template, deliverableId);
      if (!template.parties.some((p) => p.id === c.party)) problems.push(`${at}: ${c.party} is geen partij van het sjabloon`);
      else if (deliverable && (deliverable.responsible === c.party || !deliverable.inform.includes(c.party))) problems.push(`${at}: ${deliverable.id} wordt niet doorgestuurd aan ${c.party}`);
      else if (!receives(c.party)) problems.push(`${at}: ${c.party} ontvangt niets dat wordt doorgestuurd`);
    }
  };
  check('behaviour', scenario.behaviour);
  for (const [id, b] of Object.entries(scenario.parties)) check(`parties.${id}`, b);
  for (const [id, b] of Object.entries(scenario.deliverables)) check(`deliverables.${id}`, b, id);
  return problems;
}
