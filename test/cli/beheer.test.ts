import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { documentClient } from '../../functions/adapters/deps.js';
import { Store } from '../../functions/adapters/store/index.js';
import { createTableInput } from '../../functions/adapters/table-design.js';
import { localCredentials, localRegion } from '../../infra/local/dynamodb.js';
import { amersfoortTemplate, contactsHeader, excel } from '../fixtures/amersfoort.js';
import { huuradviesTemplate, runCli } from '../support.js';

/**
 * A second municipality set up as an administrator does it, through `npm run beheer -- …` (the
 * same script with the same Node) against a table of its own in the shared DynamoDB Local.
 */
const tableName = `beheer-${randomBytes(6).toString('hex')}`;
const endpoint = inject('dynamoEndpoint');
const client = new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials });
const db = documentClient(client);
const store = new Store(db, tableName);
const dir = mkdtempSync(join(tmpdir(), 'beheer-'));
const beheer = (...args: string[]) => runCli('beheer.ts', ...args, '--endpoint', endpoint, '--tabel', tableName);
const scan = async () => ((await db.send(new ScanCommand({ TableName: tableName }))).Items ?? []).sort((a, b) => `${a.pk}${a.sk}`.localeCompare(`${b.pk}${b.sk}`));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const header = contactsHeader;
const template = amersfoortTemplate;
/** The deliverables of the template version in use. */
const inUse = async () => {
  const [version] = await store.templates.inUse('amersfoort');
  return version && (await store.templates.version('amersfoort', version))?.template.deliverables.map((d) => d.id);
};

beforeAll(async () => {
  await client.send(new CreateTableCommand(createTableInput(tableName)));
});
afterAll(() => client.destroy());

describe('npm run beheer -- tenant aanmaken', () => {
  it('creates the tenant, accepts the same again and refuses a different one', async () => {
    const args = ['--id', 'amersfoort', '--naam', 'Gemeente Amersfoort', '--afzender', 'Prestatieafspraken Amersfoort', '--antwoordadres', 'wonen@amersfoort.example.org'];
    const created = await beheer('tenant', 'aanmaken', ...args, '--tijdzone', 'Europe/Amsterdam');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Gemeente amersfoort (Gemeente Amersfoort) aangemaakt');
    expect(await store.tenants.getTenant('amersfoort')).toEqual({
      tenantId: 'amersfoort',
      name: 'Gemeente Amersfoort',
      senderName: 'Prestatieafspraken Amersfoort',
      replyTo: 'wonen@amersfoort.example.org',
      timeZone: 'Europe/Amsterdam',
    });
    const again = await beheer('tenant', 'aanmaken', ...args, '--tijdzone', 'Europe/Amsterdam');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('bestond al met precies deze gegevens');
    const before = await scan();
    const other = await beheer('tenant', 'aanmaken', '--id', 'amersfoort', '--naam', 'Gemeente Amersfoort-Zuid');
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('gemeente amersfoort bestaat al, met andere gegevens (--naam: nu "Gemeente Amersfoort"');
    const bad = await beheer('tenant', 'aanmaken', '--id', 'Utrecht!', '--naam', 'Gemeente Utrecht', '--antwoordadres', 'geen-adres', '--tijdzone', 'Mars/Olympus');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--id: moet bestaan uit kleine letters[\s\S]*--antwoordadres: is geen geldig e-mailadres[\s\S]*--tijdzone: is geen tijdzone/);
    expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(await scan()).toEqual(before);
  });
});

