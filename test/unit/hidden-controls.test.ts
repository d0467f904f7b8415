import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formSpec, validateForm } from '../../functions/core/forms.js';
import { contactBody, manageLinksBody, receivedBody, recordDateBody, steerDeliverableBody } from '../../functions/http/api-schemas.js';

/**
 * Bidi embeddings, overrides and isolates can reverse the page's own words after a submitted value
 * ("Trojan Source"); NUL and the other control characters are invisible or cut text off elsewhere.
 * Every free text a party or the coordinator types refuses them, with a Dutch message on the field.
 */
const bidi = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
const controls = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u000e', '\u001b', '\u001f', '\u007f', '\u0085'];
const hidden = [...bidi, ...controls];
const formKey = 'abcdefghijklmnopqrstuvwx';
/** Inside the text, not at its ends: trimming must not be what removes it. */
const within = (text: string, c: string) => `${text.slice(0, 6)}${c}${text.slice(6)}`;
const refused = /bevat een onzichtbaar teken .*Typ de tekst opnieuw/;

describe('a party\'s form', () => {
  const advice = formSpec('advice');
  const valid = {
    standpunt: 'positief',
    advies: 'Wij adviseren positief over de voorgestelde huursomaanpassing.',
    naam: 'Secretaris HLVE',
    namens: 'Huurders Leusden Voor Elkaar',
    formKey,
  };

  it('refuses a hidden character in a text field (the name and the organisation), on that field', () => {
    for (const c of hidden) {
      for (const field of ['naam', 'namens'] as const) {
        const result = validateForm(advice, { ...valid, [field]: within(valid[field], c) });
        expect(result.ok, `${field} with U+${c.charCodeAt(0).toString(16)}`).toBe(false);
        if (!result.ok) {
          expect(Object.keys(result.errors)).toEqual([field]);
          expect(result.errors[field]).toMatch(refused);
        }
      }
    }
  });

  it('refuses a hidden character in a textarea (the advice), and keeps tab, line feed and carriage return', () => {
    for (const c of hidden) {
      const result = validateForm(advice, { ...valid, advies: within(valid.advies, c) });
      expect(result).toEqual({ ok: false, errors: { advies: expect.stringMatching(/^Het advies bevat een onzichtbaar teken/) } });
    }
    const lines = 'Eerste punt:\tde verdeling.\r\nTweede punt:\nde hoogte.';
    expect(validateForm(advice, { ...valid, advies: lines })).toEqual({ ok: true, value: { ...valid, advies: lines } });
  });

  it('refuses it in the other kinds\' fields too: a function, a summary, a progress explanation', () => {
    const signOff = validateForm(formSpec('sign-off'), { naam: 'Wethouder', functie: within('wethouder Wonen', '\u202e'), namens: 'Gemeente Leusden', akkoord: 'ja', formKey });
    expect(signOff.ok || signOff.errors).toEqual({ functie: expect.stringMatching(/^Uw functie bevat een onzichtbaar teken/) });
    const document = validateForm(formSpec('document'), { samenvatting: within('Het bod op de woonvisie', '\u0000'), naam: 'Bestuurder', namens: 'Omthuis', formKey });
    expect(document.ok || document.errors).toEqual({ samenvatting: expect.stringMatching(/^De samenvatting bevat/) });
    const progress = formSpec('progress-report', [{ ref: '12', title: 'Nieuwbouw' }]);
    const report = validateForm(progress, { 'status-12': 'afwijking', 'toelichting-12': within('Vertraagd door de vergunning', '\u2067'), naam: 'Bestuurder', namens: 'Omthuis', formKey });
    expect(report.ok || report.errors).toEqual({ 'toelichting-12': expect.stringMatching(/^De toelichting bij afspraak 12 bevat/) });
  });

  it('refuses any text with such a character, wherever it stands (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 20, maxLength: 200 }), fc.constantFrom(...hidden), fc.nat(), (text, c, at) => {
        const i = at % (text.length + 1);
        const result = validateForm(advice, { ...valid, advies: `${'x'.repeat(20)}${text.slice(0, i)}${c}${text.slice(i)}${'x'.repeat(5)}` });
        expect(result.ok).toBe(false);
      }),
    );
  });
});

describe('the coordinator\'s contact names and reasons', () => {
  const issue = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => result.error?.issues.map((i) => [String(i.path[0]), i.message]);

  it('refuse a hidden character in a contact\'s name, on the name', () => {
    for (const c of hidden) {
      const result = contactBody.safeParse({ partyId: 'hlve', naam: within('Secretaris HLVE', c), email: 'secretaris@example.org' });
      expect(issue(result)).toEqual([['naam', expect.stringMatching(/^De naam bevat een onzichtbaar teken/)]]);
    }
    expect(contactBody.safeParse({ partyId: 'hlve', naam: 'Secretaris HLVE', email: 'secretaris@example.org' }).success).toBe(true);
  });

  it('refuse it in every reason and explanation the logbook and the accountability show', () => {
    const c = '\u202e';
    const bodies = [
      [manageLinksBody, { actie: 'versturen', partyId: 'hlve', contactId: 'secretaris', reden: within('adres gewijzigd', c) }, 'reden'],
      [steerDeliverableBody, { actie: 'vrijstellen', reden: within('niet van toepassing dit jaar', c) }, 'reden'],
      [steerDeliverableBody, { actie: 'verlengen', nieuweDatum: '2027-03-15', reden: within('uitstel gevraagd', '\u0000') }, 'reden'],
      [recordDateBody, { date: '2027-04-12', reden: within('verplaatst op verzoek', c) }, 'reden'],
      [receivedBody, { ontvangenOp: '2027-02-20', toelichting: within('per post ontvangen', '\u2066'), document: 'bijlagen/x.pdf' }, 'toelichting'],
    ] as const;
    for (const [schema, body, field] of bodies) {
      const result = (schema as typeof recordDateBody).safeParse(body);
      expect(issue(result), JSON.stringify(body)).toEqual([[field, expect.stringMatching(refused)]]);
      const clean = (schema as typeof recordDateBody).safeParse({ ...body, [field]: 'een gewone reden\tmet een tab' });
      expect(clean.success, JSON.stringify(body)).toBe(true);
    }
  });
});
