import { z } from 'zod';
import {
  cycleStatusResponse,
  manageLinksBody,
  manageLinksResponse,
  openCycleResponse,
  problemSchema,
  receiptKeysResponse,
  recordDateBody,
  recordDateResponse,
  steerDeliverableBody,
  steerDeliverableResponse,
} from './api-schemas.js';
import { coordinatorBody, contactImportResponse, coordinatorResponse, cycleMoveBody, cycleMoveResponse, openingDayBody, openingDayResponse, templateLoadResponse, templatesResponse, tenantResponse } from './admin-schemas.js';
import { tenantInput } from '../services/administration.js';
import { httpRoutes, type HttpFunction, type RouteKeyOf } from './routes.js';

interface Operation {
  summary: string;
  body?: z.ZodType;
  /** A file as the body instead of JSON (a CSV, a template in YAML). */
  file?: string;
  ok: { status: number; description: string; type: string; schema?: z.ZodType };
}

/** What each function's routes do, in the document; the request bodies are the handlers' own schemas. */
const operations: Record<Exclude<HttpFunction, 'dashboard' | 'signIn' | 'administration'>, Operation> = {
  linkPage: { summary: 'Achter een persoonlijke link: het formulier en indienen, het ontvangstbewijs, een doorgestuurde levering lezen en de ontvangst bevestigen, de pagina van de partij, een nieuwe link', ok: { status: 200, description: 'HTML-pagina', type: 'text/html' } },
  calendarFeed: { summary: 'De agenda van een partij (abonnement)', ok: { status: 200, description: 'iCalendar', type: 'text/calendar' } },
  receiptKeys: { summary: 'De gepubliceerde publieke sleutels van ontvangstbewijzen', ok: { status: 200, description: 'Sleutels', type: 'application/json', schema: receiptKeysResponse } },
  cycleStatus: { summary: 'Alle leveringen van het jaar met termijn, status, berichten en inzendingen', ok: { status: 200, description: 'Status van de cyclus', type: 'application/json', schema: cycleStatusResponse } },
  exportCycle: { summary: 'Het jaar als CSV (Excel, Nederlandse instellingen) of als iCalendar', ok: { status: 200, description: 'Bestand', type: 'text/csv' } },
  openCycle: { summary: 'Het cyclusjaar openen (de openingsworkflow doet het werk)', ok: { status: 202, description: 'Gestart', type: 'application/json', schema: openCycleResponse } },
  recordDate: { summary: 'Een vergader- of gebeurtenisdatum vastleggen; wachtende termijnen starten', body: recordDateBody, ok: { status: 200, description: 'Vastgelegd', type: 'application/json', schema: recordDateResponse } },
  manageLinks: { summary: 'De link van een contact nog eens sturen, de links intrekken, of intrekken en een nieuwe sturen', body: manageLinksBody, ok: { status: 200, description: 'Uitgevoerd', type: 'application/json', schema: manageLinksResponse } },
  steerDeliverable: { summary: 'Een termijn verlengen of een levering vrijstellen, met reden', body: steerDeliverableBody, ok: { status: 200, description: 'Uitgevoerd', type: 'application/json', schema: steerDeliverableResponse } },
};

const dryRun = ' Zonder ?uitvoeren=ja (of uitvoeren: true) alleen wat er zou veranderen.';

