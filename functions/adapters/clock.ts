/** All code reads time from a Clock: the system clock in AWS, a scaled or simulated one locally. */
export interface Clock {
  now(): Date;
  /** Resolves once the clock has reached `at` (at once if it already has). */
  sleepUntil(at: Date): Promise<void>;
}

/** The largest delay setTimeout honours; longer ones fire at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => new Date(),
  sleepUntil: (at) => sleepReal(at.getTime() - Date.now()),
};

async function sleepReal(ms: number): Promise<void> {
  while (ms > 0) {
    const step = Math.min(ms, MAX_TIMEOUT_MS);
    await new Promise((resolve) => setTimeout(resolve, step));
    ms -= step;
  }
}

/**
 * Runs `speed` times faster than real time from `start`: a live demo of weeks in minutes. A clock
 * made `paused` stands still at `start` until `resume()`, so slow set-up work costs no simulated time.
 */
export class ScaledClock implements Clock {
  private realStart: number | undefined;

  constructor(
    private readonly start: Date,
    private readonly speed: number,
    options: { paused?: boolean } = {},
  ) {
    if (!(speed > 0)) throw new RangeError('speed must be positive');
    if (!options.paused) this.realStart = Date.now();
  }

  now(): Date {
    const elapsed = this.realStart === undefined ? 0 : Date.now() - this.realStart;
    return new Date(this.start.getTime() + elapsed * this.speed);
  }

  resume(): void {
    this.realStart ??= Date.now();
  }

  async sleepUntil(at: Date): Promise<void> {
    while (this.now().getTime() < at.getTime()) {
      await sleepReal(Math.max(1, (at.getTime() - this.now().getTime()) / this.speed));
    }
  }
}

/**
 * A clock that jumps to the next wake-up as soon as every participant sleeps: a whole year runs in
 * seconds. Participants are the running executions and a test's own script; each one that may act
 * must `join` before and `leave` after, or the clock would jump while it is still working.
 */
export class SimulatedClock implements Clock {
  private current: number;
  private participants = 0;
  private sleepers: { at: number; wake: () => void }[] = [];
  private checkScheduled = false;

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  join(): void {
    this.participants++;
  }

  leave(): void {
    this.participants--;
    this.scheduleCheck();
  }

  sleepUntil(at: Date): Promise<void> {
    if (at.getTime() <= this.current) return Promise.resolve();
    return new Promise((wake) => {
      this.sleepers.push({ at: at.getTime(), wake });
      this.scheduleCheck();
    });
  }

  /** Runs `work` as a participant, so the clock waits for it. */
  async participate<T>(work: () => Promise<T>): Promise<T> {
    this.join();
    try {
      return await work();
    } finally {
      this.leave();
    }
  }

  private scheduleCheck(): void {
    if (this.checkScheduled) return;
    this.checkScheduled = true;
    // A macrotask, so that promise chains already under way settle before the clock decides.
    setTimeout(() => {
      this.checkScheduled = false;
      this.advanceIfIdle();
    }, 0);
  }

  private advanceIfIdle(): void {
    if (this.sleepers.length === 0 || this.sleepers.length < this.participants) return;
    const next = Math.min(...this.sleepers.map((s) => s.at));
    this.current = Math.max(this.current, next);
    const due = this.sleepers.filter((s) => s.at <= this.current);
    this.sleepers = this.sleepers.filter((s) => s.at > this.current);
    for (const sleeper of due) sleeper.wake();
  }
}
