import { z } from 'zod';
import type { Store } from '../adapters/store/index.js';
import type { ContactRow } from '../core/contacts-csv.js';
import { dutchError } from '../core/dutch-issues.js';
import type { Contact, Party, Tenant } from '../core/model.js';

/**
 * The administration of a tenant without a developer: create it, import its parties and contacts,
 * name its coordinators, load its template. The same operations for `npm run beheer` (local or
 * AWS) and, later, the admin routes: every input checked first, every refusal an AdminError in
 * Dutch, and nothing written when something is wrong.
 */
export class AdminError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'AdminError';
  }
}

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'moet bestaan uit kleine letters, cijfers en streepjes (hoogstens 60), bv. amersfoort');
const isZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('nl-NL', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
};
/** A sender name goes into a mail header: no line breaks, quotes or angle brackets. */
const headerSafe = /^[^\r\n"<>]*$/;

export const tenantInput = z.strictObject({
  tenantId: id,
  name: z.string().trim().min(3, 'moet minstens 3 tekens hebben').max(120, 'mag hoogstens 120 tekens hebben'),
  senderName: z.string().trim().min(3, 'moet minstens 3 tekens hebben').max(100, 'mag hoogstens 100 tekens hebben').regex(headerSafe, 'mag geen regeleinden, " of <> bevatten').optional(),
  replyTo: z.email('is geen geldig e-mailadres').optional(),
  timeZone: z.string().refine(isZone, 'is geen tijdzone zoals Europe/Amsterdam').optional(),
});

const fieldNames: Record<string, string> = { tenantId: '--id', name: '--naam', senderName: '--afzender', replyTo: '--antwoordadres', timeZone: '--tijdzone' };

/** "1-12": the first of December, the day next year's cycle opens by itself. */
export const openingDay = z
  .string()
  .regex(/^(\d{1,2})-(\d{1,2})$/, 'moet dag-maand zijn, bv. 1-12 voor 1 december')
  .transform((text) => {
    const [day, month] = text.split('-').map(Number) as [number, number];
    return { month, day };
  })
  .refine(({ month, day }) => month >= 1 && month <= 12 && day >= 1 && day <= 28, 'moet een dag 1-28 van een maand 1-12 zijn (dag-maand), bv. 1-12');

/**
 * Sets the day each year on which the tenant's next cycle opens by itself (from the templates in
 * use for that year), or with `uit` none: the coordinator opens it on the dashboard.
 */
export async function setOpeningDay(store: Store, tenantId: string, input: string): Promise<Tenant> {
  const { tenant } = await existingTenant(store, tenantId);
  const next: Tenant = { ...tenant! };
  if (input === 'uit') delete next.opensNextYearOn;
  else {
    const parsed = openingDay.safeParse(input);
    if (!parsed.success) throw new AdminError([`--datum: ${parsed.error.issues[0]!.message}, of uit`]);
    next.opensNextYearOn = parsed.data;
  }
  await store.tenants.putTenant(next);
  return next;
}

/** Creates a tenant; an existing id is refused unless it is exactly what was asked (then nothing changes). */
export async function createTenant(store: Store, input: unknown): Promise<{ tenant: Tenant; created: boolean }> {
  const parsed = tenantInput.safeParse(input, { error: dutchError });
  if (!parsed.success) throw new AdminError(parsed.error.issues.map((i) => `${fieldNames[String(i.path[0])] ?? i.path.join('.')}: ${i.message}`));
  const tenant: Tenant = parsed.data;
  if (await store.tenants.createTenant(tenant)) return { tenant, created: true };
  const existing = (await store.tenants.getTenant(tenant.tenantId))!;
  const differs = (Object.keys(fieldNames) as (keyof Tenant)[]).filter((k) => existing[k] !== tenant[k]);
  if (differs.length) {
    throw new AdminError([
      `gemeente ${tenant.tenantId} bestaat al, met andere gegevens (${differs.map((k) => `${fieldNames[k]}: nu "${existing[k] ?? ''}"`).join(', ')})`,
    ]);
  }
  return { tenant: existing, created: false };
}

export async function existingTenant(store: Store, tenantId: string) {
  const directory = await store.tenants.directory(tenantId);
  if (!directory.tenant) throw new AdminError([`gemeente ${tenantId} bestaat niet; maak die eerst aan met: tenant aanmaken --id ${tenantId} --naam "Gemeente …"`]);
  return directory;
}

export interface ImportPlan {
  tenantId: string;
  /** One Dutch line per change, in the order of the file. */
  changes: string[];
  unchanged: number;
  /** Stored contacts the file does not name: left as they are. */
  notInFile: string[];
  parties: Party[];
  contacts: Contact[];
}

const who = (c: { partyId: string; contactId: string }) => `${c.partyId}/${c.contactId}`;
const yesNo = (b: boolean) => (b ? 'ja' : 'nee');

/**
 * What importing `rows` would change in the tenant's directory: new parties and contacts, changed
 * names, e-mail addresses, roles and flags. Refused whole when a new party lacks its name or role,
 * or when the coordinators would end up in more than one party.
 */
export async function planContactImport(store: Store, tenantId: string, rows: ContactRow[]): Promise<ImportPlan> {
  const directory = await existingTenant(store, tenantId);
  const coordinatorParty = await coordinatorPartyOf(store, tenantId);
  const problems: string[] = [];
  const changes: string[] = [];
  const parties: Party[] = [];
  const contacts: Contact[] = [];
  let unchanged = 0;

  for (const row of rows) {
    if (rows.find((r) => r.partyId === row.partyId) !== row) continue; // each party once, at its first row
    const same = rows.filter((r) => r.partyId === row.partyId);
    const name = same.find((r) => r.partyName)?.partyName;
    const role = same.find((r) => r.role)?.role;
    const old = directory.parties.find((p) => p.partyId === row.partyId);
    if (!old) {
      if (!name || !role) {
        problems.push(`regel ${row.line}: partij ${row.partyId} is nieuw; vul ${[!name && 'partijnaam', !role && 'rol'].filter(Boolean).join(' en ')} in`);
        continue;
      }
      parties.push({ tenantId, partyId: row.partyId, name, role });
      changes.push(`nieuwe partij        ${row.partyId}: ${name} (${role})`);
      continue;
    }
    const next: Party = { ...old, ...(name ? { name } : {}), ...(role ? { role } : {}) };
    const diffs = [next.name !== old.name && `naam "${old.name}" → "${next.name}"`, next.role !== old.role && `rol ${old.role} → ${next.role}`].filter(Boolean);
    if (diffs.length) {
      parties.push(next);
      changes.push(`partij gewijzigd     ${row.partyId}: ${diffs.join(', ')}`);
    }
  }

  for (const row of rows) {
    const old = directory.contacts.find((c) => c.partyId === row.partyId && c.contactId === row.contactId);
    const next: Contact = {
      ...(old ?? { tenantId, partyId: row.partyId, contactId: row.contactId, coordinator: false, active: true }),
      name: row.name,
      email: row.email,
      ...(row.coordinator !== undefined ? { coordinator: row.coordinator } : {}),
      ...(row.active !== undefined ? { active: row.active } : {}),
    };
    if (old && old.email !== next.email) delete next.bounce; // a new address has not bounced
    if (!old) {
      contacts.push(next);
      changes.push(`nieuw contact        ${who(next)}: ${next.name} <${next.email}>${next.coordinator ? ', coördinator' : ''}${next.active ? '' : ', niet actief'}`);
      continue;
    }
    const diffs = [
      old.name !== next.name && `naam "${old.name}" → "${next.name}"`,
      old.email !== next.email && `e-mail ${old.email} → ${next.email}`,
      old.coordinator !== next.coordinator && `coördinator ${yesNo(old.coordinator)} → ${yesNo(next.coordinator)}`,
    ].filter(Boolean);
    if (old.active && !next.active) changes.push(`gedeactiveerd        ${who(next)}${diffs.length ? `; ${diffs.join(', ')}` : ''}`);
    else if (!old.active && next.active) changes.push(`weer actief          ${who(next)}${diffs.length ? `; ${diffs.join(', ')}` : ''}`);
    else if (diffs.length) changes.push(`contact gewijzigd    ${who(next)}: ${diffs.join(', ')}`);
    else {
      unchanged++;
      continue;
    }
    contacts.push(next);
  }

  const after = [...directory.contacts.filter((c) => !contacts.some((n) => who(n) === who(c))), ...contacts];
  const coordinatorProblem = coordinatorParties(after, coordinatorParty);
  if (coordinatorProblem) problems.push(coordinatorProblem);
  if (problems.length) throw new AdminError(problems);
  const notInFile = directory.contacts.filter((c) => !rows.some((r) => r.partyId === c.partyId && r.contactId === c.contactId)).map(who);
  return { tenantId, changes, unchanged, notInFile, parties, contacts };
}

/** Writes what the plan found; nothing when nothing changes. */
export async function applyContactImport(store: Store, plan: ImportPlan): Promise<void> {
  if (plan.parties.length || plan.contacts.length) await store.tenants.putDirectory(plan.parties, plan.contacts);
}

/**
 * The one coordinator party: every active coordinator in it, and in the template's
 * `coordinatorParty` when a template is stored. Several coordinators in that party are allowed.
 */
function coordinatorParties(contacts: Contact[], template: { id: string; coordinatorParty: string } | undefined): string | undefined {
  const coordinators = contacts.filter((c) => c.coordinator && c.active);
  const parties = [...new Set(coordinators.map((c) => c.partyId))];
  if (template && parties.some((p) => p !== template.coordinatorParty)) {
    return `coördinatoren horen bij partij ${template.coordinatorParty} (coordinatorParty van sjabloon ${template.id}), niet bij ${parties.filter((p) => p !== template.coordinatorParty).join(', ')}`;
  }
  if (parties.length > 1) return `coördinatoren horen bij één partij; nu zouden ze bij ${parties.join(' en ')} horen`;
  return undefined;
}

/** The coordinating party of the templates in use (they share it: see composeTemplates). */
async function coordinatorPartyOf(store: Store, tenantId: string): Promise<{ id: string; coordinatorParty: string } | undefined> {
  const [first] = await store.templates.inUse(tenantId);
  const stored = first && (await store.templates.version(tenantId, first));
  return stored ? { id: stored.template.id, coordinatorParty: stored.template.coordinatorParty } : undefined;
}

/** Makes a contact coordinator (or, with `on: false`, no longer); returns every active coordinator afterwards. */
export async function setCoordinator(store: Store, tenantId: string, partyId: string, contactId: string, on = true): Promise<Contact[]> {
  const directory = await existingTenant(store, tenantId);
  const contact = directory.contacts.find((c) => c.partyId === partyId && c.contactId === contactId);
  if (!contact) {
    const known = directory.contacts.filter((c) => c.partyId === partyId).map((c) => c.contactId);
    throw new AdminError([`contact ${partyId}/${contactId} bestaat niet bij gemeente ${tenantId}${known.length ? `; bij ${partyId} staan ${known.join(', ')}` : ''}`]);
  }
  if (on && !contact.active) throw new AdminError([`contact ${partyId}/${contactId} is niet actief; zet het eerst op actief (contacten importeren, kolom actief: ja)`]);
  const next = { ...contact, coordinator: on };
  const after = directory.contacts.map((c) => (c === contact ? next : c));
  const problem = coordinatorParties(after, await coordinatorPartyOf(store, tenantId));
  if (problem) throw new AdminError([problem]);
  if (contact.coordinator !== on) await store.tenants.putContact(next);
  return after.filter((c) => c.coordinator && c.active);
}