describe('npm run beheer -- contacten importeren', () => {
  const rows = [
    header,
    'gemeente-amersfoort;Gemeente Amersfoort;gemeente;coordinator;Coördinator Wonen;wonen@amersfoort.example.org;ja;ja',
    'wsl;Woningstichting Leusden (WSL);corporatie;bestuurder;"Bestuurder; WSL";bestuurder@wsl.example.org;;',
    'hlve;Huurders Leusden Voor Elkaar (HLVE);huurdersorganisatie;secretaris;Secretaris HLVE;secretaris@hlve.example.org;nee;ja',
  ];

  it('shows a dry run that changes nothing, then imports exactly the rows', async () => {
    const csv = file('contacten.csv', excel(rows));
    const before = await scan();
    const dry = await beheer('contacten', 'importeren', '--tenant', 'amersfoort', '--bestand', csv);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('nieuwe partij        wsl: Woningstichting Leusden (WSL) (corporatie)');
    expect(dry.stdout).toContain('nieuw contact        gemeente-amersfoort/coordinator: Coördinator Wonen <wonen@amersfoort.example.org>, coördinator');
    expect(dry.stdout).toContain('nieuw contact        wsl/bestuurder: Bestuurder; WSL <bestuurder@wsl.example.org>');
    expect(dry.stdout).toContain('Proefdraai: er is niets opgeslagen');
    expect(await scan()).toEqual(before);

    const run = await beheer('contacten', 'importeren', '--tenant', 'amersfoort', '--bestand', csv, '--uitvoeren');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Opgeslagen: 3 partijen en 3 contacten geschreven.');
    const directory = await store.tenants.directory('amersfoort');
    expect(directory.parties.map((p) => [p.partyId, p.name, p.role])).toEqual([
      ['gemeente-amersfoort', 'Gemeente Amersfoort', 'gemeente'],
      ['hlve', 'Huurders Leusden Voor Elkaar (HLVE)', 'huurdersorganisatie'],
      ['wsl', 'Woningstichting Leusden (WSL)', 'corporatie'],
    ]);
    expect(directory.contacts.map((c) => [`${c.partyId}/${c.contactId}`, c.name, c.email, c.coordinator, c.active])).toEqual([
      ['gemeente-amersfoort/coordinator', 'Coördinator Wonen', 'wonen@amersfoort.example.org', true, true],
      ['hlve/secretaris', 'Secretaris HLVE', 'secretaris@hlve.example.org', false, true],
      ['wsl/bestuurder', 'Bestuurder; WSL', 'bestuurder@wsl.example.org', false, true],
    ]);

    const same = await beheer('contacten', 'importeren', '--tenant', 'amersfoort', '--bestand', csv);
    expect(same.stdout).toContain('geen wijzigingen');
    expect(same.stdout).toContain('ongewijzigd: 3 contacten');
  });

  it('refuses a file with one bad row whole, naming the line, and changes nothing', async () => {
    const bad = [...rows.slice(0, 3), rows[3]!.replace('secretaris@hlve.example.org', 'secretaris@'), 'hlve;;;penningmeester;Penningmeester;penning@hlve.example.org;nee;ja'];
    bad[2] = bad[2]!.replace('bestuurder@wsl.example.org', 'nieuw@wsl.example.org');
    const before = await scan();
    const run = await beheer('contacten', 'importeren', '--tenant', 'amersfoort', '--bestand', file('fout.csv', excel(bad)), '--uitvoeren');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('regel 4, kolom e-mail: "secretaris@" is geen geldig e-mailadres');
    expect(run.stderr).toContain('er is niets geïmporteerd');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await scan()).toEqual(before);

    const lf = await beheer('contacten', 'importeren', '--tenant', 'amersfoort', '--bestand', file('rol.csv', `${header}\nnieuw;Nieuwe partij;makelaar;a;A;a@example.org;;\n`), '--uitvoeren');
    expect(lf.code).toBe(2);
    expect(lf.stderr).toContain('regel 2, kolom rol: moet gemeente, corporatie, huurdersorganisatie zijn, niet "makelaar"');
    expect(await scan()).toEqual(before);
  });

  it('shows changed addresses and deactivations, and clears nothing it was not told', async () => {
    const changed = [header, rows[2]!.replace('bestuurder@wsl.example.org', 'directie@wsl.example.org'), 'hlve;;;secretaris;Secretaris HLVE;secretaris@hlve.example.org;;nee'];
    const run = await beheer('contacten', 'importeren', '--tenant', 'amersfoort', '--bestand', file('wijziging.csv', excel(changed)), '--uitvoeren');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('contact gewijzigd    wsl/bestuurder: e-mail bestuurder@wsl.example.org → directie@wsl.example.org');
    expect(run.stdout).toContain('gedeactiveerd        hlve/secretaris');
    expect(run.stdout).toContain('niet in het bestand, blijven zoals ze zijn: gemeente-amersfoort/coordinator');
    expect((await store.tenants.getContact('amersfoort', 'hlve', 'secretaris'))?.active).toBe(false);
    expect((await store.tenants.getContact('amersfoort', 'gemeente-amersfoort', 'coordinator'))?.coordinator).toBe(true);
    // HLVE active again for the template's checks below.
    await beheer('contacten', 'importeren', '--tenant', 'amersfoort', '--bestand', file('terug.csv', excel([header, 'hlve;;;secretaris;Secretaris HLVE;secretaris@hlve.example.org;;ja'])), '--uitvoeren');
    expect((await store.tenants.getContact('amersfoort', 'hlve', 'secretaris'))?.active).toBe(true);
  });
});

