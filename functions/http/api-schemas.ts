import { z } from 'zod';
import { hasHiddenControl, hiddenControlMessage } from '../core/forms.js';

/**
 * The request bodies of the coordinator API, in one place: the handlers validate with them, and
 * the OpenAPI document (docs/openapi.json) is generated from them.
 */

/** Every 4xx and 5xx answer of the API: what went wrong and what to do, in Dutch. */
export const problemSchema = z.object({ fout: z.string(), uitleg: z.string() });

const isoDay = (message: string) =>
  z
    .string({ error: message })
    .regex(/^\d{4}-\d{2}-\d{2}$/, message)
    .refine((d) => !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().startsWith(d), 'Die datum bestaat niet. Kies een bestaande datum.');

/** Free text a coordinator types: no character that could reverse or hide the page's own words. */
const shownText = <T extends z.ZodString>(schema: T, what: string) => schema.refine((v) => !hasHiddenControl(v), hiddenControlMessage(what));

const optionalReason = shownText(z.string().trim().max(1000, 'Houd de reden korter dan 1000 tekens.'), 'De reden')
  .optional()
  .transform((r) => (r ? r : undefined));

/**
 * The ids in an address (a deliverable, meeting, event), checked before any store call: a template
 * id is at most 60 characters of a-z, 0-9 and "-", an instance id joins two of them (a sign-off
 * signer, a period, a meeting). Anything else cannot exist, and an overlong one would exceed the
 * store's key size (a 500 instead of a 404).
 */
export const instanceIdParam = z.string().regex(/^[a-z0-9][a-z0-9-]{0,159}$/);
export const templateIdParam = z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/);

/** POST …/events/{id} and …/meetings/{id}. */
export const recordDateBody = z.object({
  reden: optionalReason,
  date: z
    .string({ error: 'Geef de datum op als "date", bijvoorbeeld {"date": "2027-04-12"}.' })
    .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/, 'De datum moet JJJJ-MM-DD zijn, of JJJJ-MM-DDTUU:MM voor een vergadering met tijd.')
    .refine((d) => !Number.isNaN(Date.parse(d.slice(0, 10))) && new Date(d.slice(0, 10)).toISOString().startsWith(d.slice(0, 10)), 'Die datum bestaat niet.'),
});

/** POST …/deliverables/{instance}/links. */
export const manageLinksBody = z.object({
  actie: z.enum(['versturen', 'intrekken', 'opnieuw-versturen'], { error: 'Kies als actie "versturen" (de link nog eens sturen), "intrekken" of "opnieuw-versturen" (intrekken en een nieuwe link sturen).' }),
  partyId: z.string({ error: 'Geef de partij (partyId).' }).regex(/^[a-z0-9-]{2,60}$/, 'Onbekende partij.'),
  contactId: z.string({ error: 'Geef het contact (contactId).' }).regex(/^[A-Za-z0-9_-]{1,80}$/, 'Onbekend contact.'),
  reden: shownText(z.string({ error: 'Geef een reden; die komt in het logboek.' }).trim().min(3, 'Geef een reden van minstens 3 tekens; die komt in het logboek.').max(500, 'Houd de reden korter dan 500 tekens.'), 'De reden'),
});

const reason = shownText(
  z
    .string({ error: 'Geef een reden; die komt in het logboek en in de verantwoording.' })
    .trim()
    .min(3, 'Geef een reden van minstens 3 tekens; die komt in het logboek en in de verantwoording.')
    .max(1000, 'Houd de reden korter dan 1000 tekens.'),
  'De reden',
);

/** POST …/deliverables/{instance}. */
export const steerDeliverableBody = z.discriminatedUnion(
  'actie',
  [
    z.object({
      actie: z.literal('verlengen'),
      nieuweDatum: isoDay('Geef de nieuwe laatste dag als JJJJ-MM-DD, bijvoorbeeld "2027-03-15".'),
      reden: reason,
    }),
    z.object({ actie: z.literal('vrijstellen'), reden: reason }),
  ],
  { error: 'Kies als actie "verlengen" of "vrijstellen".' },
);


/** POST …/deliverables/{instance}/ontvangen: came in outside the system, with the uploaded PDF. */
export const receivedBody = z.object({
  ontvangenOp: isoDay('Geef de dag van ontvangst als JJJJ-MM-DD, bijvoorbeeld "2027-02-20".'),
  toelichting: shownText(
    z
      .string({ error: 'Zeg hoe het binnenkwam (bijvoorbeeld "per post, brief van 18 februari").' })
      .trim()
      .min(3, 'Zeg in minstens 3 tekens hoe het binnenkwam (bijvoorbeeld "per post").')
      .max(1000, 'Houd de toelichting korter dan 1000 tekens.'),
    'De toelichting',
  ),
  document: z.string({ error: 'Upload eerst het document als PDF.' }).min(1, 'Upload eerst het document als PDF.').max(300),
});

const contactId = z.string({ error: 'Geef het contact (contactId).' }).regex(/^[A-Za-z0-9_-]{1,80}$/, 'Onbekend contact.');
const partyId = z.string({ error: 'Kies een partij.' }).regex(/^[a-z0-9-]{2,60}$/, 'Kies een partij van deze gemeente.');

