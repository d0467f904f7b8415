import { z } from 'zod';
import type { Deps } from '../adapters/deps.js';
import { HttpProblem, htmlResponse, type HttpResult } from '../http/handler.js';
import { AdminError, setCoordinator } from '../services/administration.js';
import { cycleTemplate } from '../services/cycle-template.js';
import { actorOf, CYCLE_AUDIT, type Steering } from '../services/steering.js';
import { partiesPage } from '../views/dashboard/parties.js';
import type { Opened, PageOptions } from './dashboard-request.js';

/**
 * Partijen en contacten, with who coordinates: the contacts of the coordinating party (the
 * template's `coordinatorParty`) can be made coordinator, or no longer, by the same rule as
 * `npm run beheer -- coordinator` (services/administration.ts), audited under the cycle.
 */
export async function parties(deps: Deps, { ctx, cycle, directory }: Opened, page: PageOptions): Promise<HttpResult> {
  const stored = await cycleTemplate(deps.store, ctx.tenant, ctx.year, cycle);
  const coordinatorParty = stored?.template.coordinatorParty;
  return htmlResponse({ status: page.status ?? 200, html: partiesPage(ctx, directory.parties, directory.contacts, { ...page, ...(coordinatorParty ? { coordinatorParty } : {}) }) });
}

const contactRef = z.object({
  partyId: z.string({ error: 'Kies een contact.' }).regex(/^[a-z0-9-]{2,60}$/, 'Kies een contact van deze gemeente.'),
  contactId: z.string({ error: 'Kies een contact.' }).regex(/^[A-Za-z0-9_-]{1,80}$/, 'Kies een contact van deze gemeente.'),
});

/** Makes a contact coordinator (`on`) or no longer; a refusal (another party, an inactive contact) is the form's problem, in Dutch. */
export async function changeCoordinator(deps: Pick<Deps, 'store' | 'clock'>, s: Steering, values: Record<string, string>, on: boolean): Promise<void> {
  const parsed = contactRef.safeParse(values);
  if (!parsed.success) throw new HttpProblem(400, 'Onbekend contact', 'Kies een contact met een van de knoppen op de pagina.');
  const { partyId, contactId } = parsed.data;
  const before = await deps.store.tenants.getContact(s.tenant, partyId, contactId);
  if (!before) throw new HttpProblem(404, 'Onbekend contact', 'Dit contact bestaat niet (meer). Laad de pagina opnieuw.');
  try {
    await setCoordinator(deps.store, s.tenant, partyId, contactId, on);
  } catch (error) {
    if (!(error instanceof AdminError)) throw error;
    // The service speaks to `npm run beheer`; here the way to activate a contact is the button beside it.
    const reasons = error.problems.map((p) => `${p.charAt(0).toUpperCase()}${p.slice(1).replace(' (contacten importeren, kolom actief: ja)', ' met de knop Weer activeren')}.`).join(' ');
    throw new HttpProblem(409, on ? 'Niet tot coördinator gemaakt' : 'Coördinator niet afgezet', reasons);
  }
  if (before.coordinator === on) return;
  await deps.store.audit.append(s.tenant, s.year, {
    instanceId: CYCLE_AUDIT,
    at: deps.clock.now().toISOString(),
    actor: actorOf(s.principal),
    action: on ? 'coördinator ingesteld' : 'coördinator afgezet',
    detail: { partyId, contactId },
  });
}
