import { SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { expect, it } from 'vitest';
import { localCredentials, localRegion } from '../../infra/local/dynamodb.js';
import type { LocalServiceIncident } from '../../infra/local/ports.js';
import { startSesLocal } from '../../infra/local/ses.js';
import { inbox } from '../support.js';

it('starts SES local again on its port when its server stops, says so in one Dutch line, and keeps the inbox', async () => {
  const incidents: LocalServiceIncident[] = [];
  const ses = await startSesLocal({ onIncident: (i) => incidents.push(i) });
  const client = new SESClient({ endpoint: ses.endpoint, region: localRegion, credentials: localCredentials, maxAttempts: 1 });
  const send = (subject: string) =>
    client.send(
      new SendEmailCommand({
        Source: 'prestatieafspraken@example.org',
        Destination: { ToAddresses: ['secretaris.hlve@example.org'] },
        Message: { Subject: { Data: subject }, Body: { Text: { Data: 'tekst' } } },
      }),
    );
  try {
    await send('voor');
    const crashed = ses.server();
    // As a crash would: every connection cut, the port let go.
    crashed.closeAllConnections();
    crashed.close();
    for (const until = Date.now() + 10_000; incidents.length === 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
    expect(incidents).toEqual([
      { service: 'SES local', fatal: false, message: `SES local (poort ${new URL(ses.endpoint).port}) is onverwacht gestopt en weer gestart; het postvak is bewaard.` },
    ]);
    expect(ses.server()).not.toBe(crashed);
    await send('na');
    expect((await inbox(ses.endpoint)).map((m) => m.subject)).toEqual(['voor', 'na']);
  } finally {
    client.destroy();
    await ses.stop();
  }
  // A stop on purpose is no incident.
  expect(incidents).toHaveLength(1);
});
