import { readFileSync } from 'node:fs';
import type { Store } from '../../functions/adapters/store/index.js';
import { cycleExecutionName } from '../../functions/adapters/engine.js';
import type { Contact } from '../../functions/core/model.js';
import { checkTemplate } from '../../functions/core/template-file.js';
import type { MaterialiseResult } from '../../functions/workflow/materialise.js';
import type { LocalEngine } from './engine.js';

export const templatesDir = new URL('../../workflows/cycles/', import.meta.url);

/** Leusden's contacts, one per party; example.org addresses, never real people. */
export const leusdenContacts: Omit<Contact, 'tenantId'>[] = [
  { partyId: 'gemeente-leusden', contactId: 'coordinator', name: 'Coördinator prestatieafspraken', email: 'coordinator.wonen@example.org', coordinator: true, active: true },
  { partyId: 'wsl', contactId: 'bestuurder', name: 'Bestuurder WSL', email: 'bestuurder.wsl@example.org', coordinator: false, active: true },
  { partyId: 'omthuis', contactId: 'bestuurder', name: 'Bestuurder Omthuis', email: 'bestuurder.omthuis@example.org', coordinator: false, active: true },
  { partyId: 'de-alliantie', contactId: 'regiomanager', name: 'Regiomanager de Alliantie', email: 'regio.alliantie@example.org', coordinator: false, active: true },
  { partyId: 'hlve', contactId: 'secretaris', name: 'Secretaris HLVE', email: 'secretaris.hlve@example.org', coordinator: false, active: true },
];

/** Reads and validates a template file; a bad one stops with every problem listed. */
export function readTemplate(file: string | URL) {
  const yaml = readFileSync(file, 'utf8');
  const checked = checkTemplate(yaml);
  if (!checked.ok) throw new Error(`${String(file)}: ${checked.problems.join('; ')}`);
  return { template: checked.template, yaml };
}

/**
 * Seeds a tenant: its templates (each a version in use, in this order), their parties, and a
 * contact for each party (Leusden's, or a generated example.org one for other parties).
 */
export async function seedTenant(store: Store, tenantId: string, name: string, templateFiles: string | URL | (string | URL)[]): Promise<void> {
  const read = (Array.isArray(templateFiles) ? templateFiles : [templateFiles]).map(readTemplate);
  await store.tenants.putTenant({ tenantId, name });
  for (const { template, yaml } of read) {
    await store.templates.load(tenantId, { ...template, tenant: tenantId }, yaml, { at: new Date(0).toISOString(), actor: 'seed' });
  }
  const template = read[0]!.template;
  const parties = read.flatMap((r) => r.template.parties).filter((p, i, all) => all.findIndex((q) => q.id === p.id) === i);
  for (const party of parties) {
    await store.tenants.putParty({ tenantId, partyId: party.id, name: party.name, role: party.role });
    const known = leusdenContacts.find((c) => c.partyId === party.id);
    const contact = known ?? {
      partyId: party.id,
      contactId: 'contact',
      name: `Contactpersoon ${party.name}`,
      email: `${party.id}@example.org`,
      coordinator: party.id === template.coordinatorParty,
      active: true,
    };
    await store.tenants.putContact({ ...contact, tenantId });
  }
}

/** Opens a cycle through the opening workflow and waits for it, as the coordinator's button does. */
export async function openCycleLocally(engine: LocalEngine, tenantId: string, year: number): Promise<MaterialiseResult> {
  await engine.startCycle({ tenantId, year });
  const record = await engine.ended(cycleExecutionName({ tenantId, year }));
  if (record.status !== 'SUCCEEDED') throw new Error(`opening ${tenantId} ${year} ${record.status}: ${record.error ?? ''}`);
  return (record.output as { opened: MaterialiseResult }).opened;
}
