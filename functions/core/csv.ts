/**
 * CSV that opens correctly in Excel with Dutch settings: semicolons (the comma is the decimal
 * separator there), UTF-8 with a byte-order mark (or ë and ó turn into nonsense), CRLF line ends,
 * and every field quoted. A field starting with = + - @ is prefixed with ' so Excel never runs it.
 */
export function dutchCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  const field = (value: string | number | null | undefined) => {
    const text = value === null || value === undefined ? '' : String(value);
    const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
    return `"${safe.replaceAll('"', '""')}"`;
  };
  return `\uFEFF${[header, ...rows].map((row) => row.map(field).join(';')).join('\r\n')}\r\n`;
}
