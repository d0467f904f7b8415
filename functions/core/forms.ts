import { z } from 'zod';
import type { DeliverableKind } from './template.js';

/** One field of a submission form, as the page shows it. */
export interface FormField {
  name: string;
  label: string;
  hint?: string;
  type: 'text' | 'textarea' | 'radio' | 'number' | 'date' | 'checkbox';
  options?: Record<string, string>;
  autocomplete?: string;
}

export interface FormSpec {
  kind: DeliverableKind;
  intro: string;
  submitLabel: string;
  fields: FormField[];
  schema: z.ZodObject;
  /** A PDF goes with it: required (a document, agenda, minutes) or optional (an advice). */
  attachment?: 'required' | 'optional';
}

const formKey = z
  .string({ error: 'Het formulier is onvolledig. Open de link uit de e-mail opnieuw.' })
  .regex(/^[A-Za-z0-9_-]{16,64}$/, 'Het formulier is onvolledig. Open de link uit de e-mail opnieuw.');

/**
 * Characters that can make shown text lie: the bidi embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069) reverse or reorder what follows them, also the page's own words
 * after the value ("Trojan Source"), and control characters (NUL, the other C0 codes, DEL, C1) are
 * invisible or cut text off in other systems. Tab, line feed and carriage return are ordinary text.
 */
const hiddenControl = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** Whether a text holds a character `hiddenControl` refuses. */
export const hasHiddenControl = (value: string): boolean => hiddenControl.test(value);

/** The field message for such a text: the character cannot be seen, so retyping is what helps. */
export const hiddenControlMessage = (what: string): string =>
  `${what} bevat een onzichtbaar teken (een stuurteken, of een teken dat de leesrichting omdraait). Typ de tekst opnieuw in plaats van hem te plakken.`;

