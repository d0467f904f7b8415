import { z } from 'zod';
import type { PartyRole } from './model.js';

/**
 * Reading the contact list a person keeps in Excel (Dutch settings): semicolons, UTF-8 with or
 * without a byte-order mark, CRLF or LF, fields optionally in double quotes ("" for a quote).
 * Every problem is a Dutch line naming the line of the file and the column, never thrown.
 */

export interface ContactRow {
  /** The line of the file the row starts on (the header is line 1). */
  line: number;
  partyId: string;
  /** Empty cell: the party as it is stored (a new party needs them). */
  partyName?: string;
  role?: PartyRole;
  contactId: string;
  name: string;
  email: string;
  /** Empty cell or no column: as stored (a new contact: nee). */
  coordinator?: boolean;
  /** Empty cell or no column: as stored (a new contact: ja). */
  active?: boolean;
}

export type ContactsRead = { ok: true; rows: ContactRow[] } | { ok: false; problems: string[] };

/** The columns, by their normalised header, and the field they fill. */
const columns = {
  partij: 'partyId',
  partijnaam: 'partyName',
  rol: 'role',
  contact: 'contactId',
  naam: 'name',
  'e-mail': 'email',
  coordinator: 'coordinator',
  actief: 'active',
} as const;
type Column = keyof typeof columns;
const required: Column[] = ['partij', 'contact', 'naam', 'e-mail'];
const aliases: Record<string, Column> = { email: 'e-mail', 'e-mailadres': 'e-mail', emailadres: 'e-mail', contactpersoon: 'contact' };
/** How each column is called in messages: as the person wrote it in the header. */
const shownName: Record<Column, string> = { ...Object.fromEntries(Object.keys(columns).map((c) => [c, c])), coordinator: 'coördinator' } as Record<Column, string>;

export const roles = ['gemeente', 'corporatie', 'huurdersorganisatie'] as const;
const idPattern = /^[a-z0-9][a-z0-9-]{0,59}$/;
const emailShape = z.email();

/** "Coördinator " → "coordinator": case, accents and spaces do not matter in a header. */
function normalise(header: string): string {
  return header.normalize('NFD').replace(/\p{Diacritic}/gu, '').trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Splits CSV text into records of fields, each with the line it starts on; a quote left open is a problem. */
export function splitCsv(text: string, separator = ';'): { records: { line: number; fields: string[] }[]; problem?: string } {
  const records: { line: number; fields: string[] }[] = [];
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === separator) fields.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      records.push({ line: start, fields: [...fields, field] });
      fields = [];
      field = '';
      start = ++line;
    } else field += ch;
  }
  if (quoted) return { records, problem: `regel ${start}: een aanhalingsteken (") wordt niet gesloten` };
  if (field !== '' || fields.length) records.push({ line: start, fields: [...fields, field] });
  return { records };
}

function yesNo(value: string): boolean | undefined | 'fout' {
  const v = value.trim().toLowerCase();
  if (v === '') return undefined;
  if (['ja', 'j', 'waar', 'true', '1', 'x'].includes(v)) return true;
  if (['nee', 'n', 'onwaar', 'false', '0'].includes(v)) return false;
  return 'fout';
}

