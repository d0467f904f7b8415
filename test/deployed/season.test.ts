import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SimulatedClock } from '../../functions/adapters/clock.js';
import { verifyReceipt, type Receipt } from '../../functions/core/receipt.js';
import { seedTenant, leusdenContacts } from '../../infra/local/seed.js';
import { samplePdf } from '../../infra/local/simulate.js';
import { deniedCalls, grantsByFunction, unusedGrants } from './iam.js';
import { reasonFor } from './iam-reasons.js';
import { formKeyIn, inbox, postForm } from '../support.js';
import { startDeployedStack, type DeployedStack } from './deployed-stack.js';
import { deployContext, synthesize } from './synth.js';

/**
 * The deployed tier: what `cdk deploy` ships, run on the local parts. Every function is its
 * synthesized bundle in a process of its own with its synthesized environment and only the AWS SDK
 * beside it; the state machines are the synthesized definitions with their substitutions; the HTTP
 * routes, their functions and the JWT authorizer are the synthesized API's.
 */
const hlve = leusdenContacts.find((c) => c.partyId === 'hlve')!;
const wsl = leusdenContacts.find((c) => c.partyId === 'wsl')!;
const site = deployContext.publicBaseUrl!;

let outdir: string;
let stack: DeployedStack;
let clock: SimulatedClock;

beforeAll(async () => {
  outdir = await synthesize();
  clock = new SimulatedClock(new Date('2026-12-01T10:00:00Z'));
  clock.join(); // the test script is a participant: the clock waits for it
  stack = await startDeployedStack({ outdir, dynamoEndpoint: inject('dynamoEndpoint'), clock });
  await seedTenant(stack.store, 'leusden', 'Gemeente Leusden', new URL('../fixtures/deployed.yaml', import.meta.url));
}, 300_000);
afterAll(async () => {
  await stack?.stop();
});

