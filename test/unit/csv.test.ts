import { describe, expect, it } from 'vitest';
import { dutchCsv } from '../../functions/core/csv.js';

describe('CSV for Excel with Dutch settings', () => {
  it('uses a BOM, semicolons, CRLF and quotes every field', () => {
    expect(dutchCsv(['Levering', 'Versies'], [['Huuradvies; "voorlopig"', 2], ['Bod', null]])).toBe(
      '\uFEFF"Levering";"Versies"\r\n"Huuradvies; ""voorlopig""";"2"\r\n"Bod";""\r\n',
    );
  });

  it('never lets a cell become a formula', () => {
    expect(dutchCsv(['x'], [['=HYPERLINK("http://evil")'], ['+1'], ['-2'], ['@SUM(A1)']])).toBe(
      '\uFEFF"x"\r\n"\'=HYPERLINK(""http://evil"")"\r\n"\'+1"\r\n"\'-2"\r\n"\'@SUM(A1)"\r\n',
    );
  });
});
