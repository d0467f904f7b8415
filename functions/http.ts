import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpSecurityHeaders from '@middy/http-security-headers';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { logger } from './adapters/logger.js';
import { styleHash } from './views/layout.js';
import { messagePage, type HtmlResult } from './views/link-pages.js';

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

export function redirect(location: string): HttpResult {
  return { statusCode: 303, headers: { location, 'cache-control': 'no-store' }, body: '' };
}

/** Request bodies larger than this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The raw body of a request as text (API Gateway may base64-encode it). */
export function bodyText(event: HttpEvent): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/**
 * The house middleware stack, in this order: Lambda context for the logger, header names to lower
 * case, security headers on every answer, and last the error mapping, so that whatever goes
 * wrong becomes a Dutch page (4xx for problems a user can fix, a bare 500 otherwise) with no stack
 * trace, and the log gets a code and the request id only.
 */
export function httpHandler(handler: HttpHandler, kind: 'html' | 'json', options: { formActions?: string[] } = {}) {
  return middy<HttpEvent, HttpResult>()
    .use(injectLambdaContext(logger, { logEvent: false }))
    .use(httpHeaderNormalizer())
    .use(
      httpSecurityHeaders({
        contentSecurityPolicy: {
          'default-src': "'none'",
          'style-src': styleHash,
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
        request.response =
          kind === 'html'
            ? htmlResponse(
                messagePage(
                  500,
                  'Er ging iets mis',
                  'Uw gegevens zijn niet opgeslagen. Probeer het over enkele minuten opnieuw. Blijft het misgaan, neem dan contact op met de coördinator van de prestatieafspraken.',
                ),
              )
            : jsonResponse(500, { fout: 'Er ging iets mis', uitleg: 'Probeer het over enkele minuten opnieuw.' });
      },
    })
    .handler(handler);
}
