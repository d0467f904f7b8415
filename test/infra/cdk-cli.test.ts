import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

/**
 * `npx cdk synth` as the README tells a person to run it: the CLI must read what the library
 * writes (their schema versions must match), bundle every function with the local esbuild (no
 * Docker), pass cdk-nag, and put both workflow files into the assembly.
 */
it('npx cdk synth bundles every function and writes a template with both state machines', async () => {
  const out = mkdtempSync(join(tmpdir(), 'cdk-out-'));
  const root = new URL('../../', import.meta.url).pathname;
  try {
    await promisify(execFile)(join(root, 'node_modules/.bin/cdk'), ['synth', '--quiet', '--output', out], {
      cwd: root,
      env: { ...process.env, CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'eu-west-1' },
      maxBuffer: 32 * 1024 * 1024,
    });
    const template = JSON.parse(readFileSync(join(out, 'Prestatiecyclus.template.json'), 'utf8')) as { Resources: Record<string, { Type: string }> };
    const types = Object.values(template.Resources).map((r) => r.Type);
    expect(types.filter((t) => t === 'AWS::StepFunctions::StateMachine')).toHaveLength(2);
    expect(types.filter((t) => t === 'AWS::Lambda::Function')).toHaveLength(18);
    const workflow = readFileSync(join(root, 'workflows/deliverable.asl.json'), 'utf8');
    const assets = readdirSync(out).filter((f) => f.startsWith('asset.') && f.endsWith('.json'));
    expect(assets.some((f) => readFileSync(join(out, f), 'utf8') === workflow)).toBe(true);
    // The dashboard's bundle carries the NL Design System stylesheets it reads at start.
    const withStyles = readdirSync(out).filter((d) => d.startsWith('asset.') && existsSync(join(out, d, 'nlds', 'html.css')));
    expect(withStyles).toHaveLength(1);
    expect(readFileSync(join(out, withStyles[0]!, 'nlds', 'theme.css'), 'utf8')).toBe(readFileSync(join(root, 'node_modules/@utrecht/design-tokens/dist/theme.css'), 'utf8'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 240_000);
