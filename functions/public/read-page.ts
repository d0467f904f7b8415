import { publicUrl } from '../adapters/app-config.js';
import { formSpec } from '../core/forms.js';
import { clauseText } from '../core/instance.js';
import type { Submission } from '../core/model.js';
import { receiptDocument, verifyReceipt, type PublishedKey } from '../core/receipt.js';
import { dutchDateTime } from '../core/time.js';
import { formBody, HttpProblem, htmlResponse, redirect, type HttpEvent, type HttpResult } from '../http/handler.js';
import { confirmReceipt } from '../services/confirmations.js';
import { readPage, type ReadVersionView } from '../views/read-pages.js';
import type { LinkPageDeps } from './link-context.js';
import { submittedFields } from './link-receipt.js';
import type { ReadContext } from './read-context.js';

/** The receipt's signature, checked against the published key it names. */
function signatureOf(s: Submission, keys: PublishedKey[]): ReadVersionView['signature'] {
  const key = keys.find((k) => k.keyId === s.receipt.keyId);
  if (!key) return 'onbekende-sleutel';
  return verifyReceipt(receiptDocument(s).content, s.receipt, key.publicKeyPem) ? 'geldig' : 'ongeldig';
}

/** GET /lezen/{token}: every version of the deliverable, newest first, each with its receipt checked. Changes nothing. */
export async function showRead(deps: LinkPageDeps, ctx: ReadContext, event: HttpEvent): Promise<HttpResult> {
  const { instance, submissions, confirmations } = ctx.records;
  const spec = formSpec(instance.kind, instance.progressItems);
  const keys = await deps.receiptSigner.publicKeys();
  const partyName = (id: string) => ctx.parties.find((p) => p.partyId === id)?.name ?? id;
  const versions = [...submissions]
    .sort((a, b) => b.version - a.version)
    .map((s): ReadVersionView => {
      const mine = confirmations.find((c) => c.version === s.version && c.partyId === ctx.contact.partyId && c.contactId === ctx.contact.contactId);
      return {
        version: s.version,
        submittedAtText: dutchDateTime(new Date(s.submittedAt)),
        late: s.late,
        submitterName: s.fields.naam ?? '',
        onBehalfOf: s.fields.namens ?? partyName(s.partyId),
        fields: submittedFields(spec, s),
        ...(s.attachment ? { attachment: { ...s.attachment, downloadUrl: `/lezen/${ctx.token}/document/${s.version}` } } : {}),
        receipt: s.receipt,
        signature: signatureOf(s, keys),
        ...(mine ? { confirmedText: dutchDateTime(new Date(mine.at)) } : {}),
      };
    });
  const confirmed = Number(event.queryStringParameters?.bevestigd);
  return htmlResponse(
    readPage({
      deliverableTitle: instance.title,
      clauseText: clauseText(instance),
      fromParty: partyName(instance.responsible),
      readerName: ctx.contact.name,
      readerParty: partyName(ctx.contact.partyId),
      action: `/lezen/${ctx.token}`,
      keysUrl: publicUrl(deps.config, '/ontvangstbewijs/sleutels'),
      versions,
      ...(Number.isInteger(confirmed) && confirmed > 0 ? { justConfirmed: confirmed } : {}),
    }),
  );
}

/** POST /lezen/{token}: the reader confirms a version reached them; once, then the page says so. */
export async function confirmRead(deps: LinkPageDeps, ctx: ReadContext, event: HttpEvent): Promise<HttpResult> {
  const version = Number(formBody(event, { wrongType: 'Bevestig met de knop op de pagina.' }).get('versie'));
  const outcome = Number.isInteger(version) ? await confirmReceipt(deps, ctx.records, ctx.contact, version) : 'no-such-version';
  if (outcome === 'no-such-version') {
    throw new HttpProblem(400, 'Deze versie bestaat niet', 'Open de link uit de e-mail opnieuw en bevestig met de knop bij de nieuwste versie.');
  }
  return redirect(`/lezen/${ctx.token}?bevestigd=${version}`);
}

/** GET /lezen/{token}/document/{version}: the version's PDF, through a short-lived presigned download. */
export async function downloadDocument(deps: LinkPageDeps, ctx: ReadContext, versionText: string): Promise<HttpResult> {
  const s = ctx.records.submissions.find((x) => String(x.version) === versionText);
  if (!s?.attachment) throw new HttpProblem(404, 'Dit document bestaat niet', 'Open de link uit de e-mail opnieuw en kies het document bij de versie die u zoekt.');
  return redirect(await deps.documents.presignDownload(s.attachment.key, s.attachment.fileName));
}
