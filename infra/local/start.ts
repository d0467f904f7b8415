import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ScaledClock, systemClock, type Clock } from '../../functions/adapters/clock.js';
import { huuradvies } from '../../functions/core/huuradvies.js';
import { newInstance, slotsOf } from '../../functions/core/instance.js';
import { dutchDateTime, localDateOf } from '../../functions/core/time.js';
import { openCycle } from '../../functions/open-cycle.js';
import { personalLink } from '../../functions/links.js';
import { startLocalCloud } from './cloud.js';
import { LocalSetupError } from './ports.js';
import { leusden, seedLeusden } from './seed.js';

const usage = `npm start -- [opties]

  --clock fast|real     fast (standaard): de tijd loopt versneld; real: de echte klok
  --speed N             hoeveel keer sneller dan echt (standaard 8640: een dag per 10 seconden)
  --from TIJDSTIP       startmoment van de snelle klok, bv. 2027-01-31T08:00 (standaard: kort voor de eerste herinnering)
  --year JAAR           het cyclusjaar (standaard: het eerstvolgende jaar waarvan het huuradvies nog moet komen)
  --fresh               begin met een lege database (wist de gegevensmap)
  --data MAP            waar gegevens en sleutels staan (standaard .local)
  --http-port, --ses-port, --dynamodb-port   poorten (standaard 3000, 8005, 8000)
`;

function fail(message: string): never {
  console.error(`prestatiecyclus: ${message}`);
  process.exit(1);
}

async function main() {
  const { values } = parseArgs({
    options: {
      clock: { type: 'string', default: 'fast' },
      speed: { type: 'string', default: '8640' },
      from: { type: 'string' },
      year: { type: 'string' },
      fresh: { type: 'boolean', default: false },
      data: { type: 'string', default: '.local' },
      'http-port': { type: 'string', default: '3000' },
      'ses-port': { type: 'string', default: '8005' },
      'dynamodb-port': { type: 'string', default: '8000' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const today = new Date();
  const year = values.year
    ? Number(values.year)
    : (() => {
        const thisYear = localDateOf(today).year;
        const thisLate = Date.parse(newInstance(huuradvies, 'x', thisYear, today).lateFrom);
        return today.getTime() < thisLate ? thisYear : thisYear + 1;
      })();
  if (!Number.isInteger(year) || year < 2000 || year > 2200) fail(`--year moet een jaartal zijn, niet "${values.year}".`);
  const speed = Number(values.speed);
  if (!(speed > 0)) fail(`--speed moet een positief getal zijn, niet "${values.speed}".`);
  const firstSlot = slotsOf(newInstance(huuradvies, 'x', year, today))[0]!;
  let clock: Clock;
  if (values.clock === 'real') clock = systemClock;
  else if (values.clock === 'fast') {
    const from = values.from ? new Date(values.from.length <= 16 ? `${values.from}:00+01:00` : values.from) : new Date(firstSlot.at.getTime() - 2 * 3600_000);
    if (Number.isNaN(from.getTime())) fail(`--from moet een tijdstip zijn zoals 2027-01-31T08:00, niet "${values.from}".`);
    clock = new ScaledClock(from, speed);
  } else fail(`--clock moet fast of real zijn, niet "${values.clock}".`);
  const ports = ['http-port', 'ses-port', 'dynamodb-port'].map((k) => Number(values[k as 'http-port']));
  if (ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) fail('een poort moet een getal van 1 tot 65535 zijn.');

  if (values.fresh) rmSync(values.data, { recursive: true, force: true });
  const cloud = await startLocalCloud({
    clock,
    dataDir: values.data,
    httpPort: ports[0],
    sesPort: ports[1],
    dynamoPort: ports[2],
    // One line per mail on the terminal: the time on the clock and the subject, never an address.
    wrapMailer: (mailer) => ({
      send: async (mail) => {
        const id = await mailer.send(mail);
        console.log(`  [${dutchDateTime(clock.now())}] mail verstuurd: ${mail.subject}`);
        return id;
      },
    }),
  });
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nprestatiecyclus: stoppen…');
    await cloud.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  if (clock instanceof ScaledClock) clock.restart();
  await seedLeusden(cloud.store);
  const opened = await openCycle(cloud.deps, leusden.tenant.tenantId, year);
  const records = (await cloud.store.loadInstance('leusden', year, huuradvies.id))!;
  const hlve = leusden.contacts.find((c) => c.partyId === 'hlve')!;
  const { url } = await personalLink(cloud.deps, records, hlve);
  const statusUrl = `${cloud.urls.http}/api/tenants/leusden/cycles/${year}`;

  console.log(`
prestatiecyclus draait lokaal — gemeente Leusden, cyclus ${year}
  klok           ${values.clock === 'real' ? 'echt' : `${speed}× versneld, nu ${dutchDateTime(clock.now())}`}
  huuradvies     ${opened.opened.length ? 'geopend' : 'was al geopend'}; eerste herinnering ${dutchDateTime(firstSlot.at)}

  Postvak (SES local)         ${cloud.urls.inbox}
  Link van HLVE (indienen)    ${url}
  Status (coördinator, JSON)  curl -H 'Authorization: Bearer ${cloud.devToken}' ${statusUrl}

  DynamoDB Local              ${cloud.urls.dynamodb} (gegevens in ${values.data}/)
  Stoppen: Ctrl-C
`);
}

main().catch((error: unknown) => {
  if (error instanceof LocalSetupError) fail(error.message);
  fail(`starten mislukt: ${(error as Error).message}`);
});
