import { refText } from '../functions/adapters/store/templates.js';
import { systemClock } from '../functions/adapters/clock.js';
import { AdminError } from '../functions/services/administration.js';
import { applyTemplateLoad, planTemplateLoad } from '../functions/services/template-load.js';
import { planCycleMove, requestCycleMove } from '../functions/services/template-move.js';
import type { TemplateRef } from '../functions/core/model.js';
import type { Target } from './beheer-target.js';
import { CliError, loadTemplate } from './cycle-input.js';

/** The template commands of `npm run beheer`: load a version, list them, move a running cycle to them. */
export const templateUsage = `  sjabloon laden        --tenant <id> --bestand sjabloon.yaml [--jaar 2027] [--uitvoeren]
                                      controleert het sjabloon zoals npm run cycle -- check, toont de kalender
                                      van het jaar en de verschillen met de versie in gebruik; slaat het met
                                      --uitvoeren op als nieuwe versie, voor cycli die vanaf nu openen
  sjabloon versies      --tenant <id>
                                      alle versies, welke in gebruik zijn, en welke versies elke cyclus volgt
  sjabloon toepassen    --tenant <id> --jaar <jaar> [--versie <sjabloon>@<versie> …] [--uitvoeren]
                                      zet een lopende cyclus over op de versies in gebruik (of de genoemde):
                                      gewijzigde termijnen krijgen een nieuwe revisie, vervallen leveringen
                                      worden gesloten met de reden, ingediende blijven; alles in het logboek`;

export const templateCommands = ['sjabloon laden', 'sjabloon versies', 'sjabloon toepassen'];

export interface TemplateValues {
  tenant?: string;
  bestand?: string;
  jaar?: string;
  versie?: string[];
  uitvoeren?: boolean;
}

const indent = (lines: string[]) => lines.map((l) => `  ${l}`).join('\n');
const dryRun = 'Proefdraai: er is niets opgeslagen. Voer het uit met --uitvoeren.';
const operator = () => `beheer (${process.env.USER ?? 'operator'})`;

function need(value: string | undefined, name: string, example: string): string {
  if (!value) throw new CliError(`geef --${name} op, bv. --${name} ${example}.`);
  return value;
}

function yearOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^20\d\d$/.test(value)) throw new CliError(`--jaar moet een jaartal zijn zoals 2027, niet "${value}".`);
  return Number(value);
}

function refsOf(values: string[] | undefined): TemplateRef[] | undefined {
  if (!values?.length) return undefined;
  return values.map((v) => {
    const m = /^([a-z0-9][a-z0-9-]{0,59})@([1-9]\d{0,3})$/.exec(v);
    if (!m) throw new CliError(`--versie moet <sjabloon>@<versie> zijn, bv. leusden-omthuis-2026@2, niet "${v}".`);
    return { id: m[1]!, version: Number(m[2]) };
  });
}

