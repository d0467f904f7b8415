import { describe, expect, it } from 'vitest';
import { deliverableKinds } from '../../functions/core/template.js';
import { formSpec, validateForm } from '../../functions/core/forms.js';

const formKey = 'abcdefghijklmnopqrstuvwx';

describe('the advice form', () => {
  const spec = formSpec('advice');
  const valid = {
    standpunt: 'positief-met-kanttekeningen',
    advies: 'Wij adviseren positief, mits de verdeling de laagste inkomens ontziet.',
    naam: 'Secretaris HLVE',
    namens: 'HLVE',
    formKey,
  };

  it('accepts a complete form and trims its text', () => {
    expect(validateForm(spec, { ...valid, naam: '  Secretaris HLVE ' })).toEqual({ ok: true, value: valid });
  });

  it('names every wrong field with a Dutch message that says what to do', () => {
    expect(validateForm(spec, { standpunt: 'misschien', advies: 'kort', formKey })).toEqual({
      ok: false,
      errors: {
        standpunt: 'Kies een standpunt: positief, positief met kanttekeningen of negatief.',
        advies: 'Het advies is te kort: schrijf minstens 20 tekens.',
        naam: 'Vul uw naam in.',
        namens: 'Vul in namens welke organisatie u indient.',
      },
    });
  });
});

describe('the forms of the other kinds', () => {
  it('exist for every kind a template can name, each with a name and an organisation field', () => {
    for (const kind of deliverableKinds) {
      const names = formSpec(kind).fields.map((f) => f.name);
      expect(names).toEqual(expect.arrayContaining(['naam', 'namens']));
    }
  });

  it('make a signature explicit: no tick, no signature', () => {
    const spec = formSpec('sign-off');
    const base = { naam: 'J. de Vries', functie: 'Wethouder Wonen', namens: 'Gemeente Leusden', formKey };
    expect(validateForm(spec, base)).toEqual({ ok: false, errors: { akkoord: 'Vink aan dat u ondertekent; zonder dat vinkje is er geen handtekening.' } });
    expect(validateForm(spec, { ...base, akkoord: 'ja' }).ok).toBe(true);
  });

  it('accept a notification without a number, but not with a wrong one', () => {
    const spec = formSpec('notification');
    const base = { toelichting: 'Dit halfjaar zijn vier woningen verkocht.', naam: 'A', namens: 'Omthuis', formKey };
    expect(validateForm(spec, { ...base, naam: 'Anna' }).ok).toBe(true);
    expect(validateForm(spec, { ...base, naam: 'Anna', aantal: 'vier' })).toMatchObject({ ok: false, errors: { aantal: expect.stringContaining('heel getal') } });
  });
});

describe('the progress report per prestatieafspraak', () => {
  const spec = formSpec('progress-report', [
    { ref: '22', title: 'Woonruimteverdeling' },
    { ref: '48', title: 'Huursomaanpassing' },
  ]);
  const base = { 'status-22': 'op-schema', 'status-48': 'afgerond', naam: 'Anna', namens: 'WSL', formKey };

  it('has a status and an explanation per agreement', () => {
    expect(spec.fields.map((f) => f.name)).toEqual(['status-22', 'toelichting-22', 'status-48', 'toelichting-48', 'naam', 'namens']);
    expect(validateForm(spec, base).ok).toBe(true);
  });

  it('requires the explanation only where the status is afwijking', () => {
    expect(validateForm(spec, { ...base, 'status-48': 'afwijking' })).toEqual({
      ok: false,
      errors: { 'toelichting-48': 'Licht de afwijking bij afspraak 48 toe.' },
    });
    expect(validateForm(spec, { ...base, 'status-48': 'afwijking', 'toelichting-48': 'Later door nieuwe regelgeving.' }).ok).toBe(true);
    expect(validateForm(spec, { ...base, 'status-22': undefined as unknown as string })).toMatchObject({ ok: false, errors: { 'status-22': 'Kies de voortgang van afspraak 22.' } });
  });

  it('falls back to a summary when the template lists no agreements', () => {
    expect(formSpec('progress-report').fields.map((f) => f.name)).toEqual(['samenvatting', 'naam', 'namens']);
  });
});
