import type { Deps } from '../adapters/deps.js';
import { dueText, undatedText } from '../core/instance.js';
import { verifyLinkToken } from '../core/link-token.js';
import { shownStatus, statusLabel, type Contact, type InstanceRecords, type Party } from '../core/model.js';
import { dutchDate, dutchDateTime, localDateOf } from '../core/time.js';
import { instanceIdParam } from '../http/api-schemas.js';
import { HttpProblem, htmlResponse, redirect, type HttpResult } from '../http/handler.js';
import { CALENDAR_INSTANCE, liveLink, PARTY_INSTANCE, PARTY_LINK_ID, personalLink, urlOfLink } from '../services/links.js';
import { linkProblemPage, type LinkProblem } from '../views/link-pages.js';
import { partyPage, type OwedView, type ReceivedView, type SubmittedView } from '../views/party-page.js';
import type { LinkPageDeps } from './link-context.js';

interface PartyContext {
  token: string;
  tenantId: string;
  year: number;
  contact: Contact;
  parties: Party[];
}

/** A party-page token, verified and checked against the directory: the contact must still be an active contact of the party. */
async function resolvePartyLink(deps: Pick<Deps, 'store' | 'linkKeys' | 'clock'>, token: string): Promise<{ ok: true; ctx: PartyContext } | { ok: false; problem: LinkProblem }> {
  const check = await verifyLinkToken(token, deps.linkKeys, deps.clock.now());
  if (!check.ok) return { ok: false, problem: check.problem };
  const c = check.claims;
  if (c.purpose !== 'party' || c.instance !== PARTY_INSTANCE || c.link !== PARTY_LINK_ID) return { ok: false, problem: 'not-found' };
  const { parties, contacts } = await deps.store.tenants.directory(c.tenant);
  const contact = contacts.find((x) => x.partyId === c.party && x.contactId === c.contact);
  if (!contact || !contact.active) return { ok: false, problem: 'not-found' };
  return { ok: true, ctx: { token, tenantId: c.tenant, year: c.cycle, contact, parties } };
}

/** A route that needs a genuine party link; any other gets the page that says what is wrong with it. */
export const withPartyLink = (deps: LinkPageDeps, handle: (ctx: PartyContext, token: string, instanceId?: string) => Promise<HttpResult>) =>
  async (event: { pathParameters?: Record<string, string | undefined> }) => {
    const token = event.pathParameters?.token ?? '';
    const resolved = await resolvePartyLink(deps, token);
    if (!resolved.ok) return htmlResponse(linkProblemPage(resolved.problem));
    return handle(resolved.ctx, token, event.pathParameters?.instance);
  };

const sortKey = (r: InstanceRecords) => (r.instance.timing.state === 'dated' ? r.instance.timing.lastDay : r.instance.timing.state === 'open-item' ? r.instance.timing.window.from : '9');

/**
 * GET /partij/{token}: "Mijn prestatieafspraken". One query of the cycle and one of the directory;
 * links are signed from the records that exist (a GET writes nothing). The party sees only what it
 * owes and what the template says it receives.
 */
export async function showPartyPage(deps: LinkPageDeps, ctx: PartyContext): Promise<HttpResult> {
  const { tenantId, year, contact } = ctx;
  const now = deps.clock.now();
  const party = contact.partyId;
  const partyName = (id: string) => ctx.parties.find((p) => p.partyId === id)?.name ?? id;
  const { records, yearLinks } = await deps.store.cycles.loadYear(tenantId, year);
  const sorted = [...records].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  const own = sorted.filter((r) => r.instance.responsible === party);
  // Each live submission link signed once (a MAC, a KMS call in AWS): the form and the receipts share it.
  const submitUrls = await Promise.all(
    own.map(async (r) => {
      const live = liveLink(r.links, contact, 'submit', now);
      return live ? urlOfLink(deps, tenantId, year, 'submit', live) : undefined;
    }),
  );
  const owed = own.map((r, i): OwedView => {
    const { instance } = r;
    const submitUrl = submitUrls[i];
    const closed = instance.status === 'vrijgesteld';
    return {
      title: instance.title,
      status: statusLabel[shownStatus(instance, now)],
      whenText: instance.timing.state === 'dated' ? `uiterlijk ${dueText(instance)}` : undatedText(instance.timing),
      ...(closed ? {} : submitUrl ? { submitUrl } : { requestAction: `/partij/${ctx.token}/indienen/${encodeURIComponent(instance.instanceId)}` }),
    };
  });
  const submitted = own.flatMap((r, i) =>
    r.submissions.map((s): SubmittedView => {
      const receiptUrl = submitUrls[i] && `${submitUrls[i]}/ontvangstbewijs/${s.version}`;
      return { title: r.instance.title, version: s.version, submittedAtText: dutchDateTime(new Date(s.submittedAt)), late: s.late, sha256: s.receipt.contentSha256, ...(receiptUrl ? { receiptUrl } : {}) };
    }),
  );
  const received = await Promise.all(
    sorted
      .filter((r) => r.instance.inform.includes(party) && r.instance.responsible !== party && r.submissions.length > 0)
      .map(async (r): Promise<ReceivedView> => {
        const latest = r.submissions.reduce((a, b) => (b.version > a.version ? b : a));
        const read = liveLink(r.links, contact, 'read', now);
        const confirmation = r.confirmations.find((c) => c.version === latest.version && c.partyId === party);
        const by = confirmation && (confirmation.contactId === contact.contactId ? 'u' : 'uw organisatie');
        return {
          title: r.instance.title,
          fromParty: partyName(r.instance.responsible),
          version: latest.version,
          submittedAtText: dutchDateTime(new Date(latest.submittedAt)),
          ...(read ? { readUrl: await urlOfLink(deps, tenantId, year, 'read', read) } : {}),
          ...(confirmation ? { confirmedText: `ontvangst bevestigd door ${by} op ${dutchDate(localDateOf(new Date(confirmation.at)))}` } : {}),
        };
      }),
  );
  // Calendar link records carry no purpose of their own (they live under the calendar's pseudo-instance).
  const calendar = liveLink(yearLinks.filter((l) => l.instanceId === CALENDAR_INSTANCE), contact, 'submit', now);
  return htmlResponse(
    partyPage({
      partyName: partyName(party),
      contactName: contact.name,
      year,
      owed,
      submitted,
      received,
      ...(calendar ? { calendarUrl: await urlOfLink(deps, tenantId, year, 'calendar', calendar) } : {}),
    }),
  );
}

/** POST /partij/{token}/indienen/{instance}: the contact's submission link for something its party owes, made if needed, and opened. */
export async function openSubmission(deps: LinkPageDeps, ctx: PartyContext, instanceId: string | undefined): Promise<HttpResult> {
  const records = instanceId && instanceIdParam.safeParse(instanceId).success ? await deps.store.cycles.loadInstance(ctx.tenantId, ctx.year, instanceId) : undefined;
  if (!records || records.instance.responsible !== ctx.contact.partyId) {
    throw new HttpProblem(404, 'Deze levering is onbekend', 'Ga terug naar uw pagina „Mijn prestatieafspraken” en kies de levering daar.');
  }
  if (records.instance.status === 'vrijgesteld') throw new HttpProblem(409, 'Deze levering is vrijgesteld', 'De coördinator heeft deze levering voor dit jaar vrijgesteld. U hoeft niets meer in te dienen.');
  return redirect((await personalLink(deps, records, ctx.contact)).url);
}