/** Parses and checks the whole file: every row, every column; the rows only when nothing is wrong. */
export function readContactsCsv(text: string): ContactsRead {
  const split = splitCsv(text);
  if (split.problem) return { ok: false, problems: [split.problem] };
  const records = split.records.filter((r) => r.fields.some((f) => f.trim() !== ''));
  const header = records.shift();
  if (!header) return { ok: false, problems: ['het bestand is leeg; de eerste regel moet de kolomnamen hebben, bv. partij;partijnaam;rol;contact;naam;e-mail;coördinator;actief'] };
  if (header.fields.length === 1 && header.fields[0]!.includes(',')) {
    return { ok: false, problems: [`regel ${header.line}: de kolommen zijn met komma's gescheiden; sla het bestand op als CSV met puntkomma's (Excel: "CSV (gescheiden door lijstscheidingsteken)")`] };
  }
  const problems: string[] = [];
  const at: Partial<Record<Column, number>> = {};
  header.fields.forEach((raw, i) => {
    const name = normalise(raw);
    const column = (name in columns ? name : aliases[name]) as Column | undefined;
    if (!column) return problems.push(`regel ${header.line}: kolom "${raw.trim()}" is onbekend; bekend zijn ${Object.values(shownName).join(', ')}`);
    if (at[column] !== undefined) return problems.push(`regel ${header.line}: kolom ${shownName[column]} staat er twee keer`);
    at[column] = i;
  });
  for (const column of required) if (at[column] === undefined) problems.push(`regel ${header.line}: kolom ${shownName[column]} ontbreekt`);
  if (problems.length) return { ok: false, problems };

  const rows: ContactRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of records) {
    const cell = (column: Column) => (at[column] === undefined ? '' : (fields[at[column]!] ?? '').trim());
    const wrong = (column: Column, message: string) => problems.push(`regel ${line}, kolom ${shownName[column]}: ${message}`);
    if (fields.length > header.fields.length) problems.push(`regel ${line}: ${fields.length} velden, maar ${header.fields.length} kolommen; staat er een puntkomma te veel?`);
    const id = (column: 'partij' | 'contact') => {
      const value = cell(column);
      if (value === '') wrong(column, 'is leeg; dit veld is verplicht');
      else if (!idPattern.test(value)) wrong(column, `"${value}" moet bestaan uit kleine letters, cijfers en streepjes (hoogstens 60), bv. woonstede`);
      return value;
    };
    const partyId = id('partij');
    const contactId = id('contact');
    const name = cell('naam');
    if (name === '') wrong('naam', 'is leeg; dit veld is verplicht');
    else if (name.length > 200) wrong('naam', 'is langer dan 200 tekens');
    const email = cell('e-mail');
    if (email === '') wrong('e-mail', 'is leeg; dit veld is verplicht');
    else if (!emailShape.safeParse(email).success) wrong('e-mail', `"${email}" is geen geldig e-mailadres`);
    const role = cell('rol').toLowerCase();
    if (role !== '' && !(roles as readonly string[]).includes(role)) wrong('rol', `moet ${roles.join(', ')} zijn, niet "${cell('rol')}"`);
    const partyName = cell('partijnaam');
    if (partyName.length > 200) wrong('partijnaam', 'is langer dan 200 tekens');
    const flag = (column: 'coordinator' | 'actief') => {
      const value = yesNo(cell(column));
      if (value === 'fout') wrong(column, `moet ja of nee zijn (of leeg), niet "${cell(column)}"`);
      return value === 'fout' ? undefined : value;
    };
    const coordinator = flag('coordinator');
    const active = flag('actief');
    const key = `${partyId}/${contactId}`;
    if (partyId && contactId && seen.has(key)) problems.push(`regel ${line}: contact ${key} staat ook op regel ${seen.get(key)}`);
    seen.set(key, line);
    rows.push({
      line,
      partyId,
      contactId,
      name,
      email,
      ...(partyName ? { partyName } : {}),
      ...(role ? { role: role as PartyRole } : {}),
      ...(coordinator !== undefined ? { coordinator } : {}),
      ...(active !== undefined ? { active } : {}),
    });
  }
  // One party, one name and role: two rows that disagree are a mistake, not a rename.
  const firstWith = { partyName: new Map<string, ContactRow>(), role: new Map<string, ContactRow>() };
  for (const row of rows) {
    for (const field of ['partyName', 'role'] as const) {
      const value = row[field];
      if (!value) continue;
      const first = firstWith[field].get(row.partyId);
      if (!first) firstWith[field].set(row.partyId, row);
      else if (first[field] !== value) {
        problems.push(`regel ${row.line}, kolom ${field === 'role' ? 'rol' : 'partijnaam'}: "${value}" verschilt van regel ${first.line} ("${first[field]}")`);
      }
    }
  }
  if (!rows.length && !problems.length) problems.push('het bestand heeft alleen kolomnamen en geen contacten');
  return problems.length ? { ok: false, problems } : { ok: true, rows };
}
