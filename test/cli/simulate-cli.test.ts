import { describe, expect, it } from 'vitest';
import { runCli } from '../support.js';

/**
 * `npm run simulate` starts DynamoDB Local's JVM while it loads its code (cli/simulate.ts). Bad
 * input is still told as for every CLI: exit code 2, one Dutch line, no stack trace, and the
 * JVM it started stopped (the process exits on its own).
 */
describe('npm run simulate, bad input', () => {
  it('tells a template it cannot read, a year outside the template and a bad scenario in Dutch, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--template', 'bestaat-niet.yaml', '--year', '2021'], /sjabloon bestaat-niet\.yaml kan niet worden gelezen/],
      [['--template', 'workflows/cycles/leusden-2020-2022.yaml', '--year', '2030'], /2030/],
      [['--template', 'workflows/cycles/leusden-2020-2022.yaml', '--year', '2021', '--scenario', 'bestaat-niet.yaml'], /scenario is ongeldig/],
      [['--year', '2021'], /geef een sjabloon op/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await runCli('simulate.ts', ...args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});
