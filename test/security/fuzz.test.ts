import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../functions/adapters/clock.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { formKeyIn, inbox, linkFor, postForm, seedAndOpen, testCloud } from '../support.js';

/** Random tokens and form bodies at the public routes: no 5xx, and nothing stored that is not a valid submission. */
const clock = new ScaledClock(new Date('2027-02-10T09:00:00Z'), 1);
let cloud: LocalCloud;
let link: string;

beforeAll(async () => {
  cloud = await testCloud({ clock });
  await seedAndOpen(cloud);
  cloud.engine.stop();
  link = await linkFor(cloud);
});
afterAll(async () => cloud?.stop());

const submissions = async () => (await cloud.store.cycles.loadInstance('leusden', 2027, 'huuradvies'))!.submissions.length;

describe('random input at the public routes', () => {
  it('gets no 5xx for two thousand random tokens, on GET and POST, and stores nothing', async () => {
    const before = await submissions();
    const base = link.slice(0, link.lastIndexOf('/') + 1);
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 400, unit: 'binary' }), fc.boolean(), async (random, post) => {
        const res = await fetch(base + encodeURIComponent(random), post ? { method: 'POST', body: random } : {});
        expect(res.status).toBeLessThan(500);
        await res.arrayBuffer();
      }),
      { numRuns: 2000 },
    );
    expect(await submissions()).toBe(before);
  });

  it('gets no 5xx for random form bodies on a valid link, and stores exactly the posts it accepted', async () => {
    const before = await submissions();
    let accepted = 0;
    const field = fc.constantFrom('standpunt', 'advies', 'naam', 'namens', 'formKey', 'onbekend', '__proto__', 'constructor');
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(field, fc.string({ maxLength: 60, unit: 'binary' })),
        fc.constantFrom('application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-8', 'text/plain', 'multipart/form-data; boundary=x', ''),
        async (fields, contentType) => {
          const res = await fetch(link, {
            method: 'POST',
            headers: contentType ? { 'content-type': contentType } : {},
            body: new URLSearchParams(fields).toString(),
            redirect: 'manual',
          });
          expect(res.status).toBeLessThan(500);
          if (res.status === 303) accepted++;
          await res.arrayBuffer();
        },
      ),
      { numRuns: 500 },
    );
    expect(await submissions()).toBe(before + accepted);
  });
});

describe('user text with markup', () => {
  const xss = '<script>alert("x")</script><img src=x onerror=alert(1)>';

  it('comes back escaped in the re-shown form, the receipt page, the status JSON and the receipt mail', async () => {
    const invalid = await postForm(link, { formKey: formKeyIn(await (await fetch(link)).text()), standpunt: xss, advies: xss, naam: xss, namens: xss });
    const reshown = await invalid.text();
    expect(invalid.status).toBe(422);
    expect(reshown).not.toContain('<script>alert');
    expect(reshown).not.toContain('<img src=x');

    const values = { standpunt: 'negatief', advies: `Ons advies: ${xss}`, naam: xss, namens: xss };
    const res = await postForm(link, { ...values, formKey: formKeyIn(await (await fetch(link)).text()) });
    expect(res.status).toBe(303);
    const receipt = await (await fetch(res.headers.get('location')!)).text();
    expect(receipt).not.toContain('<script>alert');
    expect(receipt).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');

    const status = await (await fetch(`${cloud.urls.http}/api/tenants/leusden/cycles/2027`, { headers: { authorization: `Bearer ${cloud.devToken}` } })).text();
    expect(status).not.toMatch(/[<>]/);
    expect(JSON.parse(status).deliverables[0].submissions.at(-1).fields.naam).toBe(xss);

    const mail = (await inbox(cloud.urls.ses)).findLast((m) => m.subject.startsWith('Ontvangstbewijs'))!;
    expect(mail.body.html).not.toContain('<script>alert');
    expect(mail.body.html).not.toContain('<img src=x');
  });
});