describe('npm run beheer -- coordinator instellen', () => {
  it('adds a coordinator in the coordinating party, says who they all are, and refuses another party', async () => {
    await beheer('contacten', 'importeren', '--tenant', 'amersfoort', '--bestand', file('tweede.csv', excel([header, 'gemeente-amersfoort;;;beleid;Beleidsmedewerker Wonen;beleid@amersfoort.example.org;;'])), '--uitvoeren');
    const set = await beheer('coordinator', 'instellen', '--tenant', 'amersfoort', '--partij', 'gemeente-amersfoort', '--contact', 'beleid');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('gemeente-amersfoort/coordinator: Coördinator Wonen <wonen@amersfoort.example.org>');
    expect(set.stdout).toContain('gemeente-amersfoort/beleid: Beleidsmedewerker Wonen <beleid@amersfoort.example.org>');
    expect((await store.tenants.getContact('amersfoort', 'gemeente-amersfoort', 'beleid'))?.coordinator).toBe(true);

    const before = await scan();
    const other = await beheer('coördinator', 'instellen', '--tenant', 'amersfoort', '--partij', 'wsl', '--contact', 'bestuurder');
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('coördinatoren horen bij één partij; nu zouden ze bij gemeente-amersfoort en wsl horen');
    const unknown = await beheer('coordinator', 'instellen', '--tenant', 'amersfoort', '--partij', 'wsl', '--contact', 'niemand');
    expect(unknown.stderr).toContain('contact wsl/niemand bestaat niet bij gemeente amersfoort; bij wsl staan bestuurder');
    expect(await scan()).toEqual(before);
  });
});

describe('npm run beheer -- sjabloon laden', () => {
  it('checks and summarises a template, stores it only with --uitvoeren, then shows the diff of the next version', async () => {
    const v1 = file('sjabloon.yaml', template(1));
    const before = await scan();
    const dry = await beheer('sjabloon', 'laden', '--tenant', 'amersfoort', '--bestand', v1);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('geldig voor 2020 tot en met 2040');
    expect(dry.stdout).toContain('2 leveringen, 3 partijen, coördinerende partij gemeente-amersfoort');
    expect(dry.stdout).toContain('is nog niet in gebruik bij deze gemeente');
    expect(dry.stdout).toMatch(/Kalender 20\d\d:\n {2}\S+dag \d+ februari 20\d\d +huuradvies: /);
    expect(await scan()).toEqual(before);
    expect(await inUse()).toBeUndefined();

    const run = await beheer('sjabloon', 'laden', '--tenant', 'amersfoort', '--bestand', v1, '--uitvoeren');
    expect(run.code).toBe(0);
    expect(await inUse()).toEqual(['huuradvies', 'huuradvies-extra']);

    const v2 = file('sjabloon-2.yaml', template(2));
    const diff = await beheer('sjabloon', 'laden', '--tenant', 'amersfoort', '--bestand', v2);
    expect(diff.code).toBe(0);
    const lines = diff.stdout.split('\n').filter((l) => /^ {2}[+~-] /.test(l));
    expect(lines).toEqual([
      '  ~ huuradvies: termijn "vóór 1 maart" → "vóór 1 april"',
      '  + huuradvies-bijstelling: Bijgesteld huuradvies (vóór 1 maart)',
      '  - huuradvies-extra: Extra huuradvies',
    ]);
    expect(await inUse()).toEqual(['huuradvies', 'huuradvies-extra']);
    const stored = await beheer('sjabloon', 'laden', '--tenant', 'amersfoort', '--bestand', v2, '--uitvoeren');
    expect(stored.stdout).toContain('Opgeslagen: huuradvies-test versie 2 voor gemeente amersfoort');
    expect(await inUse()).toEqual(['huuradvies', 'huuradvies-bijstelling']);
    // Both versions are kept; loading the same text again is no third one.
    await beheer('sjabloon', 'laden', '--tenant', 'amersfoort', '--bestand', v2, '--uitvoeren');
    expect((await store.templates.versions('amersfoort')).map((v) => v.version)).toEqual([1, 2]);
    const versions = await beheer('sjabloon', 'versies', '--tenant', 'amersfoort');
    expect(versions.stdout).toMatch(/huuradvies-test versie 1 +2020–2040 +geladen \d{4}-\d\d-\d\d door beheer \(.*\)\n/);
    expect(versions.stdout).toMatch(/huuradvies-test versie 2 +2020–2040 .*\(in gebruik\)/);
  });

  it('refuses an invalid template or one for another tenant, as cycle check does, and stores nothing', async () => {
    const before = await scan();
    const leusden = await beheer('sjabloon', 'laden', '--tenant', 'amersfoort', '--bestand', huuradviesTemplate.pathname, '--uitvoeren');
    expect(leusden.code).toBe(2);
    expect(leusden.stderr).toContain('het sjabloon is voor gemeente leusden (tenant: leusden), niet voor amersfoort');
    const broken = await beheer('sjabloon', 'laden', '--tenant', 'amersfoort', '--bestand', file('kapot.yaml', template(1).replace('month: 3', 'month: 13')), '--uitvoeren');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/is geen geldig sjabloon:\n {2}- deliverables\[0\] \(huuradvies\)\.due\.month \(regel \d+\): moet 1-12 zijn/);
    expect(await scan()).toEqual(before);
  });
});
