import { z } from 'zod';

/** The bodies and answers of the administration API (`/api/beheer/…`), as docs/openapi.json documents them. */
export const coordinatorBody = z.strictObject({
  partyId: z.string({ error: 'partyId ontbreekt: de partij van het contact' }).regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'partyId is geen partij-id'),
  contactId: z.string({ error: 'contactId ontbreekt: het contact dat coördinator wordt' }).regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'contactId is geen contact-id'),
  aan: z.boolean({ error: 'aan moet true (coördinator) of false (niet meer) zijn' }).default(true),
});

export const cycleMoveBody = z.strictObject({
  /** The versions to move to, `<sjabloon>@<versie>`; absent: the versions in use for the year. */
  versies: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}@[1-9]\d{0,3}$/, 'een versie is <sjabloon>@<versie>, bv. leusden-omthuis-2026@2')).min(1).optional(),
  /** Without it (or false): what would change, nothing written. */
  uitvoeren: z.boolean().default(false),
});

export const openingDayBody = z.strictObject({ datum: z.string({ error: 'datum ontbreekt: dag-maand zoals 1-12, of uit' }) });

const versionView = z.object({ id: z.string(), version: z.number().int(), title: z.string(), validFrom: z.number().int(), validTo: z.number().int(), loadedAt: z.string(), loadedBy: z.string() });

export const tenantResponse = z.object({ tenantId: z.string(), name: z.string(), aangemaakt: z.boolean() });
export const contactImportResponse = z.object({ uitgevoerd: z.boolean(), wijzigingen: z.array(z.string()), ongewijzigd: z.number().int(), nietInBestand: z.array(z.string()) });
export const coordinatorResponse = z.object({ coordinatoren: z.array(z.object({ partyId: z.string(), contactId: z.string(), name: z.string() })) });
export const templateLoadResponse = z.object({
  uitgevoerd: z.boolean(),
  ongewijzigd: z.boolean(),
  samenvatting: z.array(z.string()),
  verschillen: z.array(z.string()),
  kalender: z.object({ jaar: z.number().int(), regels: z.array(z.string()) }),
  waarschuwingen: z.array(z.string()),
  versie: versionView.optional(),
});
export const templatesResponse = z.object({ versies: z.array(versionView), inGebruik: z.array(versionView) });
export const cycleMoveResponse = z.object({ uitgevoerd: z.boolean(), van: z.array(z.string()), naar: z.array(z.string()), wijzigingen: z.array(z.string()), gestart: z.array(z.string()) });
export const openingDayResponse = z.object({ tenantId: z.string(), opentOp: z.object({ month: z.number().int(), day: z.number().int() }).optional() });
