import { describe, expect, it } from 'vitest';
import { httpHandler, type HttpEvent } from '../../functions/http/handler.js';
import { lambdaContext } from '../../infra/local/gateway.js';

/**
 * A 500 cannot know whether the request's write happened (the error may come after it), so it must
 * not say "niet opgeslagen": it says the outcome is unsure and how to find out before trying again.
 */
const failing = (kind: 'html' | 'json') =>
  httpHandler(async () => {
    throw new Error('the store timed out after the write');
  }, kind);

function event(method: string, path: string): HttpEvent {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: { http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' } } as HttpEvent['requestContext'],
  };
}

async function answer(kind: 'html' | 'json', method: string, path: string) {
  const res = await failing(kind)(event(method, path), lambdaContext('test'));
  expect(res.statusCode).toBe(500);
  const body = String(res.body);
  expect(body).not.toContain('niet opgeslagen');
  expect(body).not.toContain('the store timed out');
  return kind === 'json' ? (JSON.parse(body) as { fout: string; uitleg: string }).uitleg : body;
}

describe('the answer to an unexpected error', () => {
  it('tells a party after a submission that it is unsure, and to open the link again to see the versions stored', async () => {
    const page = await answer('html', 'POST', '/l/v1.abc.def');
    expect(page).toContain('Het is niet zeker of uw inzending is opgeslagen.');
    expect(page).toContain('Open de link uit de e-mail opnieuw: boven het formulier staat hoeveel versies er al zijn ingediend.');
    expect(page).toContain('neem dan contact op met de coördinator');
  });

  it('tells the coordinator after a dashboard form to reload the page and look in the logbook', async () => {
    const page = await answer('html', 'POST', '/beheer/leusden/2027/leveringen/huuradvies');
    expect(page).toContain('Het is niet zeker of uw wijziging is uitgevoerd.');
    expect(page).toContain('Laad de pagina opnieuw');
    expect(page).toContain('logboek');
  });

  it('tells an API caller that the command may have run, and where to check before sending it again', async () => {
    const uitleg = await answer('json', 'POST', '/api/tenants/leusden/cycles/2027/deliverables/huuradvies/links');
    expect(uitleg).toMatch(/^Het is niet zeker of de opdracht is uitgevoerd\..*logboek.*voordat u de opdracht opnieuw stuurt\.$/);
  });

  it('says that nothing changed after a GET or HEAD, which never write', async () => {
    for (const [kind, method, path] of [
      ['html', 'GET', '/l/v1.abc.def'],
      ['html', 'HEAD', '/beheer/leusden/2027'],
      ['json', 'GET', '/api/tenants/leusden/cycles/2027'],
    ] as const) {
      const text = await answer(kind, method, path);
      expect(text).toContain('Er is niets gewijzigd. Probeer het over enkele minuten opnieuw.');
      expect(text).not.toContain('niet zeker');
    }
  });
});
