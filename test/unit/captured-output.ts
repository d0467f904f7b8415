/** What the code under test writes to stdout and stderr while `run` runs, line by line. */
export async function captured(run: () => unknown): Promise<string[]> {
  const lines: string[] = [];
  const originals = { out: process.stdout.write, err: process.stderr.write };
  const capture = ((chunk: unknown) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    await run();
  } finally {
    process.stdout.write = originals.out;
    process.stderr.write = originals.err;
  }
  return lines;
}

/** A CloudWatch EMF document as Powertools Metrics prints it. */
export interface Emf {
  _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

/** The EMF documents among printed lines. */
export const emfIn = (lines: string[]): Emf[] => lines.filter((l) => l.startsWith('{"_aws"')).map((l) => JSON.parse(l) as Emf);
