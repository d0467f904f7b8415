import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ScaledClock, systemClock, type Clock } from '../../functions/adapters/clock.js';
import { planYear, slotsOfPlanned } from '../../functions/core/calendar.js';
import { yearOutsideTemplate, type CycleTemplate } from '../../functions/core/template.js';
import { dutchDateTime, localDateOf } from '../../functions/core/time.js';
import { personalLink } from '../../functions/services/links.js';
import { startLocalCloud } from './cloud.js';
import { LocalSetupError, type LocalServiceIncident } from './ports.js';
import { composeTemplates } from '../../functions/core/template-compose.js';
import { ensureLocalUserPool, localCognitoClient, localCognitoDefaults, startCognitoLocal } from './cognito.js';
import { openCycleLocally, readTemplate, seedTenant, templatesDir } from './seed.js';

const usage = `npm start -- [opties]

  --clock fast|real     fast (standaard): de tijd loopt versneld; real: de echte klok
  --speed N             hoeveel keer sneller dan echt (standaard 8640: een dag per 10 seconden)
  --from TIJDSTIP       startmoment van de snelle klok, bv. 2027-01-31T08:00 (standaard: waar de klok bij de
                        vorige start stond, of bij een eerste start kort voor de eerste herinnering van het jaar)
  --year JAAR           het cyclusjaar (standaard: het jaar van de eerstvolgende 1 maart)
  --template BESTAND    een cyclussjabloon; twee keer voor twee afspraken die samen gelden (standaard
                        workflows/cycles/leusden-omthuis-2026.yaml en leusden-procesafspraken.yaml: de
                        afspraken van 2026 met de procesafspraken die doorlopen, zie dat sjabloon)
  --fresh               begin met een lege database (wist de gegevensmap)
  --data MAP            waar gegevens en sleutels staan (standaard .local)
  --http-port, --ses-port, --dynamodb-port, --cognito-port   poorten (standaard 3000, 8005, 8000, 9229)
`;

/** Where the fast clock stood, in the data folder: a second start goes on from there, not back. */
interface SavedClock {
  v: 1;
  template: string;
  year: number;
  now: string;
}

function readSavedClock(file: string, template: string, year: number): Date | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<SavedClock>;
    // Another template or year in the same folder starts its own demo.
    if (saved.v !== 1 || saved.template !== template || saved.year !== year || typeof saved.now !== 'string') return undefined;
    const at = new Date(saved.now);
    return Number.isNaN(at.getTime()) ? undefined : at;
  } catch {
    return undefined;
  }
}