/** POST …/contacts: a new contact (without contactId) or a change of name or address. */
export const contactBody = z.object({
  partyId,
  contactId: contactId.optional(),
  naam: shownText(z.string({ error: 'Vul de naam in.' }).trim().min(2, 'Vul de naam in (minstens 2 tekens).').max(120, 'Houd de naam korter dan 120 tekens.'), 'De naam'),
  email: z
    .string({ error: 'Vul het e-mailadres in.' })
    .trim()
    .toLowerCase()
    .pipe(z.email('Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.'))
    .refine((e) => e.length <= 254, 'Dit e-mailadres is te lang.'),
  reden: optionalReason,
});

/** POST …/contacts/{party}/{contact}: deactivate or activate again. */
export const contactStateBody = z.object({
  partyId,
  contactId,
  actie: z.enum(['deactiveren', 'activeren'], { error: 'Kies als actie "deactiveren" of "activeren".' }),
  reden: optionalReason,
});

export type RecordDateInput = z.infer<typeof recordDateBody>;
export type LinkActionInput = z.infer<typeof manageLinksBody>;
export type ExtendInput = Extract<z.infer<typeof steerDeliverableBody>, { actie: 'verlengen' }>;
export type ReceivedInput = z.infer<typeof receivedBody>;
export type ContactInput = z.infer<typeof contactBody>;
export type ContactStateInput = z.infer<typeof contactStateBody>;

// --- responses: what the API answers (the OpenAPI document is generated from these, and tests check answers against them)

const isoInstant = z.string().describe('ISO 8601, UTC');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('JJJJ-MM-DD, Amsterdamse kalenderdag');
const shownStatus = z.enum(['gepland', 'open', 'binnenkort', 'te-laat', 'ingediend', 'te-laat-ingediend', 'vrijgesteld']);
const noticeSchema = z.object({ slotId: z.string(), partyId: z.string(), contactId: z.string(), state: z.enum(['sending', 'sent', 'merged', 'refused']), sentAt: isoInstant.nullable() });

export const timingSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('dated'), lastDay: isoDate, lateFrom: isoInstant, shiftedFrom: isoDate.optional() }),
  z.object({ state: z.literal('waiting'), waitingFor: z.object({ kind: z.enum(['event', 'meeting', 'deliverable']), id: z.string(), title: z.string() }) }),
  z.object({ state: z.literal('open-item'), window: z.object({ from: isoDate, to: isoDate }), note: z.string() }),
]);

/** GET …/cycles/{year}. */
export const cycleStatusResponse = z.object({
  tenantId: z.string(),
  year: z.number().int(),
  generatedAt: isoInstant,
  deliverables: z.array(
    z.object({
      instanceId: z.string(),
      deliverableId: z.string(),
      title: z.string(),
      kind: z.enum(['advice', 'document', 'progress-report', 'sign-off', 'notification', 'meeting-agenda', 'meeting-minutes']),
      clauses: z.array(z.object({ agreement: z.string(), clause: z.string() })),
      responsibleParty: z.string(),
      timing: timingSchema,
      lastDay: isoDate.nullable(),
      dueText: z.string().nullable(),
      status: shownStatus,
      statusLabel: z.string(),
      period: z.object({ id: z.string(), label: z.string(), from: isoDate, to: isoDate }).optional(),
      meeting: z.object({ id: z.string(), title: z.string(), date: z.string().optional(), window: z.object({ from: isoDate, to: isoDate }) }).optional(),
      signOff: z.object({ group: z.string(), signer: z.string(), signers: z.array(z.string()) }).optional(),
      reminders: z.array(
        z.object({
          slotId: z.string(),
          kind: z.enum(['reminder', 'due-today', 'overdue']),
          plannedAt: isoInstant,
          sent: z.array(noticeSchema.omit({ slotId: true })),
        }),
      ),
      notices: z.array(noticeSchema).describe('Elk verstuurd bericht, ook die van een eerdere termijn (voor een verlenging).'),
      submissions: z.array(
        z.object({
          version: z.number().int().min(1),
          submittedAt: isoInstant,
          late: z.boolean(),
          partyId: z.string(),
          contactId: z.string(),
          fields: z.record(z.string(), z.string()),
          contentSha256: z.string(),
          signatureKeyId: z.string(),
        }),
      ),
    }),
  ),
});

export const openCycleResponse = z.object({ tenantId: z.string(), year: z.number().int(), started: z.boolean(), uitleg: z.string() });
export const recordDateResponse = z.object({ tenantId: z.string(), year: z.number().int(), meeting: z.string().optional(), event: z.string().optional(), date: z.string(), started: z.array(z.string()) });
export const manageLinksResponse = z.object({ instanceId: z.string(), partyId: z.string(), contactId: z.string(), ingetrokken: z.number().int(), nieuweLinkVerstuurd: z.boolean() });
export const steerDeliverableResponse = z.union([
  z.object({ instanceId: z.string(), lastDay: isoDate, revision: z.number().int() }),
  z.object({ instanceId: z.string(), status: z.literal('vrijgesteld') }),
]);
export const receiptKeysResponse = z.object({ keys: z.array(z.object({ keyId: z.string(), algorithm: z.literal('ECDSA_SHA_256'), publicKeyPem: z.string() })) });