/** The administration API, per route: a beheerder of the municipality in the address. */
const adminOperations: Record<RouteKeyOf<'administration'>, Operation> = {
  'POST /api/beheer/tenants': { summary: 'Een gemeente aanmaken (groep beheerder)', body: tenantInput, ok: { status: 201, description: 'Aangemaakt (200: bestond al, gelijk)', type: 'application/json', schema: tenantResponse } },
  'POST /api/beheer/tenants/{tenant}/contacts': { summary: `Partijen en contacten importeren uit een CSV uit Excel (puntkomma's).${dryRun}`, file: 'text/csv', ok: { status: 200, description: 'De wijzigingen', type: 'application/json', schema: contactImportResponse } },
  'POST /api/beheer/tenants/{tenant}/coordinators': { summary: 'Een contact coördinator maken, of niet meer', body: coordinatorBody, ok: { status: 200, description: 'Alle coördinatoren', type: 'application/json', schema: coordinatorResponse } },
  'POST /api/beheer/tenants/{tenant}/opening-day': { summary: 'De dag waarop de cyclus van het volgende jaar vanzelf opent (dag-maand, of uit)', body: openingDayBody, ok: { status: 200, description: 'Opgeslagen', type: 'application/json', schema: openingDayResponse } },
  'GET /api/beheer/tenants/{tenant}/templates': { summary: 'Alle sjabloonversies en welke in gebruik zijn', ok: { status: 200, description: 'Versies', type: 'application/json', schema: templatesResponse } },
  'POST /api/beheer/tenants/{tenant}/templates': { summary: `Een sjabloon (YAML) controleren en als nieuwe versie laden: samenvatting, kalender, verschillen.${dryRun}`, file: 'application/yaml', ok: { status: 200, description: 'De controle', type: 'application/json', schema: templateLoadResponse } },
  'POST /api/beheer/tenants/{tenant}/cycles/{year}/template': { summary: `Een lopende cyclus overzetten op andere sjabloonversies.${dryRun}`, body: cycleMoveBody, ok: { status: 200, description: 'Wat er verandert', type: 'application/json', schema: cycleMoveResponse } },
};

/** `post` + `/api/tenants/{tenant}/cycles/{year}/open` → `postApiTenantsCyclesOpen`: unique per method and path. */
function operationId(method: string, path: string): string {
  const words = path.replace(/\{[^}]+\}/g, '').split(/[/.-]/).filter(Boolean);
  return method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

const json = (schema: z.ZodType, io: 'input' | 'output' = 'input') => z.toJSONSchema(schema, { io, unrepresentable: 'any' });

/** The OpenAPI 3.1 document of the HTTP API, from the route table and the zod schemas. */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  // The API and the signed-link routes; the dashboard's HTML pages and its sign-in are for browsers.
  for (const route of httpRoutes) {
    if (route.fn === 'dashboard' || route.fn === 'signIn') continue;
    const op = route.fn === 'administration' ? adminOperations[`${route.method} ${route.path}` as RouteKeyOf<'administration'>] : operations[route.fn];
    const parameters = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    const methods = route.method === 'ANY' ? ['get', 'post'] : [route.method.toLowerCase()];
    for (const method of methods) {
      (paths[route.path] ??= {})[method] = {
        operationId: operationId(method, route.path),
        summary: op.summary,
        parameters,
        ...(route.access === 'api' ? { security: [{ coordinator: [] }] } : {}),
        ...(op.body && method === 'post' ? { requestBody: { required: true, content: { 'application/json': { schema: json(op.body) } } } } : {}),
        ...(op.file && method === 'post' ? { requestBody: { required: true, content: { [op.file]: { schema: { type: 'string' } } } } } : {}),
        responses: {
          [op.ok.status]: { description: op.ok.description, content: { [op.ok.type]: op.ok.schema ? { schema: json(op.ok.schema, 'output') } : {} } },
          ...(route.access === 'api'
            ? Object.fromEntries(
                [
                  ['400', 'Ongeldig adres of ongeldige inhoud'],
                  ['401', 'Niet aangemeld'],
                  ['403', 'Geen toegang tot deze gemeente'],
                  ['404', 'Onbekend'],
                ].map(([code, description]) => [code, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Probleem' } } } }]),
              )
            : { '4XX': { description: 'Een Nederlandse pagina die zegt wat te doen' } }),
        },
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'prestatiecyclus', version, description: 'De jaarcyclus van prestatieafspraken: persoonlijke links voor partijen, de API voor de coördinator.' },
    components: {
      securitySchemes: { coordinator: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Cognito-token; groepen tenant:<id> bepalen de gemeenten.' } },
      schemas: { Probleem: json(problemSchema) },
    },
    paths,
  };
}
