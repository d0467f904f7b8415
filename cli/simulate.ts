import { parseArgs } from 'node:util';
import { startDynamoDbLocal, type DynamoDbLocal } from '../infra/local/dynamodb.js';
import { LocalSetupError } from '../infra/local/ports.js';

const usage = `npm run simulate -- --template <bestand> --year <JJJJ> [--scenario <bestand>] [--from JJJJ-MM-DD]

Speelt een heel cyclusjaar af op een gesimuleerde klok, met de echte workflows, handlers,
DynamoDB Local en SES local, en drukt een tijdlijn en een samenvatting af.
Het scenario (YAML) zegt hoe partijen zich gedragen: wanneer ze indienen, en wie de ontvangst
van een doorgestuurde versie bevestigt (confirms: { party, afterDays }); zie workflows/cycles/scenarios/.
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      template: { type: 'string' },
      year: { type: 'string' },
      scenario: { type: 'string' },
      from: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  // DynamoDB Local's JVM starts while the simulator's code loads: each takes a second or two.
  const dynamo = startDynamoDbLocal();
  dynamo.catch(() => undefined); // told when awaited below, not as an unhandled rejection
  try {
    await simulate(values, dynamo);
  } finally {
    await (await dynamo.catch(() => undefined))?.stop();
  }
}

async function simulate(values: { template?: string; year?: string; scenario?: string; from?: string }, dynamo: Promise<DynamoDbLocal>): Promise<void> {
  const [{ loadScenario, localStamp, scenarioProblems, simulateYear }, { CliError, loadTemplate, parseYear }, { yearOutsideTemplate }] = await Promise.all([
    import('../infra/local/simulate.js'),
    import('./cycle-input.js'),
    import('../functions/core/template.js'),
  ]);
  if (!values.template) throw new CliError(`geef een sjabloon op met --template <bestand>.\n\n${usage}`);
  const { template } = loadTemplate(values.template);
  const year = parseYear(values.year);
  const outside = yearOutsideTemplate(template, year);
  if (outside) throw new CliError(outside);
  let scenario;
  try {
    scenario = loadScenario(values.scenario);
  } catch (error) {
    throw new CliError(`het scenario is ongeldig: ${(error as Error).message}`);
  }
  const problems = scenarioProblems(scenario, template);
  if (problems.length > 0) throw new CliError(`het scenario past niet bij het sjabloon: ${problems.join('; ')}`);
  const from = values.from ? new Date(`${values.from}T08:00:00+01:00`) : undefined;
  if (from && Number.isNaN(from.getTime())) throw new CliError(`--from moet een datum zijn zoals 2026-12-01, niet "${values.from}".`);
  const result = await simulateYear({ templateFile: values.template, year, scenario, from, dynamoEndpoint: (await dynamo).endpoint });
  console.log(`${template.title} — gesimuleerd jaar ${year}\n`);
  console.log('datum             levering                                          partij              wat');
  for (const e of result.timeline) {
    console.log(`${localStamp(e.at)}  ${e.instanceId.padEnd(48).slice(0, 48)}  ${e.party.padEnd(18).slice(0, 18)}  ${e.what} (${e.detail})`);
  }
  const s = result.summary;
  console.log(`
Samenvatting
  leveringen          ${s.instances} (${s.dated} met een termijn)
  op tijd ingediend   ${s.onTime}
  te laat ingediend   ${s.late}
  niet ingediend      ${s.neverSubmitted}
  escalaties          ${s.escalations}
  doorgestuurd        ${s.forwards} e-mails${s.forwardsPending > 0 ? ` (${s.forwardsPending} versies nog niet bij iedereen)` : ''}
  ontvangst bevestigd ${s.confirmations}
  berichten per partij ${Object.entries(s.noticesPerParty).map(([p, n]) => `${p} ${n}`).join(', ')}
  rekentijd           ${(result.wallMs / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  if ((error as Error).name === 'CliError' || error instanceof LocalSetupError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`simulate: ${(error as Error).message}`);
    process.exitCode = 2;
  } else {
    console.error(`simulate: mislukt: ${(error as Error).message}`);
    process.exitCode = 1;
  }
});
