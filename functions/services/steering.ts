import { randomBytes } from 'node:crypto';
import type { Deps, Uses } from '../adapters/deps.js';
import type { InstanceRecords } from '../adapters/store/index.js';
import type { CoordinatorPrincipal } from '../coordinator/auth.js';
import { attachmentMessages, type Attachment } from '../core/attachment.js';
import { readUpload } from '../adapters/documents.js';
import { lateFrom } from '../core/deliverable.js';
import type { Contact, Submission } from '../core/model.js';
import { instantAt, isoDate, localDateOf, parseIsoDate } from '../core/time.js';
import { instanceIdParam, templateIdParam, type ContactInput, type ContactStateInput, type ExtendInput, type LinkActionInput, type ReceivedInput, type RecordDateInput } from '../http/api-schemas.js';
import { HttpProblem } from '../http/handler.js';
import { sendNewLink } from './link-renewal.js';
import { cycleTemplate } from './cycle-template.js';
import { recordDate, type FactKind } from './dates.js';
import { stopReminders } from './stop-reminders.js';
import { storeSubmission } from './submissions.js';
import { reminderState, restartReminders } from '../workflow/reconcile.js';

/**
 * What a coordinator can do to a cycle, in one place: the JSON API and the dashboard's forms both
 * call these, so a rule (a reason is required, a closed deliverable cannot be extended, every step
 * is audited) holds the same for both. Problems a coordinator can fix are HttpProblems in Dutch.
 */
export interface Steering {
  tenant: string;
  year: number;
  principal: CoordinatorPrincipal;
}

/** Audit entries about the cycle as a whole (a meeting date, a contact) hang under this pseudo-instance. */
export const CYCLE_AUDIT = '_cyclus';

/** Who did it, as it stands in the audit trail. */
export function actorOf(principal: CoordinatorPrincipal): string {
  return `coördinator ${principal.name ?? principal.subject}`;
}

const changedMeanwhile = () => new HttpProblem(409, 'Tegelijk gewijzigd', 'De levering is intussen gewijzigd. Laad de pagina opnieuw en probeer het nog eens.');

/**
 * The deliverable id of an address, checked before any store call (the dashboard and the API both
 * come here): one that cannot exist is the same 404 as one that does not, without echoing it.
 */
export function checkInstanceId(year: number, instanceId: string): string {
  if (!instanceIdParam.safeParse(instanceId).success) {
    throw new HttpProblem(404, 'Onbekende levering', `Er is in ${year} geen levering met dit kenmerk. Kies er een uit de lijst met leveringen.`);
  }
  return instanceId;
}

async function loadRecords(deps: Pick<Deps, 'store'>, s: Steering, instanceId: string): Promise<InstanceRecords> {
  checkInstanceId(s.year, instanceId);
  const records = await deps.store.cycles.loadInstance(s.tenant, s.year, instanceId);
  if (!records) throw new HttpProblem(404, 'Onbekende levering', `Er is in ${s.year} geen levering "${instanceId}".`);
  return records;
}

async function openRecords(deps: Pick<Deps, 'store'>, s: Steering, instanceId: string, what: string): Promise<InstanceRecords> {
  const records = await loadRecords(deps, s, instanceId);
  if (records.instance.status !== 'open') {
    throw new HttpProblem(409, 'Deze levering is al afgerond', `De status is "${records.instance.status}"; ${what} kan alleen bij een openstaande levering.`);
  }
  return records;
}

/** Moves the deadline later; the reminders restart at once for the new date (a new revision). */
export async function extendDeadline(deps: Uses<'store' | 'engine' | 'clock'>, s: Steering, instanceId: string, input: ExtendInput) {
  const { instance } = await openRecords(deps, s, instanceId, 'verlengen');
  const day = parseIsoDate(input.nieuweDatum); // an existing date: the schema checked it
  const before = instance.timing.state === 'dated' ? instance.timing.lastDay : undefined;
  if (before && input.nieuweDatum <= before) {
    throw new HttpProblem(400, 'Ongeldige datum', `Een verlenging ligt na de huidige laatste dag (${before}). Kies een latere datum.`);
  }
  const timing = { state: 'dated' as const, lastDay: input.nieuweDatum, lateFrom: lateFrom(day).toISOString() };
  const revision = await deps.store.cycles.setTiming(instance, timing);
  if (revision === undefined) throw changedMeanwhile();
  await deps.store.audit.append(s.tenant, s.year, {
    instanceId,
    at: deps.clock.now().toISOString(),
    actor: actorOf(s.principal),
    action: 'verlengd',
    detail: { van: before ?? 'geen', tot: timing.lastDay, reden: input.reden },
  });
  await deps.engine.startDeliverable({ tenantId: s.tenant, year: s.year, instanceId, generation: 0, revision });
  await stopReminders(deps, instance, 'verlengd');
  return { instanceId, lastDay: timing.lastDay, revision };
}

