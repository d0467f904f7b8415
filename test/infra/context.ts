import type { ContextKey } from '../../infra/build-app.js';

/**
 * The context every infra test synthesizes with: all required keys, in eu-west-1. The app has no
 * fallbacks, so a test states what a deployment would pass with `-c`.
 */
export const testContext = {
  region: 'eu-west-1',
  publicBaseUrl: 'https://prestatieafspraken.example.org',
  mailFromDomain: 'example.org',
  mailFrom: 'Prestatieafspraken <prestatieafspraken@example.org>',
  operatorEmail: 'beheer@example.org',
} as const satisfies Partial<Record<ContextKey, string>>;

/** A context as `cdk synth` arguments: `-c key=value` for each (one argv entry each, no shell quoting needed). */
export function contextArgs(context: Partial<Record<ContextKey, string>> = testContext): string[] {
  return Object.entries(context).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
}

/** Bundling skipped, as in the template tests: `cdk synth` is what bundles (test/infra/cdk-cli.test.ts). */
export const noBundling = { 'aws:cdk:bundling-stacks': [] as string[] };
