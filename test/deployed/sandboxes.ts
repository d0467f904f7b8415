import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../../functions/adapters/clock.js';

const runner = fileURLToPath(new URL('./lambda-runner.mjs', import.meta.url));
const preload = new URL('./clock-preload.mjs', import.meta.url).href;

/** A Lambda function as the runtime gives it: its bundle in a process of its own, with only its environment. */
export interface Sandbox {
  name: string;
  /** What the function printed (its JSON logs), line by line. */
  output: string[];
  /** Starts the sandbox (its init: loading the bundle with its environment) without invoking it. */
  start(): Promise<void>;
  invoke(event: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export interface SandboxOptions {
  name: string;
  assetDir: string;
  env: Record<string, string>;
  clock: Clock;
  /** The function's timeout from the template. */
  timeoutMs: number;
}

/** An error as Step Functions sees a failed Lambda invocation: named by the function's errorType. */
function invocationError(errorType: string, errorMessage: string): Error {
  return Object.assign(new Error(errorMessage), { name: errorType });
}

/**
 * One sandbox per function, serving one invocation at a time as a Lambda sandbox does; a timed-out
 * invocation kills it (Lambda ends the sandbox too) and the next invocation starts a fresh one.
 */
export function startSandbox(options: SandboxOptions): Sandbox {
  const output: string[] = [];
  let child: { process: ChildProcess; ready: Promise<void> } | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let next = 0;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  const spawn = () => {
    const proc = fork(runner, [join(options.assetDir, 'index.mjs')], {
      cwd: options.assetDir,
      env: options.env,
      execArgv: ['--import', preload],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    for (const stream of [proc.stdout!, proc.stderr!]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => output.push(...chunk.split('\n').filter(Boolean)));
    }
    const ready = new Promise<void>((resolve, reject) => {
      proc.on('message', (m: { type: string; id?: number; result?: unknown; errorType?: string; errorMessage?: string }) => {
        if (m.type === 'ready') return resolve();
        if (m.type === 'init-error') return reject(invocationError('Runtime.InitError', `${options.name}: ${m.errorType}: ${m.errorMessage}`));
        const pending = waiting.get(m.id!);
        waiting.delete(m.id!);
        if (m.type === 'result') pending?.resolve(m.result);
        else pending?.reject(invocationError(m.errorType!, m.errorMessage!));
      });
      proc.on('exit', (code) => {
        reject(invocationError('Runtime.ExitError', `${options.name} exited with ${code} before it was ready`));
        for (const [id, pending] of waiting) {
          waiting.delete(id);
          pending.reject(invocationError('Runtime.ExitError', `${options.name} exited with ${code}`));
        }
        if (child?.process === proc) child = undefined;
      });
    });
    return { process: proc, ready };
  };

  const run = async (event: unknown): Promise<unknown> => {
    child ??= spawn();
    const current = child;
    await current.ready;
    const id = next++;
    const reply = new Promise<unknown>((resolve, reject) => waiting.set(id, { resolve, reject }));
    current.process.send({ type: 'invoke', id, event, now: options.clock.now().getTime(), timeoutMs: options.timeoutMs });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        current.process.kill('SIGKILL');
        reject(invocationError('Sandbox.Timedout', `${options.name} timed out after ${options.timeoutMs} ms`));
      }, options.timeoutMs);
    });
    try {
      return await Promise.race([reply, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    name: options.name,
    output,
    async start() {
      child ??= spawn();
      await child.ready;
    },
    invoke(event) {
      const result = queue.then(() => run(event));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      const proc = child?.process;
      child = undefined;
      if (!proc || proc.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      });
    },
  };
}