/** Restarts the reminders of an open deliverable whose execution stopped (what the reconciler does hourly), audited as the coordinator's. */
export async function resumeReminders(deps: Uses<'store' | 'engine' | 'clock'>, s: Steering, instanceId: string) {
  const records = await openRecords(deps, s, instanceId, 'hervatten');
  const state = await reminderState(deps, records);
  if (state.state !== 'stopped') throw new HttpProblem(409, 'De herinneringen lopen al', 'Er is niets te hervatten: de herinneringen van deze levering lopen, of er staat geen bericht meer uit.');
  await restartReminders(deps, records, state, actorOf(s.principal));
}

/** Waives the deliverable for this year; its execution is stopped once the waiver is stored. */
export async function waiveDeliverable(deps: Uses<'store' | 'engine' | 'clock'>, s: Steering, instanceId: string, reden: string) {
  const { instance } = await openRecords(deps, s, instanceId, 'vrijstellen');
  const entry = { instanceId, at: deps.clock.now().toISOString(), actor: actorOf(s.principal), action: 'vrijgesteld', detail: { reden } };
  if (!(await deps.store.cycles.waive(instance, entry))) throw changedMeanwhile();
  await stopReminders(deps, instance, 'vrijgesteld');
  return { instanceId, status: 'vrijgesteld' as const };
}

/** Sets or moves a meeting date, or records when an event happened; dependent deadlines follow. */
export async function recordCycleDate(deps: Uses<'store' | 'engine' | 'clock'>, s: Steering, kind: Exclude<FactKind, 'submittedOn'>, id: string, input: RecordDateInput) {
  const unknown = kind === 'meetingDates' ? 'Onbekende vergadering' : 'Onbekende gebeurtenis';
  if (!templateIdParam.safeParse(id).success) {
    throw new HttpProblem(404, unknown, `Het sjabloon kent geen ${kind === 'meetingDates' ? 'vergadering' : 'gebeurtenis'} met dit kenmerk. Kies er een uit het jaaroverzicht.`);
  }
  const cycle = await deps.store.cycles.get(s.tenant, s.year);
  const stored = cycle && (await cycleTemplate(deps.store, s.tenant, s.year, cycle));
  const known = kind === 'meetingDates' ? stored?.template.meetings.map((m) => m.id) : stored?.template.events.map((e) => e.id);
  if (!known?.includes(id)) throw new HttpProblem(404, unknown, `Het sjabloon kent "${id}" niet. Kies een van: ${(known ?? []).join(', ')}.`);
  if (!cycle) throw new HttpProblem(404, 'Geen cyclus gevonden', `Open eerst de cyclus ${s.year}.`);
  const before = cycle.facts[kind][id];
  const applied = await recordDate(deps, { tenantId: s.tenant, year: s.year, kind, id, date: input.date }, stored!.template);
  const at = deps.clock.now().toISOString();
  const detail = { [kind === 'meetingDates' ? 'vergadering' : 'gebeurtenis']: id, van: before ?? 'geen', tot: input.date, ...(input.reden ? { reden: input.reden } : {}) };
  const action = kind === 'meetingDates' ? (before ? 'vergaderdatum verplaatst' : 'vergaderdatum vastgelegd') : 'datum vastgelegd';
  await deps.store.audit.append(s.tenant, s.year, { instanceId: CYCLE_AUDIT, at, actor: actorOf(s.principal), action, detail });
  for (const instanceId of applied.started) {
    await deps.store.audit.append(s.tenant, s.year, { instanceId, at, actor: actorOf(s.principal), action: 'termijn volgt datum', detail });
  }
  return applied;
}

/**
 * A contact's links for a deliverable: send the live link again (`versturen`), revoke them
 * (`intrekken`), or revoke them and send a fresh one (`opnieuw-versturen`).
 */
