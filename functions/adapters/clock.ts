/** All code reads time from a Clock: the system clock in AWS, a scaled or simulated one locally. */
export interface Clock {
  now(): Date;
  /**
   * Resolves once the clock has reached `at` (at once if it already has). With a signal that aborts
   * first, it rejects with the signal's reason and the sleep no longer holds the clock.
   */
  sleepUntil(at: Date, signal?: AbortSignal): Promise<void>;
}

/** The largest delay setTimeout honours; longer ones fire at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => new Date(),
  sleepUntil: (at, signal) => sleepReal(at.getTime() - Date.now(), signal),
};

async function sleepReal(ms: number, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  while (ms > 0) {
    const step = Math.min(ms, MAX_TIMEOUT_MS);
    await new Promise<void>((resolve, reject) => {
      const abort = () => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', abort);
        resolve();
      }, step);
      signal?.addEventListener('abort', abort, { once: true });
    });
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
    readonly speed: number,
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

  async sleepUntil(at: Date, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    while (this.now().getTime() < at.getTime()) {
      await sleepReal(Math.max(1, (at.getTime() - this.now().getTime()) / this.speed), signal);
    }
  }
}

/**
 * A participant of a SimulatedClock that keeps its handle: however many sleeps it has pending (a
 * retry that starts while an earlier attempt still sleeps), it counts as one sleeper, and once it
 * has left, a sleep it left behind no longer holds the clock (it resolves when the clock passes it).
 */
export interface Participant {
  sleepUntil(at: Date, signal?: AbortSignal): Promise<void>;
  leave(): void;
}

interface Sleeper {
  at: number;
  wake: () => void;
  owner?: Participant;
}

/**
 * A clock that jumps to the next wake-up as soon as every participant sleeps: a whole year runs in
 * seconds. Participants are the running executions and a test's own script; each one that may act
 * must `join` before and `leave` after, or the clock would jump while it is still working.
 *
 * The clock cannot see work, only sleeps: a participant counts as busy from the moment its sleep
 * is woken (or it joins) until it sleeps again, whatever it awaits meanwhile (DynamoDB, HTTP, a
 * real timer). The clock decides in two looks, a macrotask apart with a full turn of the event loop
 * (its I/O callbacks) in between, and moves only if nobody joined, left, slept or woke between them.
 */
export class SimulatedClock implements Clock {
  private current: number;
  private participants = 0;
  private sleepers: Sleeper[] = [];
  /** Handles still joined; weak, since the engine joins without keeping its handle. */
  private readonly members = new WeakSet<Participant>();
  /** Bumped by every join, leave, sleep and wake: the second look compares it with the first. */
  private version = 0;
  private checkScheduled = false;
  private warned = false;

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Joins as a participant; leave with `leave()` (anonymous) or through the returned handle, not both. */
  join(): Participant {
    this.participants++;
    this.version++;
    const handle: Participant = {
      sleepUntil: (at, signal) => this.sleep(at, signal, handle),
      leave: () => {
        if (this.members.delete(handle)) this.leave();
      },
    };
    this.members.add(handle);
    return handle;
  }

  leave(): void {
    this.participants--;
    this.version++;
    this.scheduleCheck();
  }

  sleepUntil(at: Date, signal?: AbortSignal): Promise<void> {
    return this.sleep(at, signal);
  }

  /** Runs `work` as a participant, so the clock waits for it; its sleeps go through the handle. */
  async participate<T>(work: (me: Participant) => Promise<T>): Promise<T> {
    const me = this.join();
    try {
      return await work(me);
    } finally {
      me.leave();
    }
  }

  private sleep(at: Date, signal: AbortSignal | undefined, owner?: Participant): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (at.getTime() <= this.current) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const abort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        this.version++;
        reject(signal!.reason);
      };
      const wake = () => {
        signal?.removeEventListener('abort', abort);
        resolve();
      };
      const sleeper: Sleeper = { at: at.getTime(), wake, owner };
      this.sleepers.push(sleeper);
      this.version++;
      signal?.addEventListener('abort', abort, { once: true });
      this.scheduleCheck();
    });
  }

  /** Sleepers that hold the clock: each anonymous one, and each participant with a handle once. */
  private counted(): Sleeper[] {
    const seen = new Set<Participant>();
    return this.sleepers.filter((s) => {
      if (!s.owner) return true;
      if (!this.members.has(s.owner) || seen.has(s.owner)) return false;
      seen.add(s.owner);
      return true;
    });
  }

  private idle(): boolean {
    const asleep = this.counted().length;
    if (asleep > this.participants && this.participants > 0 && !this.warned) {
      // Only a sleep that outlived its participant (an execution aborted while it waited) can do
      // this; while it lasts, one busy participant can be taken for asleep. (A script that sleeps
      // without joining, with nobody else on the clock, is the one sleeper and moves it at once.)
      this.warned = true;
      process.emitWarning(`${asleep} sleepers for ${this.participants} participants: a sleep outlived its participant`, 'SimulatedClockWarning');
    }
    return asleep > 0 && asleep >= this.participants;
  }

  private scheduleCheck(): void {
    if (this.checkScheduled) return;
    this.checkScheduled = true;
    // A macrotask, so that promise chains already under way settle before the clock decides.
    setTimeout(() => {
      if (!this.idle()) {
        this.checkScheduled = false;
        return;
      }
      const seen = this.version;
      setImmediate(() => {
        this.checkScheduled = false;
        if (this.version !== seen) this.scheduleCheck();
        else if (this.idle()) this.advance();
      });
    }, 0);
  }

  private advance(): void {
    this.current = Math.max(this.current, Math.min(...this.counted().map((s) => s.at)));
    const due = this.sleepers.filter((s) => s.at <= this.current);
    this.sleepers = this.sleepers.filter((s) => s.at > this.current);
    this.version++;
    for (const sleeper of due) sleeper.wake();
    // A woken sleep nobody resumes (its participant is gone) would otherwise leave the rest asleep.
    if (this.sleepers.length > 0) this.scheduleCheck();
  }
}
