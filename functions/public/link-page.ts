import { verifyLinkToken } from '../core/link-token.js';
import { dispatch } from '../http/dispatch.js';
import { HttpProblem, htmlResponse, httpHandler, type HttpEvent, type HttpResult } from '../http/handler.js';
import { renewFromExpired } from '../services/link-renewal.js';
import { expiredLinkPage, linkProblemPage, messagePage, submissionFormPage } from '../views/link-pages.js';
import { formContext, resolveLink, type LinkContext, type LinkPageDeps } from './link-context.js';
import { showReceipt } from './link-receipt.js';
import { submitForm } from './link-submission.js';
import { loadAttachment, newFormKey, uploadView } from './link-uploads.js';
import { openSubmission, showPartyPage, withPartyLink } from './party-page.js';
import { resolveReadLink, type ReadContext } from './read-context.js';
import { confirmRead, downloadDocument, showRead } from './read-page.js';

/**
 * The public pages behind a signed link: a party's form (`/l`), a deliverable another party sent it
 * (`/lezen`) and its page of the year (`/partij`). GET and HEAD only show (mail scanners open every
 * link first); only a POST (the form, a confirmation, asking for a link) changes anything. Each
 * token opens only the pages of its own purpose.
 */
export function createLinkPageHandler(deps: LinkPageDeps) {
  /** A route that needs a genuine, live link; any other gets the page that says what is wrong with it. */
  const withLink = (handle: (ctx: LinkContext, event: HttpEvent) => Promise<HttpResult> | HttpResult) => async (event: HttpEvent) => {
    const token = event.pathParameters?.token ?? '';
    const resolved = await resolveLink(deps, token);
    if (!resolved.ok) return htmlResponse(resolved.renewable ? expiredLinkPage(`/l/${token}/nieuwe-link`) : linkProblemPage(resolved.problem));
    return handle(resolved.ctx, event);
  };

  const withReadLink = (handle: (ctx: ReadContext, event: HttpEvent) => Promise<HttpResult>) => async (event: HttpEvent) => {
    const token = event.pathParameters?.token ?? '';
    const resolved = await resolveReadLink(deps, token);
    if (!resolved.ok) return htmlResponse(resolved.renewable ? expiredLinkPage(`/lezen/${token}/nieuwe-link`) : linkProblemPage(resolved.problem));
    return handle(resolved.ctx, event);
  };

  const showForm = async (ctx: LinkContext, event: HttpEvent) => {
    const key = event.queryStringParameters?.key;
    const upload = await uploadView(deps, ctx, key ? await loadAttachment(deps, ctx, key) : undefined);
    return htmlResponse(submissionFormPage(formContext(ctx, upload), {}, {}, newFormKey()));
  };

  const routes = dispatch<'linkPage'>(
    {
      'ANY /l/{token}': { GET: withLink(showForm), POST: withLink((ctx, event) => submitForm(deps, ctx, event)) },
      'ANY /l/{token}/ontvangstbewijs/{version}': {
        GET: withLink((ctx, event) => showReceipt(deps, ctx, event.pathParameters?.version ?? '', event.queryStringParameters?.formaat)),
      },
      'ANY /l/{token}/nieuwe-link': { POST: (event) => renew(deps, event.pathParameters?.token ?? '', 'submit') },
      'ANY /lezen/{token}': { GET: withReadLink((ctx, event) => showRead(deps, ctx, event)), POST: withReadLink((ctx, event) => confirmRead(deps, ctx, event)) },
      'ANY /lezen/{token}/document/{version}': { GET: withReadLink((ctx, event) => downloadDocument(deps, ctx, event.pathParameters?.version ?? '')) },
      'ANY /lezen/{token}/nieuwe-link': { POST: (event) => renew(deps, event.pathParameters?.token ?? '', 'read') },
      'ANY /partij/{token}': { GET: withPartyLink(deps, (ctx) => showPartyPage(deps, ctx)) },
      'ANY /partij/{token}/indienen/{instance}': { POST: withPartyLink(deps, (ctx, _token, instanceId) => openSubmission(deps, ctx, instanceId)) },
    },
    () => new HttpProblem(405, 'Deze actie kan hier niet', 'Open de link uit de e-mail en gebruik het formulier of de knop op de pagina.'),
  );
  return httpHandler(routes, 'html', { formActions: deps.config.uploadOrigin ? [deps.config.uploadOrigin] : [] });
}

/** POST …/nieuwe-link: only an expired link of the route's own purpose is renewed (a live one still works). */
async function renew(deps: LinkPageDeps, token: string, purpose: 'submit' | 'read'): Promise<HttpResult> {
  const check = await verifyLinkToken(token, deps.linkKeys, deps.clock.now());
  const claims = check.claims;
  if (!claims) return htmlResponse(linkProblemPage(check.ok ? 'not-found' : check.problem));
  // A token of another purpose (a read link on the form's route, a calendar or party link) renews nothing here.
  if (claims.purpose !== purpose) return htmlResponse(linkProblemPage('not-found'));
  if (check.ok) return htmlResponse(messagePage(409, 'Deze link werkt nog', 'U hebt geen nieuwe link nodig: open de link uit de e-mail opnieuw.'));
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
