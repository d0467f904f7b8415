import { randomBytes } from 'node:crypto';
import { publicUrl, type Deps } from '../adapters/deps.js';
import { logger } from '../adapters/logger.js';
import { ConflictError, type InstanceRecords } from '../adapters/store.js';
import { formFieldNames, formSpec, validateForm, type FormValues } from '../core/forms.js';
import { clauseText, dueText, lateFromOf } from '../core/instance.js';
import { verifyLinkToken } from '../core/link-token.js';
import type { Contact, LinkRecord, Party, Submission } from '../core/model.js';
import { receiptDocument, signReceipt } from '../core/receipt.js';
import { dutchDateTime, isoDate, localDateOf } from '../core/time.js';
import { attachmentMessages, type Attachment } from '../core/attachment.js';
import { readUpload } from '../adapters/documents.js';
import { recordDate } from '../services/dates.js';
import { renewFromExpired } from '../services/link-renewal.js';
import {
  fileResponse,
  formBody,
  htmlResponse,
  HttpProblem,
  httpHandler,
  redirect,
  type HttpEvent,
  type HttpResult,
} from '../http/handler.js';
import { receiptMail } from '../views/emails.js';
import {
  confirmationPage,
  expiredLinkPage,
  messagePage,
  submissionFormPage,
  linkProblemPage,
  receiptPage,
  type FormContext,
  type LinkProblem,
  type UploadView,
} from '../views/link-pages.js';

interface LinkContext {
  token: string;
  records: InstanceRecords;
  link: LinkRecord;
  contact: Contact;
  party: Party | undefined;
  /** For a sign-off: who of all signers has signed. */
  signatures?: { party: string; signed: boolean }[];
}

type Resolved = { ok: true; ctx: LinkContext } | { ok: false; problem: LinkProblem; renewable?: boolean };

/**
 * The public pages behind a signed link. GET and HEAD only show (mail scanners open every link
 * first); only the POST of the form changes anything.
 */
/** An uploaded PDF as read for a page: the attachment, or what to tell the party. */
type Loaded = { attachment: Attachment } | { error: string };

