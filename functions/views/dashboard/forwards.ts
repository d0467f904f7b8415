import type { Contact, NoticeClaim } from '../../core/model.js';
import { dutchMonths, localDateOf } from '../../core/time.js';
import { html, type SafeHtml } from '../html.js';
import { moment, scrollRegion } from './layout.js';

/**
 * What became of one submitted version: its forward to each recipient (the notice ledger's claims
 * of the version's slot), the first confirmation of receipt per party, and the parties the version
 * is for that have not confirmed it yet.
 */
export interface VersionReceipts {
  version: number;
  /** The ledger slot of the version's forward. */
  slotId: string;
  forwards: NoticeClaim[];
  confirmed: { partyId: string; contactId: string; at: string }[];
  /** Party ids from the deliverable's `inform` (the responsible party left out) without a confirmation. */
  unconfirmed: string[];
}

/** The ledger's word for how a notice ended. */
export const noticeResult: Record<string, string> = { sent: 'verstuurd', merged: 'samengenomen met een later bericht', refused: 'geweigerd door de mailserver', sending: 'wordt verstuurd' };

/** A sent notice whose address bounced (or drew a complaint) afterwards. */
export function bounced(contacts: Contact[], n: { partyId: string; contactId: string; sentAt?: string }) {
  const c = contacts.find((x) => x.partyId === n.partyId && x.contactId === n.contactId);
  return Boolean(c?.bounce && n.sentAt && c.bounce.at >= n.sentAt);
}

/** "3 maart 2027": the day an instant falls on in Amsterdam. */
function dateOf(iso: string): string {
  const d = localDateOf(new Date(iso));
  return `${d.day} ${dutchMonths[d.month - 1]} ${d.year}`;
}

/** "A", "A en B", "A, B en C". */
const listText = (names: string[]) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} en ${names.at(-1)}` : (names[0] ?? ''));

/**
 * "ontvangen door Omthuis op 3 maart 2027; HLVE nog niet bevestigd" (with `contactName`, the contact
 * who confirmed follows the date); empty when the version was for no other party.
 */
export function receiptLine(r: VersionReceipts, partyNames: Record<string, string>, contactName?: (partyId: string, contactId: string) => string): string {
  const party = (id: string) => partyNames[id] ?? id;
  const parts = r.confirmed.map((c) => `ontvangen door ${party(c.partyId)} op ${dateOf(c.at)}${contactName ? ` (${contactName(c.partyId, c.contactId)})` : ''}`);
  if (r.unconfirmed.length) parts.push(`${listText(r.unconfirmed.map(party))} nog niet bevestigd`);
  return parts.join('; ');
}

/** How a recipient's forward stands: when it was sent, or why not (yet). */
function forwardState(contacts: Contact[], n: NoticeClaim): SafeHtml | string {
  if (n.state === 'sent') return bounced(contacts, n) ? html`${moment(n.sentAt)}, <span class="huis-gebounced">adres gaf een foutmelding</span>` : moment(n.sentAt);
  return n.state === 'sending' ? 'wordt nog verstuurd' : (noticeResult[n.state] ?? n.state);
}

/** Per version of a deliverable's page: to whom it was forwarded, and who confirmed receipt. */
export function forwardsSection(receipts: VersionReceipts[], contacts: Contact[], partyNames: Record<string, string>): SafeHtml {
  const contactName = (partyId: string, contactId: string) => contacts.find((c) => c.partyId === partyId && c.contactId === contactId)?.name ?? contactId;
  return html`${receipts.map((r) => {
    const line = receiptLine(r, partyNames, contactName);
    const forParties = r.confirmed.length + r.unconfirmed.length > 0;
    return html`<h3>Versie ${r.version}: doorgestuurd en ontvangen</h3>
${r.forwards.length
    ? scrollRegion(`Versie ${r.version} doorgestuurd`, html`<table><caption>Versie ${r.version} doorgestuurd aan</caption><thead><tr><th scope="col">Partij</th><th scope="col">Contact</th><th scope="col">Verstuurd</th></tr></thead><tbody>
${r.forwards.map((n) => html`<tr><td>${partyNames[n.partyId] ?? n.partyId}</td><td>${contactName(n.partyId, n.contactId)}</td><td>${forwardState(contacts, n)}</td></tr>`)}
</tbody></table>`)
    : html`<p>${forParties ? 'Nog niet doorgestuurd.' : 'Niet doorgestuurd: deze levering is voor geen andere partij bestemd.'}</p>`}
${line ? html`<p>Ontvangst: ${line}.</p>` : ''}`;
  })}`;
}
