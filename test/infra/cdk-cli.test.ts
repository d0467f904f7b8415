import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { functionsOf, readAssembly, resolve, type Resolver } from '../deployed/template.js';
import { contextArgs } from './context.js';

/**
 * `npx cdk synth` as the README tells a person to run it: the CLI must read what the library
 * writes (their schema versions must match), bundle every function with the local esbuild (no
 * Docker), pass cdk-nag, and put both workflow files into the assembly.
 */
it('npx cdk synth bundles every function, each bundle loads as in Lambda, and writes a template with both state machines', async () => {
  const out = mkdtempSync(join(tmpdir(), 'cdk-out-'));
  const root = new URL('../../', import.meta.url).pathname;
  try {
    await promisify(execFile)(join(root, 'node_modules/.bin/cdk'), ['synth', '--quiet', '--output', out, ...contextArgs()], {
      cwd: root,
      env: { ...process.env, CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'eu-west-1' },
      maxBuffer: 32 * 1024 * 1024,
    });
    const template = readAssembly(out);
    const types = Object.values(template.Resources).map((r) => r.Type);
    expect(types.filter((t) => t === 'AWS::StepFunctions::StateMachine')).toHaveLength(2);
    expect(types.filter((t) => t === 'AWS::Lambda::Function')).toHaveLength(19);
    const workflow = readFileSync(join(root, 'workflows/deliverable.asl.json'), 'utf8');
    const assets = readdirSync(out).filter((f) => f.startsWith('asset.') && f.endsWith('.json'));
    expect(assets.some((f) => readFileSync(join(out, f), 'utf8') === workflow)).toBe(true);
    // The dashboard's bundle carries the NL Design System stylesheets it reads at start.
    const withStyles = readdirSync(out).filter((d) => d.startsWith('asset.') && existsSync(join(out, d, 'nlds', 'html.css')));
    expect(withStyles).toHaveLength(1);
    expect(readFileSync(join(out, withStyles[0]!, 'nlds', 'theme.css'), 'utf8')).toBe(readFileSync(join(root, 'node_modules/@utrecht/design-tokens/dist/theme.css'), 'utf8'));

    // A cold start as in Lambda: each bundle is loaded on Node 22 with only what the runtime
    // provides (the AWS SDK), so a module that reaches for another package at load fails here.
    mkdirSync(join(out, 'node_modules'));
    symlinkSync(join(root, 'node_modules/@aws-sdk'), join(out, 'node_modules/@aws-sdk'));
    const bundles = readdirSync(out).filter((d) => existsSync(join(out, d, 'index.mjs')));
    expect(bundles).toHaveLength(19);
    // Each bundle with its own synthesized environment, Refs and GetAtts resolved to stand-in names:
    // a variable the function reads but the stack does not give it fails the function's init here.
    const placeholders: Resolver = {
      region: 'eu-west-1',
      account: '123456789012',
      ref: (id) => `stand-in-${id.toLowerCase()}`,
      getAtt: (id, attribute, resource) => `arn:aws:${resource.Type.split('::')[1]!.toLowerCase()}:eu-west-1:123456789012:${id}/${attribute}`,
    };
    for (const fn of functionsOf(template, out)) {
      const env = { PATH: process.env.PATH, AWS_REGION: 'eu-west-1', ...(resolve(fn.environment, template, placeholders) as Record<string, string>) };
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(join(fn.assetDir, 'index.mjs'))}); console.log(typeof m.handler);`], { cwd: out, env });
      expect(stdout.trim(), fn.logicalId).toBe('function');
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 240_000);