export function createLinkPageHandler(deps: Deps) {
  async function resolve(token: string): Promise<Resolved> {
    const check = await verifyLinkToken(token, deps.linkKeys, deps.clock.now());
    if (!check.ok) return { ok: false, problem: check.problem, renewable: check.problem === 'expired' && check.claims?.purpose === 'submit' };
    const c = check.claims;
    // A calendar link only opens the calendar feed; it never submits anything.
    if (c.purpose !== 'submit') return { ok: false, problem: 'not-found' };
    const records = await deps.store.loadInstance(c.tenant, c.cycle, c.instance);
    const link = records?.links.find((l) => l.linkId === c.link);
    if (!records || !link || link.partyId !== c.party || link.contactId !== c.contact) {
      return { ok: false, problem: 'not-found' };
    }
    if (link.revokedAt) return { ok: false, problem: 'revoked' };
    if (records.instance.status === 'vrijgesteld') return { ok: false, problem: 'waived' };
    const { parties, contacts } = await deps.store.directory(c.tenant);
    const contact = contacts.find((x) => x.partyId === c.party && x.contactId === c.contact);
    if (!contact || !contact.active) return { ok: false, problem: 'not-found' };
    const signOff = records.instance.signOff;
    const signatures = signOff
      ? await Promise.all(
          signOff.signers.map(async (signer) => {
            const sibling = await deps.store.loadInstance(c.tenant, c.cycle, `${signOff.group}-${signer}`);
            const status = sibling?.instance.status;
            return { party: parties.find((p) => p.partyId === signer)?.name ?? signer, signed: status === 'ingediend' || status === 'te-laat-ingediend' };
          }),
        )
      : undefined;
    return { ok: true, ctx: { token, records, link, contact, party: parties.find((p) => p.partyId === c.party), signatures } };
  }

  /** Uploads of a link live under its own prefix; a key from elsewhere is never read. */
  function uploadPrefix(ctx: LinkContext): string {
    const { tenantId, year, instanceId } = ctx.records.instance;
    return `bijlagen/${tenantId}/${year}/${instanceId}/${ctx.link.linkId}/`;
  }

  async function loadAttachment(ctx: LinkContext, key: string): Promise<Loaded> {
    const read = await readUpload(deps.documents, uploadPrefix(ctx), key);
    if ('attachment' in read) return read;
    if (read.problem === 'elsewhere') return { error: 'Dit bestand hoort niet bij uw link. Upload het document opnieuw.' };
    if (read.problem === 'missing') return { error: 'Het bestand is niet gevonden. Upload het document opnieuw.' };
    return { error: attachmentMessages[read.problem] };
  }

  /** The upload part of the page: a fresh presigned form (computed, nothing stored), and the file so far (read once by the caller). */
  async function uploadView(ctx: LinkContext, loaded?: Loaded): Promise<UploadView | undefined> {
    const spec = formSpec(ctx.records.instance.kind, ctx.records.instance.progressItems);
    if (!spec.attachment) return undefined;
    const ticket = await deps.documents.presignUpload(
      `${uploadPrefix(ctx)}${randomBytes(9).toString('base64url')}/`,
      publicUrl(deps.config, `/l/${ctx.token}`),
    );
    const view: UploadView = { required: spec.attachment === 'required', url: ticket.url, fields: ticket.fields };
    if (loaded && 'attachment' in loaded) view.current = loaded.attachment;
    else if (loaded) view.error = loaded.error;
    return view;
  }

  function formContext(ctx: LinkContext, upload?: UploadView): FormContext {
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
      upload,
    };
  }

  function receiptUrl(ctx: LinkContext, version: number): string {
    return publicUrl(deps.config, `/l/${ctx.token}/ontvangstbewijs/${version}`);
  }

  async function submit(ctx: LinkContext, event: HttpEvent): Promise<HttpResult> {
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
    const loaded = spec.attachment && bijlage ? await loadAttachment(ctx, bijlage) : undefined;
    const reshow = async (errors: FormValues, shownUpload = loaded) =>
      htmlResponse(submissionFormPage(formContext(ctx, await uploadView(ctx, shownUpload)), values, errors, keptKey));
    if (step === 'wijzigen') return reshow({});
    const checked = validateForm(spec, values);
    const attachment = loaded && 'attachment' in loaded ? loaded.attachment : undefined;
    const missing = !loaded && spec.attachment === 'required' ? { error: 'Upload eerst het document als PDF.' } : undefined;
    if (!checked.ok || missing || (loaded && 'error' in loaded)) {
      const result = await reshow(checked.ok ? {} : checked.errors, missing ?? loaded);
      return { ...result, statusCode: 422 };
    }
    // WCAG 3.3.4: the page's form asks for a check of the summary first; only the confirmation stores.
    if (step === 'controle') {
      return htmlResponse(confirmationPage(formContext(ctx), { ...checked.value, ...(bijlage ? { bijlage } : {}) }, attachment));
    }
    const { formKey, ...fields } = checked.value;
    const form = { formKey: formKey!, fields, attachment };
    const { tenantId, year, instanceId } = ctx.records.instance;
    const earlier = await deps.store.formVersion(tenantId, year, instanceId, form.formKey);
    if (earlier !== undefined) return redirect(receiptUrl(ctx, earlier));

    const submission = await buildSubmission(ctx, form);
    if (submission.late && !ctx.records.instance.lateAllowed) {
      throw new HttpProblem(
        409,
        'De termijn is verstreken',
        'Deze levering kan na de termijn niet meer via de link worden ingediend. Neem contact op met de coördinator van de prestatieafspraken.',
      );
    }
    try {
      await deps.store.recordSubmission(submission, form.formKey, ctx.records.instance.submissionCount);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // The same form posted twice at once: the other request stored it; show that receipt.
      const winner = await deps.store.formVersion(tenantId, year, instanceId, form.formKey);
      if (winner !== undefined) return redirect(receiptUrl(ctx, winner));
      throw new HttpProblem(
        409,
        'Er is tegelijk een andere versie ingediend',
        'Uw inzending is niet opgeslagen. Open de link opnieuw, controleer de laatste versie en dien zo nodig opnieuw in.',
      );
    }
    logger.info('submission stored', { code: 'SUBMITTED', instanceId, version: submission.version, late: submission.late });
    await mailReceipt(ctx, submission);
    if (submission.version === 1) await startFollowers(ctx, submission);
    return redirect(receiptUrl(ctx, submission.version));
  }

  async function buildSubmission(ctx: LinkContext, form: { fields: FormValues; attachment?: Attachment }): Promise<Submission> {
    const { instance } = ctx.records;
    const now = deps.clock.now();
    const late = lateFromOf(instance);
    const content = {
      tenantId: instance.tenantId,
      year: instance.year,
      instanceId: instance.instanceId,
      version: instance.submissionCount + 1,
      submittedAt: now.toISOString(),
      late: late !== undefined && now.getTime() >= late.getTime(),
      partyId: ctx.link.partyId,
      contactId: ctx.link.contactId,
      linkId: ctx.link.linkId,
      fields: form.fields,
      ...(form.attachment ? { attachment: form.attachment } : {}),
    };
    return { ...content, receipt: await signReceipt(content, deps.receiptSigner) };
  }

  /** Deliverables due some days after this one's submission get their deadline now. */
  async function startFollowers(ctx: LinkContext, s: Submission): Promise<void> {
    const { tenantId, year, deliverableId } = ctx.records.instance;
    try {
      const date = isoDate(localDateOf(new Date(s.submittedAt)));
      await recordDate(deps, { tenantId, year, kind: 'submittedOn', id: deliverableId, date });
    } catch (error) {
      logger.error('followers not started', { code: 'FOLLOWERS_FAILED', instanceId: s.instanceId, errorName: (error as Error).name });
    }
  }

  async function mailReceipt(ctx: LinkContext, s: Submission): Promise<void> {
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
        }),
      });
    } catch (error) {
      // The submission is stored and its receipt page shown; a lost receipt mail must not undo that.
      logger.error('receipt mail failed', { code: 'RECEIPT_MAIL_FAILED', instanceId: s.instanceId, errorName: (error as Error).name });
    }
  }

  function showReceipt(ctx: LinkContext, versionText: string, format: string | undefined): HttpResult {
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
        fields: spec.fields
          .filter((f) => f.name !== 'naam' && f.name !== 'namens' && s.fields[f.name])
          .map((f) => ({ label: f.type === 'checkbox' ? 'Ondertekend' : f.label, value: f.options?.[s.fields[f.name]!] ?? s.fields[f.name]! })),
        receipt: s.receipt,
        jsonUrl: `${receiptUrl(ctx, s.version)}?formaat=json`,
        attachment: s.attachment,
      }),
    );
  }

  /** POST /l/{token}/nieuwe-link: a new link to the address on record; the answer never tells more. */
  async function renew(token: string): Promise<HttpResult> {
    const check = await verifyLinkToken(token, deps.linkKeys, deps.clock.now());
    const claims = check.ok ? check.claims : check.problem === 'expired' ? check.claims : undefined;
    if (!claims) return htmlResponse(linkProblemPage(check.ok ? 'not-found' : check.problem));
    const outcome = await renewFromExpired(deps, claims);
    if (outcome === 'refused') return htmlResponse(linkProblemPage('not-found'));
    return htmlResponse(
      messagePage(
        200,
        'Nieuwe link aangevraagd',
        'We hebben een nieuwe link gestuurd naar het e-mailadres dat bij ons bekend is (vandaag hooguit één keer). Kijk ook in de map met ongewenste e-mail.',
      ),
    );
  }

  return httpHandler(async (event) => {
    const method = event.requestContext.http.method.toUpperCase();
    const token = event.pathParameters?.token ?? '';
    if (event.routeKey.endsWith('/nieuwe-link')) {
      if (method !== 'POST') throw new HttpProblem(405, 'Gebruik de knop', 'Vraag een nieuwe link aan met de knop op de pagina van uw verlopen link.');
      return renew(token);
    }
    const resolved = await resolve(token);
    if (!resolved.ok) {
      return htmlResponse(resolved.renewable ? expiredLinkPage(`/l/${token}/nieuwe-link`) : linkProblemPage(resolved.problem));
    }
    const receiptVersion = event.pathParameters?.version;
    if (receiptVersion !== undefined) {
      if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed();
      return showReceipt(resolved.ctx, receiptVersion, event.queryStringParameters?.formaat);
    }
    if (method === 'GET' || method === 'HEAD') {
      const key = event.queryStringParameters?.key;
      const upload = await uploadView(resolved.ctx, key ? await loadAttachment(resolved.ctx, key) : undefined);
      return htmlResponse(submissionFormPage(formContext(resolved.ctx, upload), {}, {}, newFormKey()));
    }
    if (method === 'POST') return submit(resolved.ctx, event);
    throw methodNotAllowed();
  }, 'html', { formActions: deps.config.uploadOrigin ? [deps.config.uploadOrigin] : [] });
}

/** A fresh key per shown form: a double click or a retried POST of the same form stores one version. */
function newFormKey(): string {
  return randomBytes(18).toString('base64url');
}

function methodNotAllowed(): HttpProblem {
  return new HttpProblem(405, 'Deze actie kan hier niet', 'Open de link uit de e-mail en gebruik het formulier.');
}
