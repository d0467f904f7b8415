import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { huuradvies, validateAdviceForm } from '../../functions/core/huuradvies.js';

const seed = (name: string) =>
  readFileSync(new URL(`../../workflows/cycles/sources/${name}.txt`, import.meta.url), 'utf8').replace(/\s+/g, ' ');

describe('the huuradvies deliverable', () => {
  it('traces to its clause in the seed agreement', () => {
    for (const c of huuradvies.clauses) {
      const text = seed(c.agreement);
      expect(text).toContain(`${c.clause}. `);
      expect(text).toContain(c.quote);
      // The quote stands within the clause it names.
      const start = text.indexOf(` ${c.clause}. `);
      expect(text.indexOf(c.quote, start) - start).toBeLessThan(400);
    }
  });

  const valid = {
    standpunt: 'positief-met-kanttekeningen',
    advies: 'Wij adviseren positief, mits de verdeling de laagste inkomens ontziet.',
    naam: 'Secretaris HLVE',
    namens: 'HLVE',
    formKey: 'abcdefghijklmnopqrstuvwx',
  };

  it('accepts a complete form and trims its text', () => {
    const result = validateAdviceForm({ ...valid, naam: '  Secretaris HLVE ' });
    expect(result).toEqual({ ok: true, value: { ...valid, naam: 'Secretaris HLVE' } });
  });

  it('names every wrong field with a Dutch message that says what to do', () => {
    const result = validateAdviceForm({ standpunt: 'misschien', advies: 'kort', formKey: valid.formKey });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      standpunt: 'Kies een standpunt: positief, positief met kanttekeningen of negatief.',
      advies: 'Het advies is te kort: schrijf minstens 20 tekens.',
      naam: 'Vul uw naam in.',
      namens: 'Vul in namens welke organisatie u indient.',
    });
  });
});