/** Write-then-rename, so a start killed mid-write leaves the previous position, not half a file. */
function saveClock(file: string, saved: SavedClock): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(saved)}\n`);
  renameSync(`${file}.tmp`, file);
}

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
      template: { type: 'string', multiple: true },
      fresh: { type: 'boolean', default: false },
      data: { type: 'string', default: '.local' },
      'http-port': { type: 'string', default: '3000' },
      'ses-port': { type: 'string', default: '8005' },
      'dynamodb-port': { type: 'string', default: '8000' },
      'cognito-port': { type: 'string', default: String(localCognitoDefaults.port) },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const today = new Date();
  const thisYear = localDateOf(today).year;
  const year = values.year ? Number(values.year) : localDateOf(today).month < 3 ? thisYear : thisYear + 1;
  if (!Number.isInteger(year) || year < 2000 || year > 2200) fail(`--year moet een jaartal zijn, niet "${values.year}".`);
  const speed = Number(values.speed);
  if (!(speed > 0)) fail(`--speed moet een positief getal zijn, niet "${values.speed}".`);
  // The whole rhythm on the first start: the 2026 agreement and the procesafspraken that carry on beside it.
  const templateFiles = values.template?.length ? values.template : ['leusden-omthuis-2026.yaml', 'leusden-procesafspraken.yaml'].map((f) => new URL(f, templatesDir));
  let template: CycleTemplate;
  try {
    const composed = composeTemplates(templateFiles.map((f) => readTemplate(f).template));
    if (!composed.ok) fail(`de sjablonen passen niet samen: ${composed.problems.join('; ')}`);
    template = composed.template;
  } catch (error) {
    fail(`het sjabloon is ongeldig of onleesbaar: ${(error as Error).message}`);
  }
  const outside = yearOutsideTemplate(template, year);
  if (outside) fail(`${outside} Kies --year binnen die jaren of een ander --template.`);
  // Whichever municipality the template is for: its id, its name (the gemeente's party), its parties.
  const tenantId = template.tenant;
  const municipality = template.parties.find((p) => p.role === 'gemeente')?.name ?? template.title;
  const partyName = (id: string) => template.parties.find((p) => p.id === id)?.name ?? id;
  // The link printed is for the tenant organisation's first dated deliverable (the huuradvies, if the template has it).
  const planned = planYear(template, year).filter((i) => i.timing.state === 'dated');
  const tenants = new Set(template.parties.filter((p) => p.role === 'huurdersorganisatie').map((p) => p.id));
  const focus = planned.find((i) => i.deliverableId === 'huuradvies') ?? planned.find((i) => tenants.has(i.responsible)) ?? planned[0];
  const firstSlot = focus ? slotsOfPlanned(focus)[0] : undefined;
  // The demo starts two hours before the year's first notice, so the whole rhythm passes by.
  const yearStart = planned.map((i) => ({ instance: i, slot: slotsOfPlanned(i)[0] })).filter((f) => f.slot).sort((a, b) => a.slot!.at.getTime() - b.slot!.at.getTime())[0];

  const clockFile = join(values.data, 'klok.json');
  const resumed = values.clock === 'fast' && !values.from && !values.fresh ? readSavedClock(clockFile, template.id, year) : undefined;
  let clock: Clock;
  if (values.clock === 'real') clock = systemClock;
  else if (values.clock === 'fast') {
    const from = values.from
      ? new Date(values.from.length <= 16 ? `${values.from}:00+01:00` : values.from)
      : (resumed ?? new Date((yearStart?.slot?.at.getTime() ?? Date.now()) - 2 * 3600_000));
    if (Number.isNaN(from.getTime())) fail(`--from moet een tijdstip zijn zoals 2027-01-31T08:00, niet "${values.from}".`);
    clock = new ScaledClock(from, speed, { paused: true });
  } else fail(`--clock moet fast of real zijn, niet "${values.clock}".`);
  const ports = (['http-port', 'ses-port', 'dynamodb-port', 'cognito-port'] as const).map((k) => Number(values[k]));
  if (ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) fail('een poort moet een getal van 1 tot 65535 zijn.');

  if (values.fresh) rmSync(values.data, { recursive: true, force: true });
  const scaled = clock instanceof ScaledClock ? clock : undefined;
  // Saved often (and after every mail), so after a crash the clock goes on at most a second back.
  const savePosition = () => scaled && saveClock(clockFile, { v: 1, template: template.id, year, now: scaled.now().toISOString() });
  let running = false;
  let shutdown: (code: number) => Promise<void> = async (code) => process.exit(code);
  const onIncident = (incident: LocalServiceIncident) => {
    console.error(`prestatiecyclus: ${incident.message}${incident.fatal ? ' prestatiecyclus stopt.' : ''}`);
    if (incident.fatal) void shutdown(1);
  };
  const cloud = await startLocalCloud({
    clock,
    dataDir: values.data,
    httpPort: ports[0],
    sesPort: ports[1],
    dynamoPort: ports[2],
    onIncident,
    tenants: [tenantId],
    mailFrom: `Prestatieafspraken ${municipality.replace(/^Gemeente /, '')} <prestatieafspraken@example.org>`,
    // Restarts what died (a DynamoDB Local that went away mid-task): every six simulated hours, or
    // every five seconds when the clock runs faster than that.
    reconcileEveryMs: Math.max(6 * 3600_000, (scaled?.speed ?? 1) * 5_000),
    // One line per mail on the terminal: the time on the clock and the subject, never an address.
    wrapMailer: (mailer) => ({
      send: async (mail) => {
        const id = await mailer.send(mail);
        console.log(`  [${dutchDateTime(clock.now())}] mail verstuurd: ${mail.subject}`);
        if (running) savePosition();
        return id;
      },
    }),
  });
  // The coordinators' user pool (cognito-local), for npm run beheer -- gebruiker aanmaken without --aws.
  const cognito = await startCognitoLocal({ port: ports[3], dataDir: join(values.data, 'cognito') }).catch(async (error: unknown) => {
    await cloud.stop();
    throw error;
  });
  const cognitoClient = localCognitoClient(cognito.endpoint);
  const userPool = await ensureLocalUserPool(cognitoClient).finally(() => cognitoClient.destroy());
  let stopping = false;
  shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (running) savePosition();
    running = false;
    if (code === 0) console.log('\nprestatiecyclus: stoppen…');
    await Promise.all([cloud.stop(), cognito.stop()]);
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  await seedTenant(cloud.store, tenantId, municipality, templateFiles);
  const opened = await openCycleLocally(cloud.engine, tenantId, year);
  let linkLine = '';
  if (focus) {
    const records = (await cloud.store.cycles.loadInstance(tenantId, year, focus.instanceId))!;
    const { contacts } = await cloud.store.tenants.directory(tenantId);
    const contact = contacts.find((c) => c.partyId === focus.responsible && c.active);
    if (contact) {
      const { url } = await personalLink(cloud.deps, records, contact);
      linkLine = `  Link van ${partyName(focus.responsible)} voor „${focus.title}”\n                              ${url}`;
    }
  }
  const statusUrl = `${cloud.urls.http}/api/tenants/${tenantId}/cycles/${year}`;
  // The clock starts once everything is open, so the first reminder comes at its time.
  if (scaled) {
    scaled.resume();
    running = true;
    savePosition();
    setInterval(savePosition, 1000).unref();
    process.once('exit', () => running && savePosition());
  }

  console.log(`
