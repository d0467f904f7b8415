import { randomBytes } from 'node:crypto';
import { publicUrl } from '../adapters/app-config.js';
import type { Deps, Uses } from '../adapters/deps.js';
import { readUpload } from '../adapters/documents.js';
import { attachmentMessages, type Attachment } from '../core/attachment.js';
import { formSpec } from '../core/forms.js';
import type { UploadView } from '../views/link-pages.js';
import type { LinkContext } from './link-context.js';

/** An uploaded PDF as read for a page: the attachment, or what to tell the party. */
export type LoadedUpload = { attachment: Attachment } | { error: string };

/** Uploads of a link live under its own prefix; a key from elsewhere is never read. */
function uploadPrefix(ctx: LinkContext): string {
  const { tenantId, year, instanceId } = ctx.records.instance;
  return `bijlagen/${tenantId}/${year}/${instanceId}/${ctx.link.linkId}/`;
}

export async function loadAttachment(deps: Pick<Deps, 'documents'>, ctx: LinkContext, key: string): Promise<LoadedUpload> {
  const read = await readUpload(deps.documents, uploadPrefix(ctx), key);
  if ('attachment' in read) return read;
  if (read.problem === 'elsewhere') return { error: 'Dit bestand hoort niet bij uw link. Upload het document opnieuw.' };
  if (read.problem === 'missing') return { error: 'Het bestand is niet gevonden. Upload het document opnieuw.' };
  return { error: attachmentMessages[read.problem] };
}

/** The upload part of the page: a fresh presigned form (computed, nothing stored), and the file so far (read once by the caller). */
export async function uploadView(deps: Uses<'documents', 'publicBaseUrl'>, ctx: LinkContext, loaded?: LoadedUpload): Promise<UploadView | undefined> {
  const spec = formSpec(ctx.records.instance.kind, ctx.records.instance.progressItems);
  if (!spec.attachment) return undefined;
  const ticket = await deps.documents.presignUpload(`${uploadPrefix(ctx)}${randomBytes(9).toString('base64url')}/`, publicUrl(deps.config, `/l/${ctx.token}`));
  const view: UploadView = { required: spec.attachment === 'required', url: ticket.url, fields: ticket.fields };
  if (loaded && 'attachment' in loaded) view.current = loaded.attachment;
  else if (loaded) view.error = loaded.error;
  return view;
}

/** A fresh key per shown form: a double click or a retried POST of the same form stores one version. */
export function newFormKey(): string {
  return randomBytes(18).toString('base64url');
}
