import type { Store } from '../../functions/adapters/store.js';
import type { Contact, Party, Tenant } from '../../functions/core/model.js';

/** Leusden as the agreements name it; contacts are example.org addresses, never real people. */
export const leusden = {
  tenant: { tenantId: 'leusden', name: 'Gemeente Leusden' } satisfies Tenant,
  parties: [
    { tenantId: 'leusden', partyId: 'gemeente-leusden', name: 'Gemeente Leusden', role: 'gemeente' },
    { tenantId: 'leusden', partyId: 'wsl', name: 'Woningstichting Leusden (WSL)', role: 'corporatie' },
    { tenantId: 'leusden', partyId: 'de-alliantie', name: 'Stichting de Alliantie', role: 'corporatie' },
    { tenantId: 'leusden', partyId: 'hlve', name: 'Huurders Leusden Voor Elkaar (HLVE)', role: 'huurdersorganisatie' },
  ] satisfies Party[],
  contacts: [
    { partyId: 'gemeente-leusden', contactId: 'coordinator', name: 'Coördinator prestatieafspraken', email: 'coordinator.wonen@example.org', coordinator: true },
    { partyId: 'wsl', contactId: 'bestuurder', name: 'Bestuurder WSL', email: 'bestuurder.wsl@example.org', coordinator: false },
    { partyId: 'de-alliantie', contactId: 'regiomanager', name: 'Regiomanager de Alliantie', email: 'regio.alliantie@example.org', coordinator: false },
    { partyId: 'hlve', contactId: 'secretaris', name: 'Secretaris HLVE', email: 'secretaris.hlve@example.org', coordinator: false },
  ].map((c) => ({ ...c, tenantId: 'leusden', active: true })) satisfies Contact[],
};

export async function seedLeusden(store: Store): Promise<void> {
  await store.putTenant(leusden.tenant);
  for (const party of leusden.parties) await store.putParty(party);
  for (const contact of leusden.contacts) await store.putContact(contact);
}
