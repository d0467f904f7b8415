import type { Uses } from '../adapters/deps.js';
import { formSpec, type FormSpec } from '../core/forms.js';
import type { Submission } from '../core/model.js';
import { receiptDocument } from '../core/receipt.js';
import { dutchDateTime } from '../core/time.js';
import { fileResponse, HttpProblem, htmlResponse, type HttpResult } from '../http/handler.js';
import { receiptPage } from '../views/link-pages.js';
import { receiptUrl, type LinkContext } from './link-context.js';

/** A version's fields with their labels (name and on-behalf-of are shown apart), as the person filled them in. */
export function submittedFields(spec: FormSpec, s: Pick<Submission, 'fields'>): { label: string; value: string }[] {
  return spec.fields
    .filter((f) => f.name !== 'naam' && f.name !== 'namens' && s.fields[f.name])
    .map((f) => ({ label: f.type === 'checkbox' ? 'Ondertekend' : f.label, value: f.options?.[s.fields[f.name]!] ?? s.fields[f.name]! }));
}

/** GET /l/{token}/ontvangstbewijs/{n}: a version of this party's submission as a page, or (`?formaat=json`) as a file that verifies offline. */
export function showReceipt(deps: Uses<never, 'publicBaseUrl'>, ctx: LinkContext, versionText: string, format: string | undefined): HttpResult {
  const version = Number(versionText);
  const s = ctx.records.submissions.find((x) => x.version === version && x.partyId === ctx.link.partyId);
  if (!Number.isInteger(version) || !s) {
    throw new HttpProblem(404, 'Dit ontvangstbewijs bestaat niet', 'Open de link uit de e-mail opnieuw om de laatste versie te zien.');
  }
  if (format === 'json') {
    const file = `ontvangstbewijs-${s.instanceId}-v${s.version}.json`;
    return fileResponse('application/json; charset=utf-8', 'attachment', file, JSON.stringify(receiptDocument(s), null, 2));
  }
  const spec = formSpec(ctx.records.instance.kind, ctx.records.instance.progressItems);
  return htmlResponse(
    receiptPage({
      deliverableTitle: ctx.records.instance.title,
      partyName: ctx.party?.name ?? s.partyId,
      submittedAtText: dutchDateTime(new Date(s.submittedAt)),
      late: s.late,
      version: s.version,
      submitterName: s.fields.naam ?? '',
      onBehalfOf: s.fields.namens ?? '',
      fields: submittedFields(spec, s),
      receipt: s.receipt,
      jsonUrl: `${receiptUrl(deps, ctx, s.version)}?formaat=json`,
      attachment: s.attachment,
    }),
  );
}
