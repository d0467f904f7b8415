import { publicUrl } from '../adapters/app-config.js';
import type { Uses } from '../adapters/deps.js';
import { formSpec } from '../core/forms.js';
import { clauseText, dueText } from '../core/instance.js';
import { verifyLinkToken } from '../core/link-token.js';
import type { Directory } from '../adapters/store/tenants.js';
import type { Contact, InstanceRecords, LinkRecord, Party } from '../core/model.js';
import { answeredDocument } from '../services/answered.js';
import { purposeOf } from '../services/links.js';
import type { FormContext, LinkProblem, UploadView } from '../views/link-pages.js';

/** What the link page uses: everything a party's submission touches, and the site's addresses. */
export type LinkPageDeps = Uses<'store' | 'documents' | 'mailer' | 'engine' | 'linkKeys' | 'receiptSigner' | 'clock', 'publicBaseUrl' | 'linkGraceDays' | 'uploadOrigin'>;

/** What a genuine, live link opens: its instance, link record, contact and party. */
export interface LinkContext {
  token: string;
  records: InstanceRecords;
  link: LinkRecord;
  contact: Contact;
  party: Party | undefined;
  /** For a sign-off: who of all signers has signed. */
  signatures?: { party: string; signed: boolean }[];
  /** The document this deliverable answers, with the contact's read link to it. */
  answers?: { title: string; readLink: string };
  /** The tenant's parties and contacts, read to check the link (a submission forwards with them). */
  directory: Directory;
}

export type ResolvedLink = { ok: true; ctx: LinkContext } | { ok: false; problem: LinkProblem; renewable?: boolean };

/**
 * A submission link's token, verified (constant time, expiry) and checked against what is stored:
 * the link record must exist for this party and contact, be unrevoked, belong to the responsible
 * party, and the deliverable not waived.
 */
export async function resolveLink(deps: Uses<'store' | 'linkKeys' | 'clock', 'publicBaseUrl'>, token: string): Promise<ResolvedLink> {
  const check = await verifyLinkToken(token, deps.linkKeys, deps.clock.now());
  if (!check.ok) return { ok: false, problem: check.problem, renewable: check.problem === 'expired' && check.claims?.purpose === 'submit' };
  const c = check.claims;
  // A calendar link only opens the calendar feed; it never submits anything.
  if (c.purpose !== 'submit') return { ok: false, problem: 'not-found' };
  const records = await deps.store.cycles.loadInstance(c.tenant, c.cycle, c.instance);
  const link = records?.links.find((l) => l.linkId === c.link);
  if (!records || !link || purposeOf(link) !== 'submit' || link.partyId !== c.party || link.contactId !== c.contact) {
    return { ok: false, problem: 'not-found' };
  }
  if (link.revokedAt) return { ok: false, problem: 'revoked' };
  // Only the responsible party (for a sign-off, this instance's signer) submits; a link issued to
  // anyone else by mistake must not submit in that party's name, however it was made.
  if (link.partyId !== records.instance.responsible) return { ok: false, problem: 'other-party' };
  if (records.instance.status === 'vrijgesteld') return { ok: false, problem: 'waived' };
  const directory = await deps.store.tenants.directory(c.tenant);
  const { parties, contacts } = directory;
  const contact = contacts.find((x) => x.partyId === c.party && x.contactId === c.contact);
  if (!contact || !contact.active) return { ok: false, problem: 'not-found' };
  const signOff = records.instance.signOff;
  const signatures = signOff
    ? await Promise.all(
        signOff.signers.map(async (signer) => {
          const sibling = await deps.store.cycles.loadInstance(c.tenant, c.cycle, `${signOff.group}-${signer}`);
          const status = sibling?.instance.status;
          return { party: parties.find((p) => p.partyId === signer)?.name ?? signer, signed: status === 'ingediend' || status === 'te-laat-ingediend' };
        }),
      )
    : undefined;
  const answers = await answeredDocument(deps, records, contact);
  return { ok: true, ctx: { token, records, link, contact, party: parties.find((p) => p.partyId === c.party), signatures, ...(answers ? { answers } : {}), directory } };
}

/** What the form page shows of the deliverable and the link. */
export function formContext(ctx: LinkContext, upload?: UploadView): FormContext {
  const { instance } = ctx.records;
  return {
    deliverableTitle: instance.title,
    clauseText: clauseText(instance),
    dueText: dueText(instance),
    spec: formSpec(instance.kind, instance.progressItems),
    partyName: ctx.party?.name ?? ctx.link.partyId,
    contactName: ctx.contact.name,
    action: `/l/${ctx.token}`,
    previousVersions: instance.submissionCount,
    signatures: ctx.signatures,
    ...(ctx.answers ? { answers: ctx.answers } : {}),
    upload,
  };
}

export function receiptUrl(deps: Uses<never, 'publicBaseUrl'>, ctx: LinkContext, version: number): string {
  return publicUrl(deps.config, `/l/${ctx.token}/ontvangstbewijs/${version}`);
}