/** A link as mailed points at the public domain, which routes to the API: here, the local gateway. */
const local = (url: string) => url.replace(site, stack.urls.http);
const mailsTo = async (email: string) => (await inbox(stack.urls.ses)).filter((m) => m.destination.to[0] === email);
const linkIn = (text: string, path: 'l' | 'agenda' | 'lezen') => {
  const match = new RegExp(`${site.replace(/[.]/g, '\\.')}/${path}/[A-Za-z0-9._-]+`).exec(text);
  if (!match) throw new Error(`no /${path}/ link in the mail`);
  return local(match[0]);
};
const api = async (method: string, path: string, body?: unknown) =>
  fetch(`${stack.urls.http}/api/tenants/leusden/cycles/2027${path}`, {
    method,
    headers: { authorization: `Bearer ${await stack.coordinatorToken('leusden')}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

describe('the synthesized stack on the local parts', () => {
  it('starts every function with its own synthesized environment', async () => {
    const unique = new Set(stack.sandboxes.values());
    expect(unique.size).toBe(19);
    for (const sandbox of unique) await expect(sandbox.start(), sandbox.name).resolves.toBeUndefined();
  });

  it('runs a season: opening, calendars, reminders, a party submits through its mailed link, the coordinator steers', async () => {
    // The coordinator opens the year through the API; the opening workflow does the rest.
    expect((await api('POST', '/open')).status).toBe(202);
    expect((await stack.runtime.ended('open-leusden-2027')).status).toBe('SUCCEEDED');
    const calendar = (await mailsTo(hlve.email)).find((m) => m.subject.startsWith('Jaarkalender'))!;
    const feed = await fetch(linkIn(calendar.body.text ?? '', 'agenda'));
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');

    // The first reminder, on 31 January at 09:00 in Leusden; then the coordinator extends the deadline.
    await clock.sleepUntil(new Date('2027-01-31T10:00:00Z'));
    expect((await mailsTo(hlve.email)).map((m) => m.subject)).toContain('Herinnering: Huuradvies over de jaarlijkse huursomaanpassing uiterlijk zondag 28 februari 2027');
    const extended = await api('POST', '/deliverables/huuradvies', { actie: 'verlengen', nieuweDatum: '2027-03-14', reden: 'HLVE vergadert pas op 10 maart' });
    expect(extended.status).toBe(200);

    // The reminders follow the new date at once; HLVE submits through the link of its latest reminder.
    await clock.sleepUntil(new Date('2027-02-28T10:00:00Z'));
    const reminders = (await mailsTo(hlve.email)).filter((m) => m.subject.startsWith('Herinnering'));
    expect(reminders.at(-1)!.subject).toBe('Herinnering: Huuradvies over de jaarlijkse huursomaanpassing uiterlijk zondag 14 maart 2027');
    const link = linkIn(reminders.at(-1)!.body.text ?? '', 'l');
    const form = await fetch(link);
    expect(form.status).toBe(200);
    const posted = await postForm(link, { formKey: formKeyIn(await form.text()), standpunt: 'positief', advies: 'HLVE stemt in met de voorgestelde huursomaanpassing.', naam: hlve.name, namens: 'HLVE' });
    expect(posted.status).toBe(303);
    const receiptPage = await fetch(local(posted.headers.get('location')!));
    expect(receiptPage.status).toBe(200);
    expect(await receiptPage.text()).toContain('Ontvangstbewijs');

    // The receipt verifies with the key the stack publishes.
    const receipt = (await (await fetch(`${local(posted.headers.get('location')!)}?formaat=json`)).json()) as { content: object } & Receipt;
    const keys = (await (await fetch(`${stack.urls.http}/ontvangstbewijs/sleutels`)).json()) as { keys: { keyId: string; publicKeyPem: string }[] };
    const key = keys.keys.find((k) => k.keyId === receipt.keyId)!;
    const { content, ...signed } = receipt;
    expect(verifyReceipt(content, { contentSha256: signed.contentSha256, signature: signed.signature, signatureAlgorithm: signed.signatureAlgorithm, keyId: signed.keyId }, key.publicKeyPem)).toBe(true);

    // The advice is forwarded to WSL, which reads it (the receipt checked against the published keys) and confirms.
    const forward = (await mailsTo(wsl.email)).find((m) => m.subject.startsWith('Ontvangen van'))!;
    const read = linkIn(forward.body.text ?? '', 'lezen');
    const readPage = await fetch(read);
    expect(readPage.status).toBe(200);
    expect(await readPage.text()).toContain('De handtekening is gecontroleerd met de gepubliceerde sleutel en klopt');
    expect((await postForm(read, { versie: '1' })).status).toBe(303);

    // WSL's jaarverslag follows the date the coordinator records.
    expect((await api('POST', '/events/jaarverslag-vastgesteld-wsl', { date: '2027-03-02' })).status).toBe(200);
    await clock.sleepUntil(new Date('2027-03-05T10:00:00Z'));
    expect((await mailsTo(wsl.email)).map((m) => m.subject)).toContain('Herinnering: Jaarverslag WSL toegestuurd uiterlijk dinsdag 9 maart 2027');

    // An operator stops WSL's execution by hand; the scheduled reconciler starts the next generation.
    stack.runtime.abort('leusden-2027-jaarverslag-wsl-r1');
    const reconciled = (await stack.sandboxes.get('Reconcile')!.invoke({})) as { restarted: { instanceId: string; generation: number }[] };
    expect(reconciled.restarted).toEqual([expect.objectContaining({ instanceId: 'jaarverslag-wsl', generation: 1 })]);

    // WSL uploads its jaarverslag straight to the bucket (a presigned POST) and submits it.
    const wslLink = linkIn((await mailsTo(wsl.email)).filter((m) => m.subject.startsWith('Herinnering')).at(-1)!.body.text ?? '', 'l');
    const withUpload = await uploadThroughForm(await (await fetch(wslLink)).text(), 'Jaarverslag WSL 2026.pdf');
    expect(withUpload).toContain('Ontvangen: <strong>Jaarverslag WSL 2026.pdf</strong>');
    const bijlage = /name="bijlage" value="([^"]+)"/.exec(withUpload)![1]!;
    // A key under the link's prefix that was never uploaded: a Dutch message on the form, not a 500.
    const missing = await fetch(`${wslLink}?key=${encodeURIComponent(bijlage.replace(/[^/]+$/, 'nooit-geupload.pdf'))}`);
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('Het bestand is niet gevonden. Upload het document opnieuw.');
    // SES is down while WSL submits: the version is stored, its forward waits in the outbox for the reconciler.
    stack.sesOutage(true);
    const submitted = await postForm(wslLink, { formKey: formKeyIn(withUpload), samenvatting: 'Het jaarverslag 2026 van WSL, vastgesteld op 2 maart.', naam: wsl.name, namens: 'WSL', bijlage });
    stack.sesOutage(false);
    expect(submitted.status).toBe(303);
    expect((await stack.store.submissions.pendingForwards('leusden', 2027)).map((p) => p.instanceId)).toEqual(['jaarverslag-wsl']);
    expect(((await stack.sandboxes.get('Reconcile')!.invoke({})) as { forwarded: number }).forwarded).toBe(1);
    expect(await stack.store.submissions.pendingForwards('leusden', 2027)).toEqual([]);
    expect((await mailsTo(hlve.email)).filter((m) => m.subject.startsWith('Ontvangen van'))).toHaveLength(1);

    // The coordinator sends HLVE a fresh link; SES reports a bounce for it; an old execution hands over.
    expect((await api('POST', '/deliverables/huuradvies/links', { actie: 'opnieuw-versturen', partyId: 'hlve', contactId: hlve.contactId, reden: 'Nieuwe secretaris' })).status).toBe(200);
    const bounce = { eventType: 'Bounce', mail: { tags: { tenant: ['leusden'], party: ['hlve'], contact: [hlve.contactId] } }, bounce: { bounceType: 'Permanent', timestamp: clock.now().toISOString() } };
    expect(await stack.sandboxes.get('MailEvents')!.invoke({ Records: [{ EventSource: 'aws:sns', Sns: { Message: JSON.stringify(bounce) } }] })).toEqual({ recorded: 1, ignored: 0 });
    const handOver = { action: 'handover', wakeAt: clock.now().toISOString() };
    expect(await stack.sandboxes.get('Act')!.invoke({ tenantId: 'leusden', year: 2027, instanceId: 'huuradvies', generation: 0, revision: 1, step: handOver })).toEqual({ started: true });
    expect((await fetch(`${stack.urls.http}/beheer/inloggen`, { redirect: 'manual' })).headers.get('location')).toMatch(/^https:\/\/lokaal-beheer\.auth\.eu-west-1\.amazoncognito\.com\/oauth2\/authorize\?/);

    const status = (await (await api('GET', '')).json()) as { deliverables: { instanceId: string; status: string }[] };
    expect(status.deliverables.find((i) => i.instanceId === 'huuradvies')!.status).toBe('ingediend');
    expect((await api('GET', '/export.csv')).status).toBe(200);
    expect((await api('GET', '/export.ics')).status).toBe(200);

    clock.leave();
    await stack.runtime.settled();
    const records = (await stack.store.cycles.loadInstance('leusden', 2027, 'huuradvies'))!;
    // Each notice once, all sent; the reminders stopped at the submission; no escalation.
    const ledger = records.notices.map((n) => `${n.slotId}/${n.contactId}`);
    expect(new Set(ledger).size).toBe(ledger.length);
    expect(records.notices.every((n) => n.state === 'sent')).toBe(true);
    // Sent at 09:00 in Leusden (the bundle reads the clock as in Lambda: a few milliseconds after the wake-up).
    expect(Object.fromEntries(records.notices.filter((n) => !n.slotId.startsWith('link-') && !n.slotId.startsWith('doorsturen-')).map((n) => [n.slotId, n.sentAt?.slice(0, 16)]))).toEqual({
      'reminder-28d': '2027-01-31T08:00',
      'r1-reminder-28d': '2027-02-14T08:00',
      'r1-reminder-14d': '2027-02-28T08:00',
    });
    expect((await mailsTo(hlve.email)).filter((m) => m.subject.startsWith('Herinnering'))).toHaveLength(3);
    // The advice went to WSL and the gemeente once each, and WSL's confirmation is on record.
    expect(records.notices.filter((n) => n.slotId === 'doorsturen-v1').map((n) => `${n.partyId} ${n.state}`).sort()).toEqual(['gemeente-leusden sent', 'wsl sent']);
    expect(records.confirmations.map((c) => `${c.partyId} v${c.version}`)).toEqual(['wsl v1']);
    // The extension stopped the revision it superseded at once (SteerDeliverable's StopExecution); each submission stopped its
    // instance's running execution at once (LinkPage's StopExecution); the generation handed over
    // to after the submission found it closed and ended.
    expect(stack.runtime.list().filter((e) => e.machine === 'Deliverable').map((e) => `${e.name} ${e.status}`).sort()).toEqual(
      ['leusden-2027-huuradvies ABORTED', 'leusden-2027-huuradvies-r1 ABORTED', 'leusden-2027-huuradvies-r1-g1 SUCCEEDED', 'leusden-2027-jaarverslag-wsl-r1 ABORTED', 'leusden-2027-jaarverslag-wsl-r1-g1 ABORTED'],
    );
    expect((await stack.store.tenants.getContact('leusden', 'hlve', hlve.contactId))!.bounce?.type).toBe('Permanent');
  });

  it('lets an administrator load a new template version and move the running cycle through the API', async () => {
    const admin = async (method: string, path: string, body: string, type: string, groups = ['beheerder']) =>
      fetch(`${stack.urls.http}/api/beheer/tenants/leusden${path}`, {
        method,
        headers: { authorization: `Bearer ${await stack.coordinatorToken('leusden', groups)}`, 'content-type': type },
        body,
      });
    const fixture = readFileSync(new URL('../fixtures/deployed.yaml', import.meta.url), 'utf8');
    const second = fixture.slice(fixture.indexOf('  - id: huuradvies\n'), fixture.indexOf('  - id: jaarverslag-wsl'));
    const v2 = `${fixture}${second.replace('- id: huuradvies\n', '- id: najaarsadvies\n').replace(/title: .*/, 'title: Najaarsadvies').replace('month: 3, day: 1', 'month: 11, day: 1')}`;
    // A coordinator who is no administrator may not; the administrator sees the check, then loads it.
    expect((await admin('POST', '/templates?uitvoeren=ja', v2, 'application/yaml', [])).status).toBe(403);
    const loaded = await admin('POST', '/templates?uitvoeren=ja', v2, 'application/yaml');
    expect(loaded.status).toBe(200);
    expect(await loaded.json()).toMatchObject({ uitgevoerd: true, verschillen: ['+ najaarsadvies: Najaarsadvies (vóór 1 november)'], versie: { id: 'deployed-test', version: 2 } });
    const moved = await admin('POST', '/cycles/2027/template', JSON.stringify({ uitvoeren: true }), 'application/json');
    expect(moved.status).toBe(200);
    expect(await moved.json()).toEqual({
      uitgevoerd: true,
      van: ['deployed-test versie 1'],
      naar: ['deployed-test versie 2'],
      wijzigingen: ['+ najaarsadvies: Najaarsadvies, zondag 31 oktober 2027'],
      gestart: ['najaarsadvies'],
    });
    expect((await stack.store.cycles.get('leusden', 2027))?.pendingMove).toBeUndefined();
    await stack.runtime.settled();
    const added = (await stack.store.cycles.loadInstance('leusden', 2027, 'najaarsadvies'))!;
    expect(added.notices.filter((n) => n.slotId === 'reminder-28d').map((n) => n.sentAt?.slice(0, 10))).toEqual(['2027-10-03']);
  });

  it('makes no AWS call that its synthesized IAM policy does not allow, and has no grant without a use or a reason', () => {
    const grants = grantsByFunction(stack.template, stack.resources);
    expect(deniedCalls(grants, stack.recorder.entries)).toEqual([]);
    const unexplained = unusedGrants(grants, stack.recorder.entries).filter((g) => !reasonFor(g));
    expect(unexplained).toEqual([]);
  });
});

/** Posts a PDF through the page's upload form as a browser does, and returns the page S3 redirects back to. */
async function uploadThroughForm(page: string, fileName: string): Promise<string> {
  const form = /<form method="post" action="([^"]+)" enctype="multipart\/form-data">([\s\S]*?)<\/form>/.exec(page)!;
  const body = new FormData();
  for (const [, name, value] of form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) body.append(name!, value!.replaceAll('&amp;', '&').replaceAll('&quot;', '"'));
  body.append('file', new Blob([new Uint8Array(samplePdf(fileName))], { type: 'application/pdf' }), fileName);
  const res = await fetch(form[1]!.replaceAll('&amp;', '&'), { method: 'POST', body, redirect: 'manual' });
  expect(res.status).toBe(303);
  return (await fetch(local(res.headers.get('location')!))).text();
}