export async function manageLinks(deps: Uses<'store' | 'mailer' | 'linkKeys' | 'clock', 'publicBaseUrl' | 'linkGraceDays'>, s: Steering, instanceId: string, input: LinkActionInput) {
  const records = await loadRecords(deps, s, instanceId);
  const contact = await deps.store.tenants.getContact(s.tenant, input.partyId, input.contactId);
  if (!contact) throw new HttpProblem(404, 'Onbekend contact', 'Kies een contact van deze gemeente.');
  // Only the responsible party submits (for a sign-off: this instance's signer); a link for anyone
  // else would let them submit in that party's name and stop its reminders. A party the deliverable
  // is for gets its read link instead, once there is something to read. Revoking stays open to
  // every contact, so a link handed out by mistake can still be withdrawn.
  const reads = records.instance.inform.includes(input.partyId) && input.partyId !== records.instance.responsible;
  if (input.actie !== 'intrekken' && input.partyId !== records.instance.responsible) {
    const { parties } = await deps.store.tenants.directory(s.tenant);
    const name = (partyId: string) => parties.find((p) => p.partyId === partyId)?.name ?? partyId;
    const owner = name(records.instance.responsible);
    if (reads && records.submissions.length === 0) {
      throw new HttpProblem(
        409,
        'Dit is de link van een andere partij',
        `„${records.instance.title}” wordt ingediend door ${owner}; alleen een contact van ${owner} krijgt hiervoor een link om in te dienen. ${name(input.partyId)} krijgt vanzelf een leeslink zodra het is ingediend.`,
      );
    }
    if (!reads) {
      throw new HttpProblem(
        409,
        'Dit is de link van een andere partij',
        `„${records.instance.title}” wordt ingediend door ${owner}; alleen een contact van ${owner} krijgt hiervoor een link. Kies een contact van ${owner}. Heeft ${name(input.partyId)} al een link voor deze levering, trek die dan in met de actie "intrekken".`,
      );
    }
  }
  const actor = actorOf(s.principal);
  const now = deps.clock.now();
  const live = records.links.filter((l) => l.partyId === input.partyId && l.contactId === input.contactId && !l.revokedAt);
  if (input.actie !== 'versturen') {
    for (const link of live) {
      await deps.store.links.revoke(s.tenant, s.year, instanceId, link.linkId, now);
      link.revokedAt = now.toISOString(); // as stored: a new link is made below, not this one reused
    }
    await deps.store.audit.append(s.tenant, s.year, {
      instanceId,
      at: now.toISOString(),
      actor,
      action: 'links ingetrokken',
      detail: { partyId: input.partyId, contactId: input.contactId, aantal: live.length, reden: input.reden },
    });
  }
  let sent = false;
  if (input.actie !== 'intrekken') {
    if (!contact.active) throw new HttpProblem(409, 'Contact niet actief', 'Activeer het contact eerst, of kies een ander contact.');
    if (records.instance.status === 'vrijgesteld') throw new HttpProblem(409, 'Levering vrijgesteld', 'Voor een vrijgestelde levering wordt geen link meer verstuurd.');
    sent = (await sendNewLink(deps, records, contact, { actor, why: input.reden, coordinator: true, purpose: reads ? 'read' : 'submit' })) === 'sent';
  }
  return { instanceId, partyId: input.partyId, contactId: input.contactId, ingetrokken: input.actie === 'versturen' ? 0 : live.length, nieuweLinkVerstuurd: sent };
}

/** Coordinator uploads for a deliverable live under their own prefix, apart from the parties' links. */
export function coordinatorUploadPrefix(s: Steering, instanceId: string): string {
  return `bijlagen/${s.tenant}/${s.year}/${instanceId}/beheer/`;
}

/** A fresh upload key prefix for one coordinator upload (computed, nothing stored). */
export function newCoordinatorUploadPrefix(s: Steering, instanceId: string): string {
  return `${coordinatorUploadPrefix(s, instanceId)}${randomBytes(9).toString('base64url')}/`;
}

/** The uploaded PDF, checked by content; a key outside the coordinator's prefix is never read. */
export async function loadCoordinatorUpload(deps: Pick<Deps, 'documents'>, s: Steering, instanceId: string, key: string): Promise<Attachment> {
  const read = await readUpload(deps.documents, coordinatorUploadPrefix(s, instanceId), key);
  if ('attachment' in read) return read.attachment;
  if (read.problem === 'elsewhere') throw new HttpProblem(400, 'Onbekend document', 'Dit bestand hoort niet bij deze levering. Upload het document opnieuw.');
  if (read.problem === 'missing') throw new HttpProblem(400, 'Document niet gevonden', 'Het bestand is niet gevonden. Upload het document opnieuw.');
  throw new HttpProblem(400, 'Ongeldig document', attachmentMessages[read.problem]);
}