prestatiecyclus draait lokaal — ${municipality}, cyclus ${year}, sjabloon ${template.id}
  klok           ${values.clock === 'real' ? 'echt' : `${speed}× versneld, nu ${dutchDateTime(clock.now())}${resumed ? ' (verder waar de klok bij de vorige start stond)' : ''}`}
  cyclus         ${opened.opened.length ? `${opened.opened.length} leveringen geopend` : 'was al geopend'}, ${opened.dated.length} met een termijn${yearStart ? `; eerste herinnering ${dutchDateTime(yearStart.slot!.at)} (${partyName(yearStart.instance.responsible)})` : ''}${firstSlot && focus !== yearStart?.instance ? `, aan ${partyName(focus!.responsible)} ${dutchDateTime(firstSlot.at)}` : ''}
${opened.warnings.map((w) => `  let op         ${w}\n`).join('')}
  Dashboard (coördinator)     ${cloud.urls.http}/beheer/${tenantId}/${year}
                              (lokaal aanmelden met uw e-mailadres en gemeente ${tenantId}; geen wachtwoord, alleen lokaal)
  Postvak (SES local)         ${cloud.urls.inbox}
${linkLine}
  Status (coördinator, JSON)  curl -H 'Authorization: Bearer ${cloud.devToken}' ${statusUrl}
                              (een LOKAAL ontwikkeltoken voor de coördinator van ${municipality}, 12 uur geldig)

  DynamoDB Local              ${cloud.urls.dynamodb} (gegevens in ${values.data}/)
  Gebruikers (cognito-local)  ${cognito.endpoint}, pool ${userPool}: npm run beheer -- gebruiker aanmaken --gemeente ${tenantId} --email …
  Stoppen: Ctrl-C
`);
}

main().catch((error: unknown) => {
  if (error instanceof LocalSetupError) fail(error.message);
  fail(`starten mislukt: ${(error as Error).message}`);
});
