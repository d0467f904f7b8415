import type { Deps } from '../adapters/deps.js';
import { contactBody, contactStateBody, manageLinksBody, receivedBody, recordDateBody, steerDeliverableBody } from '../http/api-schemas.js';
import { HttpProblem, redirect, type HttpEvent, type HttpResult } from '../http/handler.js';
import { extendDeadline, manageLinks, markReceived, recordCycleDate, resumeReminders, saveContact, setContactActive, waiveDeliverable } from '../services/steering.js';
import { basePath, deliverablePath } from '../views/dashboard/layout.js';
import { changeCoordinator, parties } from './dashboard-parties.js';
import { detail, overview } from './dashboard-pages.js';
import { at, failed, openForm } from './dashboard-request.js';

/**
 * The dashboard's forms: each acts through the same steering functions as the API and redirects
 * (post/redirect/get); a form that fails is shown again on its own page with the input kept.
 */
export async function postDate(deps: Deps, event: HttpEvent): Promise<HttpResult> {
  const opened = await openForm(deps, event);
  const { ctx, steering, values } = opened;
  const kind = values.actie === 'vergadering' ? 'meetingDates' : 'eventDates';
  const form = `${values.actie === 'vergadering' ? 'vergadering' : 'gebeurtenis'}-${values.id ?? ''}`;
  try {
    const input = recordDateBody.parse({ date: values.tijd ? `${values.datum}T${values.tijd}` : values.datum, reden: values.reden });
    await recordCycleDate(deps, steering, kind, values.id ?? '', input);
  } catch (error) {
    return overview(deps, at(opened, basePath(ctx)), failed(form, values, error, (p) => (p === 'date' ? 'datum' : p)));
  }
  return redirect(`${basePath(ctx)}?gedaan=datum`);
}

export async function postDetail(deps: Deps, event: HttpEvent): Promise<HttpResult> {
  const opened = await openForm(deps, event);
  const { ctx, steering, values } = opened;
  const instanceId = event.pathParameters?.instance ?? '';
  const self = deliverablePath(ctx, instanceId);
  const actie = values.actie ?? '';
  const linkAction = ['versturen', 'intrekken', 'opnieuw-versturen'].includes(actie);
  const form = linkAction ? 'link' : actie;
  let done: string;
  try {
    if (actie === 'verlengen' || actie === 'vrijstellen') {
      const input = steerDeliverableBody.parse({ actie, ...(actie === 'verlengen' ? { nieuweDatum: values.nieuweDatum } : {}), reden: values.reden });
      if (input.actie === 'verlengen') await extendDeadline(deps, steering, instanceId, input);
      else await waiveDeliverable(deps, steering, instanceId, input.reden);
      done = input.actie === 'verlengen' ? 'verlengd' : 'vrijgesteld';
    } else if (actie === 'hervatten') {
      await resumeReminders(deps, steering, instanceId);
      done = 'hervat';
    } else if (actie === 'ontvangen') {
      await markReceived(deps, steering, instanceId, receivedBody.parse(values));
      done = 'ontvangen';
    } else if (linkAction) {
      const [partyId, contactId] = (values.contact ?? '').split('/');
      await manageLinks(deps, steering, instanceId, manageLinksBody.parse({ actie, partyId, contactId, reden: values.reden }));
      done = `link-${actie}`;
    } else {
      throw new HttpProblem(400, 'Onbekende actie', 'Kies een actie met een van de knoppen op de pagina.');
    }
  } catch (error) {
    return detail(deps, at(opened, self), instanceId, failed(form, values, error, (p) => (p === 'partyId' || p === 'contactId' ? 'contact' : p === 'document' ? 'ontvangenOp' : p)));
  }
  return redirect(`${self}?gedaan=${done}`);
}

export async function postParties(deps: Deps, event: HttpEvent): Promise<HttpResult> {
  const opened = await openForm(deps, event);
  const { ctx, steering, values } = opened;
  const actie = values.actie ?? '';
  const form = actie === 'wijzigen' ? `wijzigen-${values.contactId ?? ''}` : actie;
  try {
    if (actie === 'toevoegen' || actie === 'wijzigen') {
      await saveContact(deps, steering, contactBody.parse({ ...values, contactId: actie === 'wijzigen' ? values.contactId : undefined }));
    } else if (actie === 'deactiveren' || actie === 'activeren') {
      await setContactActive(deps, steering, contactStateBody.parse(values));
    } else if (actie === 'coordinator' || actie === 'geen-coordinator') {
      await changeCoordinator(deps, steering, values, actie === 'coordinator');
    } else {
      throw new HttpProblem(400, 'Onbekende actie', 'Kies een actie met een van de knoppen op de pagina.');
    }
  } catch (error) {
    return parties(deps, at(opened, `${basePath(ctx)}/partijen`), failed(form, values, error));
  }
  return redirect(`${basePath(ctx)}/partijen?gedaan=contact-${actie}`);
}
