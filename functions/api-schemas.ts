import { z } from 'zod';

/**
 * The request bodies of the coordinator API, in one place: the handlers validate with them, and
 * the OpenAPI document (docs/openapi.json) is generated from them.
 */

/** Every 4xx and 5xx answer of the API: what went wrong and what to do, in Dutch. */
export const problemSchema = z.object({ fout: z.string(), uitleg: z.string() });

/** POST …/events/{id} and …/meetings/{id}. */
export const recordDateBody = z.object({
  date: z
    .string({ error: 'Geef de datum op als "date", bijvoorbeeld {"date": "2027-04-12"}.' })
    .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/, 'De datum moet JJJJ-MM-DD zijn, of JJJJ-MM-DDTUU:MM voor een vergadering met tijd.')
    .refine((d) => !Number.isNaN(Date.parse(d.slice(0, 10))) && new Date(d.slice(0, 10)).toISOString().startsWith(d.slice(0, 10)), 'Die datum bestaat niet.'),
});

/** POST …/deliverables/{instance}/links. */
export const manageLinksBody = z.object({
  actie: z.enum(['intrekken', 'opnieuw-versturen'], { error: 'Kies als actie "intrekken" of "opnieuw-versturen".' }),
  partyId: z.string({ error: 'Geef de partij (partyId).' }).regex(/^[a-z0-9-]{2,60}$/, 'Onbekende partij.'),
  contactId: z.string({ error: 'Geef het contact (contactId).' }).regex(/^[A-Za-z0-9_-]{1,80}$/, 'Onbekend contact.'),
  reden: z.string({ error: 'Geef een reden; die komt in het logboek.' }).trim().min(3, 'Geef een reden van minstens 3 tekens; die komt in het logboek.').max(500),
});

const reason = z
  .string({ error: 'Geef een reden; die komt in het logboek en in de verantwoording.' })
  .trim()
  .min(3, 'Geef een reden van minstens 3 tekens; die komt in het logboek en in de verantwoording.')
  .max(1000);

/** POST …/deliverables/{instance}. */
export const steerDeliverableBody = z.discriminatedUnion(
  'actie',
  [
    z.object({
      actie: z.literal('verlengen'),
      nieuweDatum: z
        .string({ error: 'Geef de nieuwe laatste dag als nieuweDatum, bijvoorbeeld "2027-03-15".' })
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'De nieuwe datum moet JJJJ-MM-DD zijn, bijvoorbeeld "2027-03-15".'),
      reden: reason,
    }),
    z.object({ actie: z.literal('vrijstellen'), reden: reason }),
  ],
  { error: 'Kies als actie "verlengen" of "vrijstellen".' },
);

