import { HttpProblem, type HttpEvent, type HttpResult } from './handler.js';
import type { HttpFunction, RouteKeyOf } from './routes.js';

type RouteHandler = (event: HttpEvent) => Promise<HttpResult>;

/** What an `ANY` route does per method; HEAD is answered as GET (it changes nothing either). */
export type MethodHandlers = Partial<Record<'GET' | 'POST', RouteHandler>>;

/** Every route of the function in the route table, each with its handler: the compiler refuses a route left out. */
export type RouteHandlers<F extends HttpFunction> = {
  [K in RouteKeyOf<F>]: K extends `ANY ${string}` ? MethodHandlers : RouteHandler;
};

/**
 * The one way a function with several routes dispatches: by the route key API Gateway (and the
 * local gateway) put in the event, from the same route table that builds the API. A method an
 * `ANY` route does not take gets the function's own Dutch 405.
 */
export function dispatch<F extends HttpFunction>(handlers: RouteHandlers<F>, wrongMethod: () => HttpProblem): RouteHandler {
  const table = handlers as Record<string, RouteHandler | MethodHandlers>;
  return async (event) => {
    const entry = Object.hasOwn(table, event.routeKey) ? table[event.routeKey] : undefined;
    if (!entry) throw new HttpProblem(404, 'Pagina niet gevonden', 'Controleer het adres in de link of in de adresbalk.');
    if (typeof entry === 'function') return entry(event);
    const method = event.requestContext.http.method.toUpperCase();
    const handler = entry[method === 'HEAD' ? 'GET' : (method as 'GET' | 'POST')];
    if (!handler) throw wrongMethod();
    return handler(event);
  };
}
