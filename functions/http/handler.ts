import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpSecurityHeaders from '@middy/http-security-headers';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { logger } from '../adapters/logger.js';
import { metrics } from '../adapters/metrics.js';
import { styleHash } from '../views/layout.js';
import { messagePage, type HtmlResult } from '../views/link-pages.js';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;
export type HttpHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/** A request a user can fix: answered with a 4xx and a Dutch message, never a stack trace. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly text: string,
  ) {
    super(title);
  }
}

export function htmlResponse(result: HtmlResult): HttpResult {
  // Pages reached through a signed link carry the token in their URL: never cache them.
  return {
    statusCode: result.status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body: result.html,
  };
}

/**
 * JSON with <, > and & written as unicode escapes: the same data, but submitted text can never turn
 * into markup when a dashboard puts the JSON into a page.
 */
export function jsonResponse(status: number, body: unknown): HttpResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify(body).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  };
}

/** A file to open (`inline`) or to save (`attachment`); behind a signed link, so never cached. */
export function fileResponse(contentType: string, disposition: 'inline' | 'attachment', fileName: string, body: string): HttpResult {
  return {
    statusCode: 200,
    headers: { 'content-type': contentType, 'content-disposition': `${disposition}; filename="${fileName}"`, 'cache-control': 'no-store' },
    body,
  };
}

export function redirect(location: string): HttpResult {
  return { statusCode: 303, headers: { location, 'cache-control': 'no-store' }, body: '' };
}

/** Request bodies larger than this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The JSON body of a coordinator request, validated: 415 for another content type, 400 with the
 * first problem in Dutch for bad JSON or a body the schema refuses.
 */
export function jsonBody<T>(event: HttpEvent, schema: z.ZodType<T>, what: string): T {
  if (!(event.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new HttpProblem(415, 'Verstuur JSON', `Stuur ${what} als JSON met Content-Type application/json.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(bodyText(event) || 'null');
  } catch {
    throw new HttpProblem(400, 'Ongeldige JSON', 'De inhoud van het verzoek is geen geldige JSON.');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new HttpProblem(400, `Ongeldige ${what}`, parsed.error.issues[0]!.message);
  return parsed.data;
}

/**
 * The fields of a posted HTML form: 415 for another content type, 413 when too large, each with
 * what to do (a page may say it in its own words).
 */
export function formBody(
  event: HttpEvent,
  say: { wrongType?: string; tooLarge?: { title: string; text: string } } = {},
): URLSearchParams {
  if (!(event.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw new HttpProblem(415, 'Dit formulier kon niet worden gelezen', say.wrongType ?? 'Verstuur het formulier vanaf de pagina zelf, met de knop eronder.');
  }
  const raw = bodyText(event);
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) {
    const tooLarge = say.tooLarge ?? { title: 'Te veel tekst', text: 'Maak de tekst korter en verstuur het formulier opnieuw.' };
    throw new HttpProblem(413, tooLarge.title, tooLarge.text);
  }
  return new URLSearchParams(raw);
}

/** The raw body of a request as text (API Gateway may base64-encode it). */
export function bodyText(event: HttpEvent): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

const tryLater = 'Probeer het over enkele minuten opnieuw.';
const askCoordinator = 'Blijft het misgaan, neem dan contact op met de coördinator van de prestatieafspraken.';

/**
 * What a 500 says. A GET or HEAD changes nothing here, so nothing was stored. After a POST the
 * outcome is unknown (the error may have come after the write), so the page says how to find out
 * before trying again: a second try would store a second version or send a second mail.
 */
export function unexpectedText(event: Pick<HttpEvent, 'rawPath' | 'requestContext'> | undefined, kind: 'html' | 'json'): string {
  const method = event?.requestContext?.http?.method?.toUpperCase() ?? 'POST';
  const path = event?.rawPath ?? '';
  if (method === 'GET' || method === 'HEAD') return `Er is niets gewijzigd. ${tryLater} ${kind === 'html' ? askCoordinator : ''}`.trim();
  if (path.startsWith('/l/')) {
    return `Het is niet zeker of uw inzending is opgeslagen. Open de link uit de e-mail opnieuw: boven het formulier staat hoeveel versies er al zijn ingediend. Telt uw inzending daar niet bij mee, vul het formulier dan opnieuw in. ${askCoordinator}`;
  }
  if (path.startsWith('/beheer/') && !path.startsWith('/beheer/inloggen') && path !== '/beheer/uitloggen') {
    return 'Het is niet zeker of uw wijziging is uitgevoerd. Laad de pagina opnieuw en kijk of de wijziging er staat; bij een levering staat elke actie in het logboek onderaan de pagina. Staat ze er niet, probeer het dan opnieuw.';
  }
  if (kind === 'json') {
    return 'Het is niet zeker of de opdracht is uitgevoerd. Kijk in het dashboard bij de levering (het logboek onderaan de pagina) of vraag de status van de cyclus op, voordat u de opdracht opnieuw stuurt.';
  }
  return `Het is niet zeker of dit is gelukt. ${tryLater} ${askCoordinator}`;
}

/**
 * The house middleware stack, in this order: Lambda context for the logger, the metrics flush (middy
 * runs `after` and `onError` in reverse, so it flushes after the error mapping too), header names to lower
 * case, security headers on every answer, and last the error mapping, so that whatever goes
 * wrong becomes a Dutch page (4xx for problems a user can fix, a bare 500 otherwise) with no stack
 * trace, and the log gets a code and the request id only.
 */
export function httpHandler(handler: HttpHandler, kind: 'html' | 'json', options: { formActions?: string[] } = {}) {
  return middy<HttpEvent, HttpResult>()
    .use(injectLambdaContext(logger, { logEvent: false }))
    .use(logMetrics(metrics))
    .use(httpHeaderNormalizer())
    .use(
      httpSecurityHeaders({
        contentSecurityPolicy: {
          'default-src': "'none'",
          // The public pages carry their style inline (by hash); the dashboard links its stylesheet.
          'style-src': `'self' ${styleHash}`,
          'img-src': "'self'",
          // Forms post to this site, and a PDF straight to storage (S3 in AWS).
          'form-action': ["'self'", ...(options.formActions ?? [])].join(' '),
          'report-to': '',
          // A sandboxed page could not post its own form; https is enforced by the API itself.
          sandbox: false,
          'upgrade-insecure-requests': false,
        } as unknown as Record<string, string>,
        reportTo: false,
        strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true, preload: false },
      }),
    )
    .use({
      onError: async (request) => {
        const error = request.error;
        if (error instanceof HttpProblem) {
          request.response =
            kind === 'html'
              ? htmlResponse(messagePage(error.status, error.title, error.text))
              : jsonResponse(error.status, { fout: error.title, uitleg: error.text });
          return;
        }
        logger.error('unhandled', { code: 'UNHANDLED', errorName: (error as Error | null)?.name });
        const text = unexpectedText(request.event, kind);
        request.response = kind === 'html' ? htmlResponse(messagePage(500, 'Er ging iets mis', text)) : jsonResponse(500, { fout: 'Er ging iets mis', uitleg: text });
      },
    })
    .handler(handler);
}
