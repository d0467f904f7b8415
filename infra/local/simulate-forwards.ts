import type { Contact, InstanceRecords } from '../../functions/core/model.js';
import { addDays, instantAt, localDateOf } from '../../functions/core/time.js';
import { liveLink, urlOfLink } from '../../functions/services/links.js';
import type { LocalCloud } from './cloud.js';
import { behaviourOf, confirmersOf, type Scenario } from './simulate-scenario.js';
import type { TimelineEntry } from './simulate.js';

/** A version's forward in the notice ledger: `doorsturen-v3` is version 3. */
const forwardSlot = /^doorsturen-v(\d+)$/;

/** A confirmation the scenario has a party make: which version, by whom, and when. */
export interface PlannedConfirmation {
  key: string;
  when: Date;
  instanceId: string;
  version: number;
  contact: Contact;
}

/** The confirmations the scenario asks for, of every version stored so far; `done` holds the keys already made. */
export function plannedConfirmations(scenario: Scenario, records: InstanceRecords[], contacts: Contact[], done: ReadonlySet<string>): PlannedConfirmation[] {
  const out: PlannedConfirmation[] = [];
  for (const r of records) {
    if (r.submissions.length === 0) continue;
    const confirmers = confirmersOf(behaviourOf(scenario, r.instance), r.instance);
    for (const s of r.submissions) {
      for (const c of confirmers) {
        const key = `${r.instance.instanceId} v${s.version} ${c.partyId}`;
        if (done.has(key)) continue;
        const contact = contacts.find((x) => x.partyId === c.partyId && x.active && (!c.contactId || x.contactId === c.contactId));
        if (!contact) continue;
        out.push({ key, when: instantAt(addDays(localDateOf(new Date(s.submittedAt)), c.afterDays), '11:00'), instanceId: r.instance.instanceId, version: s.version, contact });
      }
    }
  }
  return out;
}

/**
 * A recipient confirms receipt as a person does: opens the read link their forward mail carried
 * (the live read link record the forward made; none when nothing was forwarded to them) and presses
 * the button. Undefined when it was confirmed, otherwise why not.
 */
export async function confirmAsReader(cloud: LocalCloud, tenantId: string, year: number, c: PlannedConfirmation): Promise<string | undefined> {
  const records = await cloud.store.cycles.loadInstance(tenantId, year, c.instanceId);
  const link = records && liveLink(records.links, c.contact, 'read', cloud.deps.clock.now());
  if (!link) return 'geen leeslink: niets doorgestuurd';
  const url = await urlOfLink(cloud.deps, tenantId, year, 'read', link);
  const page = await fetch(url);
  const html = await page.text();
  if (page.status !== 200) return `leespagina gaf ${page.status}`;
  const action = /<form method="post" action="([^"]+)">\s*<input type="hidden" name="versie" value="(\d+)">/.exec(html);
  if (!action) return 'leespagina zonder bevestigknop';
  const res = await fetch(new URL(action[1]!.replaceAll('&amp;', '&'), url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ versie: String(c.version) }).toString(),
    redirect: 'manual',
  });
  return res.status === 303 ? undefined : `geweigerd (${res.status})`;
}

/** The timeline's lines of one instance's forwards (from the notice ledger) and confirmations (as stored). */
export function forwardLines(r: InstanceRecords, contacts: Contact[]): { forwards: TimelineEntry[]; confirmations: TimelineEntry[] } {
  const nameOf = (partyId: string, contactId: string) => contacts.find((c) => c.partyId === partyId && c.contactId === contactId)?.name ?? contactId;
  const instanceId = r.instance.instanceId;
  const forwards = r.notices.flatMap((n): TimelineEntry[] => {
    const version = forwardSlot.exec(n.slotId)?.[1];
    if (!version) return [];
    const state = n.state === 'sent' ? '' : n.state === 'refused' ? ': geweigerd' : `: ${n.state}`;
    return [{ at: n.sentAt ?? n.claimedAt, instanceId, party: n.partyId, what: 'doorgestuurd', detail: `versie ${version} aan ${nameOf(n.partyId, n.contactId)}${state}` }];
  });
  const confirmations = r.confirmations.map(
    (c): TimelineEntry => ({ at: c.at, instanceId, party: c.partyId, what: 'ontvangst bevestigd', detail: `versie ${c.version} door ${nameOf(c.partyId, c.contactId)}` }),
  );
  return { forwards, confirmations };
}

/** Whether a ledger slot is a forward (not a deadline notice). */
export const isForwardSlot = (slotId: string) => forwardSlot.test(slotId);