/**
 * Records a deliverable that came in outside the system (on paper, by mail): a signed submission
 * version like any other, with the uploaded document, the day it came in, and who recorded it.
 */
export async function markReceived(deps: Uses<'store' | 'engine' | 'receiptSigner' | 'documents' | 'mailer' | 'linkKeys' | 'clock', 'publicBaseUrl'>, s: Steering, instanceId: string, input: ReceivedInput): Promise<Submission> {
  const records = await loadRecords(deps, s, instanceId);
  const { instance } = records;
  if (instance.status === 'vrijgesteld') throw new HttpProblem(409, 'Levering vrijgesteld', 'Een vrijgestelde levering kan niet meer als ontvangen worden vastgelegd.');
  const today = isoDate(localDateOf(deps.clock.now()));
  if (input.ontvangenOp > today) throw new HttpProblem(400, 'Ongeldige datum', `De ontvangstdatum ligt in de toekomst. Geef een datum tot en met ${today}.`);
  const attachment = await loadCoordinatorUpload(deps, s, instanceId, input.document);
  const result = await storeSubmission(deps, records, {
    by: { partyId: instance.responsible, contactId: 'buiten-systeem', linkId: 'buiten-systeem' },
    submittedAt: instantAt(parseIsoDate(input.ontvangenOp), '12:00'),
    fields: { wijze: 'buiten het systeem ontvangen', toelichting: input.toelichting, vastgelegdDoor: actorOf(s.principal), vastgelegdOp: deps.clock.now().toISOString() },
    attachment,
    formKey: `beheer-${attachment.sha256.slice(0, 32)}`,
  });
  if (result.outcome !== 'stored') {
    throw new HttpProblem(409, 'Al vastgelegd', 'Dit document is al vastgelegd, of er kwam tegelijk een andere versie binnen. Laad de pagina opnieuw.');
  }
  return result.submission;
}

/** Adds a contact to a party, or changes one; the change is audited with the year it was made in. */
export async function saveContact(deps: Uses<'store' | 'clock'>, s: Steering, input: ContactInput): Promise<Contact> {
  const { parties } = await deps.store.tenants.directory(s.tenant);
  if (!parties.some((p) => p.partyId === input.partyId)) throw new HttpProblem(404, 'Onbekende partij', 'Kies een partij van deze gemeente.');
  const existing = input.contactId ? await deps.store.tenants.getContact(s.tenant, input.partyId, input.contactId) : undefined;
  if (input.contactId && !existing) throw new HttpProblem(404, 'Onbekend contact', 'Dit contact bestaat niet (meer). Laad de pagina opnieuw.');
  const contact: Contact = {
    tenantId: s.tenant,
    partyId: input.partyId,
    contactId: existing?.contactId ?? randomBytes(6).toString('base64url').replace(/[^A-Za-z0-9]/g, 'x'),
    name: input.naam,
    email: input.email,
    active: existing?.active ?? true,
    coordinator: existing?.coordinator ?? false,
  };
  // A new address clears an earlier bounce: the next mail goes to the corrected address.
  await deps.store.tenants.putContact(existing && existing.email === contact.email ? { ...existing, ...contact } : contact);
  await contactAudit(deps, s, existing ? 'contact gewijzigd' : 'contact toegevoegd', contact, input.reden);
  return contact;
}

/** Deactivates a contact (no more mail, links cannot be reissued to them) or activates them again. */
export async function setContactActive(deps: Uses<'store' | 'clock'>, s: Steering, input: ContactStateInput): Promise<Contact> {
  const existing = await deps.store.tenants.getContact(s.tenant, input.partyId, input.contactId);
  if (!existing) throw new HttpProblem(404, 'Onbekend contact', 'Dit contact bestaat niet (meer). Laad de pagina opnieuw.');
  const active = input.actie === 'activeren';
  const contact = { ...existing, active };
  await deps.store.tenants.putContact(contact);
  await contactAudit(deps, s, active ? 'contact geactiveerd' : 'contact gedeactiveerd', contact, input.reden);
  return contact;
}

async function contactAudit(deps: Uses<'store' | 'clock'>, s: Steering, action: string, contact: Contact, reden?: string): Promise<void> {
  await deps.store.audit.append(s.tenant, s.year, {
    instanceId: CYCLE_AUDIT,
    at: deps.clock.now().toISOString(),
    actor: actorOf(s.principal),
    action,
    detail: { partyId: contact.partyId, contactId: contact.contactId, ...(reden ? { reden } : {}) },
  });
}
