import { z } from 'zod';
import { deliverableDefinitionSchema, type DeliverableDefinition } from './deliverable.js';

/**
 * HLVE's advice on the yearly rent adjustment. Leusden agreement 48: the adjustment is agreed
 * "voor 1 maart" (exclusive: the last day is the end of February); WSL asks the advice before the
 * year starts, so the advice itself is what must be in before 1 March.
 */
export const huuradvies: DeliverableDefinition = deliverableDefinitionSchema.parse({
  id: 'huuradvies',
  title: 'Huuradvies over de jaarlijkse huursomaanpassing',
  description:
    'Advies van de huurdersorganisatie over de maximale huursomaanpassing en de verdeling ervan over de huurders.',
  clauses: [
    {
      agreement: 'prestatieafspraken-leusden-2020-2022',
      clause: '48',
      quote: 'huuraanpassing (voor 1 maart) overeengekomen',
    },
  ],
  kind: 'advice',
  responsibleParty: 'hlve',
  informParties: ['wsl', 'gemeente-leusden'],
  due: { rule: 'fixed', month: 3, day: 1, inclusive: false },
  reminders: {},
});

export const standpunten = {
  positief: 'Positief',
  'positief-met-kanttekeningen': 'Positief met kanttekeningen',
  negatief: 'Negatief',
} as const;

/** The advice form. Messages are Dutch and say what to do. */
export const adviceFormSchema = z.object({
  standpunt: z.enum(Object.keys(standpunten) as [keyof typeof standpunten, ...(keyof typeof standpunten)[]], {
    error: 'Kies een standpunt: positief, positief met kanttekeningen of negatief.',
  }),
  advies: z
    .string({ error: 'Vul het advies in.' })
    .trim()
    .min(20, 'Het advies is te kort: schrijf minstens 20 tekens.')
    .max(20000, 'Het advies is te lang: gebruik hoogstens 20.000 tekens, of voeg later een document toe.'),
  naam: z
    .string({ error: 'Vul uw naam in.' })
    .trim()
    .min(2, 'Vul uw naam in (minstens 2 tekens).')
    .max(200, 'Uw naam is te lang: gebruik hoogstens 200 tekens.'),
  namens: z
    .string({ error: 'Vul in namens welke organisatie u indient.' })
    .trim()
    .min(2, 'Vul in namens welke organisatie u indient.')
    .max(200, 'De naam van de organisatie is te lang: gebruik hoogstens 200 tekens.'),
  formKey: z
    .string({ error: 'Het formulier is onvolledig. Open de link uit de e-mail opnieuw.' })
    .regex(/^[A-Za-z0-9_-]{16,64}$/, 'Het formulier is onvolledig. Open de link uit de e-mail opnieuw.'),
});

export type AdviceForm = z.infer<typeof adviceFormSchema>;
export type AdviceFormErrors = Partial<Record<keyof AdviceForm, string>>;

export function validateAdviceForm(
  input: Record<string, string>,
): { ok: true; value: AdviceForm } | { ok: false; errors: AdviceFormErrors } {
  const parsed = adviceFormSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: AdviceFormErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as keyof AdviceForm;
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}
