import { logger } from '../adapters/logger.js';
import { formFieldNames, formSpec, validateForm, type FormValues } from '../core/forms.js';
import type { Submission } from '../core/model.js';
import { dutchDateTime } from '../core/time.js';
import { formBody, HttpProblem, htmlResponse, redirect, type HttpEvent, type HttpResult } from '../http/handler.js';
import { partyLink } from '../services/links.js';
import { storeSubmission } from '../services/submissions.js';
import { receiptMail } from '../views/emails.js';
import { confirmationPage, submissionFormPage } from '../views/link-pages.js';
import { formContext, receiptUrl, type LinkContext, type LinkPageDeps } from './link-context.js';
import { loadAttachment, newFormKey, uploadView } from './link-uploads.js';

/**
 * POST /l/{token}: the party's form. `stap=wijzigen` shows it again, `stap=controle` shows the
 * summary to check (WCAG 3.3.4); only the confirmation stores a version and mails the receipt.
 */
export async function submitForm(deps: LinkPageDeps, ctx: LinkContext, event: HttpEvent): Promise<HttpResult> {
  const params = formBody(event, {
    wrongType: 'Verstuur het formulier vanaf de pagina zelf, met de knop onderaan.',
    tooLarge: { title: 'Uw inzending is te groot', text: 'Maak het advies korter (hoogstens 20.000 tekens) en verstuur het opnieuw.' },
  });
  const spec = formSpec(ctx.records.instance.kind, ctx.records.instance.progressItems);
  const values: FormValues = {};
  for (const field of formFieldNames(spec)) {
    const value = params.get(field);
    if (value !== null) values[field] = value;
  }
  const step = params.get('stap');
  const bijlage = params.get('bijlage') || undefined;
  const keptKey = /^[A-Za-z0-9_-]{16,64}$/.test(values.formKey ?? '') ? values.formKey! : newFormKey();
  // The uploaded PDF, read once: shown again with the form, or stored.
  const loaded = spec.attachment && bijlage ? await loadAttachment(deps, ctx, bijlage) : undefined;
  const reshow = async (errors: FormValues, shownUpload = loaded) =>
    htmlResponse(submissionFormPage(formContext(ctx, await uploadView(deps, ctx, shownUpload)), values, errors, keptKey));
  if (step === 'wijzigen') return reshow({});
  const checked = validateForm(spec, values);
  const attachment = loaded && 'attachment' in loaded ? loaded.attachment : undefined;
  const missing = !loaded && spec.attachment === 'required' ? { error: 'Upload eerst het document als PDF.' } : undefined;
  if (!checked.ok || missing || (loaded && 'error' in loaded)) {
    const result = await reshow(checked.ok ? {} : checked.errors, missing ?? loaded);
    return { ...result, statusCode: 422 };
  }
  if (step === 'controle') {
    return htmlResponse(confirmationPage(formContext(ctx), { ...checked.value, ...(bijlage ? { bijlage } : {}) }, attachment));
  }
  const { formKey, ...fields } = checked.value;
  const result = await storeSubmission(deps, ctx.records, {
    by: { partyId: ctx.link.partyId, contactId: ctx.link.contactId, linkId: ctx.link.linkId },
    submittedAt: deps.clock.now(),
    fields,
    attachment,
    formKey: formKey!,
    refuseLate: true,
    directory: ctx.directory,
  });
  if (result.outcome === 'duplicate') return redirect(receiptUrl(deps, ctx, result.version));
  if (result.outcome === 'late-refused') {
    throw new HttpProblem(
      409,
      'De termijn is verstreken',
      'Deze levering kan na de termijn niet meer via de link worden ingediend. Neem contact op met de coördinator van de prestatieafspraken.',
    );
  }
  if (result.outcome === 'raced') {
    throw new HttpProblem(
      409,
      'Er is tegelijk een andere versie ingediend',
      'Uw inzending is niet opgeslagen. Open de link opnieuw, controleer de laatste versie en dien zo nodig opnieuw in.',
    );
  }
  await mailReceipt(deps, ctx, result.submission);
  return redirect(receiptUrl(deps, ctx, result.submission.version));
}

async function mailReceipt(deps: Pick<LinkPageDeps, 'mailer' | 'linkKeys' | 'config'>, ctx: LinkContext, s: Submission): Promise<void> {
  try {
    await deps.mailer.send({
      recipient: { tenantId: s.tenantId, partyId: ctx.contact.partyId, contactId: ctx.contact.contactId },
      ...receiptMail({
        to: ctx.contact.email,
        contactName: ctx.contact.name,
        deliverableTitle: ctx.records.instance.title,
        partyName: ctx.party?.name ?? s.partyId,
        submittedAtText: dutchDateTime(new Date(s.submittedAt)),
        late: s.late,
        version: s.version,
        contentSha256: s.receipt.contentSha256,
        signature: s.receipt.signature,
        keyId: s.receipt.keyId,
        partyLink: await partyLink(deps, s.tenantId, s.year, ctx.contact),
      }),
    });
  } catch (error) {
    // The submission is stored and its receipt page shown; a lost receipt mail must not undo that.
    logger.error('receipt mail failed', { code: 'RECEIPT_MAIL_FAILED', instanceId: s.instanceId, errorName: (error as Error).name });
  }
}
