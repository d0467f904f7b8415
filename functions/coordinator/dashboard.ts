import type { Deps } from '../adapters/deps.js';
import { dispatch } from '../http/dispatch.js';
import { HttpProblem, httpHandler, redirect, type HttpEvent } from '../http/handler.js';
import { stylesheet } from '../views/dashboard/stylesheet.js';
import { postDate, postDetail, postParties } from './dashboard-forms.js';
import { nextYear, postNextYear } from './dashboard-next-year.js';
import { accountability, deliverables, detail, download, home, overview } from './dashboard-pages.js';
import { parties } from './dashboard-parties.js';
import { open, shown } from './dashboard-request.js';
import { postTemplates, templates } from './dashboard-templates.js';
import { dashboardFormActions } from './session.js';

/**
 * The coordinator's dashboard: server-rendered pages in Dutch that work without JavaScript, each
 * behind the session sign-in and scoped to the coordinator's own municipality; forms post back,
 * act through the same steering functions as the API, and redirect (post/redirect/get).
 */
export function createDashboardHandler(deps: Deps) {
  const routes = dispatch<'dashboard'>(
    {
      'GET /stijl/beheer.css': async () => ({
        statusCode: 200,
        headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable' },
        body: stylesheet(),
      }),
      'GET /beheer': (e) => home(deps, e),
      'GET /beheer/{tenant}/{year}': async (e) => overview(deps, await open(deps, e), shown(e)),
      'POST /beheer/{tenant}/{year}/datums': (e) => postDate(deps, e),
      'GET /beheer/{tenant}/{year}/leveringen': (e) => deliverables(deps, e),
      'GET /beheer/{tenant}/{year}/leveringen/{instance}': async (e) =>
        detail(deps, await open(deps, e), e.pathParameters?.instance ?? '', { ...shown(e), ...(e.queryStringParameters?.key ? { uploaded: e.queryStringParameters.key } : {}) }),
      'POST /beheer/{tenant}/{year}/leveringen/{instance}': (e) => postDetail(deps, e),
      'GET /beheer/{tenant}/{year}/partijen': async (e) => parties(deps, await open(deps, e), shown(e)),
      'POST /beheer/{tenant}/{year}/partijen': (e) => postParties(deps, e),
      'GET /beheer/{tenant}/{year}/sjablonen': async (e) => templates(deps, await open(deps, e), shown(e)),
      'POST /beheer/{tenant}/{year}/sjablonen': (e) => postTemplates(deps, e),
      'GET /beheer/{tenant}/{year}/volgend-jaar': async (e) => nextYear(deps, await open(deps, e), shown(e)),
      'POST /beheer/{tenant}/{year}/volgend-jaar': (e) => postNextYear(deps, e),
      'GET /beheer/{tenant}/{year}/verantwoording': (e) => accountability(deps, e),
      'GET /beheer/{tenant}/{year}/export.csv': (e) => download(deps, e, 'csv'),
      'GET /beheer/{tenant}/{year}/export.ics': (e) => download(deps, e, 'ics'),
    },
    () => new HttpProblem(405, 'Deze actie kan hier niet', 'Gebruik de knoppen en formulieren op de pagina.'),
  );

  return httpHandler(async (event: HttpEvent) => {
    try {
      return await routes(event);
    } catch (error) {
      // Not signed in (or the session ran out) on a page: to the sign-in, instead of a dead end.
      if (error instanceof HttpProblem && error.status === 401 && event.requestContext.http.method === 'GET') return redirect('/beheer/inloggen');
      throw error;
    }
  }, 'html', { formActions: dashboardFormActions(deps.config) });
}