export async function runTemplateCommand(target: Target, command: string, values: TemplateValues): Promise<void> {
  const { store } = target;
  const tenantId = need(values.tenant, 'tenant', 'amersfoort');
  switch (command) {
    case 'sjabloon laden': {
      const file = need(values.bestand, 'bestand', 'sjabloon.yaml');
      const { template, uncheckedSources, yaml } = loadTemplate(file);
      for (const agreement of uncheckedSources) console.error(`beheer: let op: de brontekst ${agreement}.txt is niet gevonden; de citaten daaruit zijn niet gecontroleerd.`);
      const year = yearOf(values.jaar);
      const plan = await planTemplateLoad(store, tenantId, template, yaml, { ...(year ? { year } : {}), now: systemClock.now() });
      console.log(`${file}: geldig — ${target.described}\n${indent(plan.summary)}`);
      if (plan.unchanged) return console.log(`Dit is al ${refText(plan.replaces!)}, in gebruik; er verandert niets.`);
      if (plan.replaces) console.log(plan.diff.length ? `Verschillen met ${refText(plan.replaces)}:\n${indent(plan.diff)}` : `Geen verschillen in leveringen, termijnen of herinneringen met ${refText(plan.replaces)}.`);
      else console.log(`Sjabloon ${template.id} is nog niet in gebruik bij deze gemeente.`);
      console.log(`Kalender ${plan.calendar.year}:\n${indent(plan.calendar.lines)}`);
      for (const warning of plan.warnings) console.log(`  let op: ${warning}`);
      for (const { year: y, refs } of plan.stays) console.log(`  let op: cyclus ${y} blijft ${refs.map(refText).join(' + ')} volgen; zet hem over met: sjabloon toepassen --tenant ${tenantId} --jaar ${y}`);
      if (!values.uitvoeren) return console.log(dryRun);
      const version = await applyTemplateLoad(store, tenantId, template, yaml, { at: systemClock.now().toISOString(), actor: operator() });
      console.log(`Opgeslagen: ${refText(version)} voor gemeente ${tenantId}, in gebruik voor cycli die vanaf nu openen.`);
      return;
    }
    case 'sjabloon versies': {
      const [versions, inUse] = await Promise.all([store.templates.versions(tenantId), store.templates.inUse(tenantId)]);
      if (!versions.length) return console.log(`Gemeente ${tenantId} heeft nog geen sjabloon; laad er een met sjabloon laden.`);
      console.log(`Sjablonen van gemeente ${tenantId} — ${target.described}`);
      for (const v of versions) {
        const used = inUse.some((u) => u.id === v.id && u.version === v.version);
        console.log(`  ${refText(v).padEnd(40)} ${v.validFrom}–${v.validTo}  geladen ${v.loadedAt.slice(0, 10)} door ${v.loadedBy}${used ? '  (in gebruik)' : ''}`);
      }
      const years = [...new Set(versions.flatMap((v) => Array.from({ length: v.validTo - v.validFrom + 1 }, (_, i) => v.validFrom + i)))];
      for (const year of years) {
        const cycle = await store.cycles.get(tenantId, year);
        if (cycle) console.log(`  cyclus ${year} volgt ${cycle.templates?.map(refText).join(' + ') ?? 'de versies in gebruik (geopend voor er versies waren)'}`);
      }
      return;
    }
    case 'sjabloon toepassen': {
      const year = yearOf(need(values.jaar, 'jaar', '2027'))!;
      const plan = await planCycleMove({ store }, tenantId, year, refsOf(values.versie));
      console.log(`Cyclus ${year} van gemeente ${tenantId} — ${target.described}`);
      console.log(`  volgt nu ${plan.from.map(refText).join(' + ') || '(niets vastgelegd)'}; wordt ${plan.to.map(refText).join(' + ')}`);
      if (plan.templateChanges.length) console.log(`Verschillen tussen de sjablonen:\n${indent(plan.templateChanges)}`);
      console.log(plan.instances.length ? `Wat er in ${year} verandert:\n${indent(plan.instances.map((c) => c.line))}` : `In ${year} verandert er niets aan de leveringen.`);
      if (!values.uitvoeren) return console.log(dryRun);
      if (!plan.instances.length && JSON.stringify(plan.from) === JSON.stringify(plan.to)) return console.log('Er was niets toe te passen.');
      if (!(await requestCycleMove({ store }, plan, { actor: operator(), at: systemClock.now().toISOString() }))) {
        throw new AdminError(['de cyclus is intussen door iemand anders overgezet; bekijk het opnieuw']);
      }
      console.log(
        `Vastgelegd en in het logboek gezet: cyclus ${year} volgt nu ${plan.to.map(refText).join(' + ')}. De leveringen volgen bij de volgende ronde van de reconciler (elk uur; lokaal op de klok van npm start), of meteen met de knop Toepassen op het dashboard.`,
      );
      return;
    }
    default:
      throw new AdminError([`onbekende opdracht ${command}`]);
  }
}