const text = (missing: string, min: number, max: number, what: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(min, min <= 2 ? missing : `${what} is te kort: schrijf minstens ${min} tekens.`)
    .max(max, `${what} is te lang: gebruik hoogstens ${max.toLocaleString('nl-NL')} tekens.`)
    .refine((v) => !hasHiddenControl(v), hiddenControlMessage(what));

const naam = text('Vul uw naam in.', 2, 200, 'Uw naam');
const namens = text('Vul in namens welke organisatie u indient.', 2, 200, 'De naam van de organisatie');
const naamField: FormField = { name: 'naam', label: 'Uw naam', type: 'text', autocomplete: 'name' };
const namensField: FormField = {
  name: 'namens',
  label: 'Namens',
  hint: 'De organisatie namens wie u dit indient.',
  type: 'text',
  autocomplete: 'organization',
};

export const standpunten = {
  positief: 'Positief',
  'positief-met-kanttekeningen': 'Positief met kanttekeningen',
  negatief: 'Negatief',
} as const;

const advice: FormSpec = {
  kind: 'advice',
  attachment: 'optional',
  intro: 'Geef uw advies en uw standpunt.',
  submitLabel: 'Advies indienen',
  fields: [
    { name: 'standpunt', label: 'Uw standpunt', type: 'radio', options: standpunten },
    { name: 'advies', label: 'Advies', hint: 'Uw advies en de onderbouwing ervan. Minstens 20 tekens.', type: 'textarea' },
    naamField,
    namensField,
  ],
  schema: z.object({
    standpunt: z.enum(Object.keys(standpunten) as [string, ...string[]], {
      error: 'Kies een standpunt: positief, positief met kanttekeningen of negatief.',
    }),
    advies: text('Vul het advies in.', 20, 20000, 'Het advies'),
    naam,
    namens,
    formKey,
  }),
};

const summaryForm = (kind: DeliverableKind, submitLabel: string, hint: string, attachment?: 'required'): FormSpec => ({
  kind,
  ...(attachment ? { attachment } : {}),
  intro: 'Vat samen wat u aanlevert.',
  submitLabel,
  fields: [{ name: 'samenvatting', label: 'Samenvatting', hint, type: 'textarea' }, naamField, namensField],
  schema: z.object({ samenvatting: text('Vul een samenvatting in.', 10, 20000, 'De samenvatting'), naam, namens, formKey }),
});

const notification: FormSpec = {
  kind: 'notification',
  intro: 'Geef de melding door.',
  submitLabel: 'Melding indienen',
  fields: [
    { name: 'aantal', label: 'Aantal', hint: 'Bijvoorbeeld het aantal verkochte woningen. Laat leeg als er geen aantal bij hoort.', type: 'number' },
    { name: 'toelichting', label: 'Toelichting', type: 'textarea' },
    naamField,
    namensField,
  ],
  schema: z.object({
    aantal: z
      .string()
      .trim()
      .regex(/^\d{0,6}$/, 'Vul bij aantal een heel getal in (0 of meer), of laat het leeg.')
      .optional(),
    toelichting: text('Vul een toelichting in.', 10, 20000, 'De toelichting'),
    naam,
    namens,
    formKey,
  }),
};

const signOff: FormSpec = {
  kind: 'sign-off',
  intro: 'Onderteken de afspraken namens uw organisatie.',
  submitLabel: 'Ondertekenen',
  fields: [
    naamField,
    { name: 'functie', label: 'Functie', hint: 'Bijvoorbeeld wethouder Wonen of directeur-bestuurder.', type: 'text', autocomplete: 'organization-title' },
    namensField,
    { name: 'akkoord', label: 'Ik onderteken deze prestatieafspraken namens de organisatie hierboven.', type: 'checkbox' },
  ],
  schema: z.object({
    naam,
    functie: text('Vul uw functie in.', 2, 200, 'Uw functie'),
    namens,
    akkoord: z.literal('ja', { error: 'Vink aan dat u ondertekent; zonder dat vinkje is er geen handtekening.' }),
    formKey,
  }),
};

export const progressStatuses = {
  'op-schema': 'Op schema',
  afwijking: 'Afwijking',
  afgerond: 'Afgerond',
  'niet-van-toepassing': 'Niet van toepassing',
} as const;

/**
 * The trimester report of the procesafspraken: per prestatieafspraak a status, and an explanation
 * that is required when the progress deviates from the plan ("wordt de reden hiervan toegelicht").
 */
function progressForm(items: { ref: string; title: string }[]): FormSpec {
  const fields: FormField[] = [];
  const shape: Record<string, z.ZodType> = {};
  for (const item of items) {
    fields.push({ name: `status-${item.ref}`, label: `Afspraak ${item.ref}: ${item.title}`, type: 'radio', options: progressStatuses });
    fields.push({ name: `toelichting-${item.ref}`, label: `Toelichting bij afspraak ${item.ref}`, hint: 'Verplicht bij een afwijking: wat wijkt af, waarom, en wat gebeurt er nu?', type: 'textarea' });
    shape[`status-${item.ref}`] = z.enum(Object.keys(progressStatuses) as [string, ...string[]], { error: `Kies de voortgang van afspraak ${item.ref}.` });
    shape[`toelichting-${item.ref}`] = z
      .string()
      .trim()
      .max(5000, `De toelichting bij afspraak ${item.ref} is te lang: gebruik hoogstens 5.000 tekens.`)
      .refine((v) => !hasHiddenControl(v), hiddenControlMessage(`De toelichting bij afspraak ${item.ref}`))
      .optional();
  }
  const schema = z.object({ ...shape, naam, namens, formKey }).superRefine((value, ctx) => {
    for (const item of items) {
      const v = value as Record<string, string | undefined>;
      if (v[`status-${item.ref}`] === 'afwijking' && !v[`toelichting-${item.ref}`]) {
        ctx.addIssue({ code: 'custom', path: [`toelichting-${item.ref}`], message: `Licht de afwijking bij afspraak ${item.ref} toe.` });
      }
    }
  });
  return {
    kind: 'progress-report',
    intro: 'Geef per prestatieafspraak de voortgang. Wijkt de voortgang af van de planning, licht dan de reden toe.',
    submitLabel: 'Voortgang indienen',
    fields: [...fields, naamField, namensField],
    schema: schema as unknown as z.ZodObject,
  };
}

const specs: Record<DeliverableKind, FormSpec> = {
  advice,
  document: summaryForm('document', 'Document indienen', 'Waar gaat het document over? Minstens 10 tekens.', 'required'),
  'progress-report': summaryForm('progress-report', 'Voortgang indienen', 'De voortgang per prestatieafspraak; licht afwijkingen van de planning toe.'),
  notification,
  'sign-off': signOff,
  'meeting-agenda': summaryForm('meeting-agenda', 'Agenda indienen', 'De agendapunten. Minstens 10 tekens.', 'required'),
  'meeting-minutes': summaryForm('meeting-minutes', 'Notulen indienen', 'De besluiten en actiepunten. Minstens 10 tekens.', 'required'),
};

/** The form of a deliverable: by its kind, and for a progress report with its list of agreements. */
export function formSpec(kind: DeliverableKind, progressItems?: { ref: string; title: string }[]): FormSpec {
  if (kind === 'progress-report' && progressItems?.length) return progressForm(progressItems);
  return specs[kind];
}

export type FormValues = Record<string, string>;
export type FormErrors = Record<string, string>;

/** Validates a posted form; every wrong field gets one Dutch message that says what to do. */
export function validateForm(spec: FormSpec, input: FormValues): { ok: true; value: FormValues } | { ok: false; errors: FormErrors } {
  const parsed = spec.schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data as FormValues };
  const errors: FormErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'formKey');
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/** The names a form may post; anything else in the body is ignored. */
export function formFieldNames(spec: FormSpec): string[] {
  return [...spec.fields.map((f) => f.name), 'formKey'];
}
