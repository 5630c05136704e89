import { Injectable } from '@nestjs/common';
import { TooManyRequestsError } from '../../common/errors/app-errors';
import { Metrics } from '../../common/metrics';
import { CounterStore } from '../../common/rate-limit/counter-store';

const MAX_FAILURES = 10;
const FAILURE_WINDOW_MS = 15 * 60 * 1000;
const FIRST_LOCK_MS = 60 * 1000;
const MAX_LOCK_MS = 60 * 60 * 1000;
const LOCK_HISTORY_MS = 24 * 60 * 60 * 1000;
/** How long a check in progress holds its place if its instance dies before releasing it. */
const IN_FLIGHT_MS = 60 * 1000;

/** How a password check ended: a wrong or a right password, or no answer (an error on the way). */
export type CheckOutcome = 'failure' | 'success' | 'abandoned';

/** One password check in progress: it must be finished, once. */
export interface PasswordCheck {
  finish(outcome: CheckOutcome): Promise<void>;
}

/**
 * Brute-force protection per account (OWASP ASVS V6.3): 10 failed passwords for an email within 15
 * minutes lock its password checks for 1 minute, doubling with each further lock that day (at most an
 * hour). Counted by email whether or not the account exists, so a lock reveals nothing.
 *
 * A check takes its place before its password is verified: checks in progress count as failures until
 * they are settled, so a burst of concurrent guesses gets no more verifications than the failures left
 * (a sequence's). The checks that find no place left are refused with a short Retry-After and lock
 * nothing: only failures do, so the account's owner logging in from many places at once is not locked.
 */
@Injectable()
export class LoginLockoutService {
  constructor(
    private readonly store: CounterStore,
    private readonly metrics: Metrics,
  ) {}

  /** Takes a place for one password check of `email`; 429 (with Retry-After) when it may not run. */
  async begin(email: string): Promise<PasswordCheck> {
    const keys = {
      lock: `login:lock:${email}`,
      failures: `login:failures:${email}`,
      inFlight: `login:in-flight:${email}`,
      locks: `login:locks:${email}`,
    };
    const locked = await this.store.remainingMs(keys.lock);
    if (locked > 0) throw new TooManyRequestsError(Math.ceil(locked / 1000));
    const { count: inFlight } = await this.store.increment(keys.inFlight, IN_FLIGHT_MS);
    if (inFlight + (await this.store.count(keys.failures)) > MAX_FAILURES) {
      await this.store.decrement(keys.inFlight);
      throw new TooManyRequestsError(1);
    }
    let finished = false;
    return {
      finish: async (outcome) => {
        if (finished) return;
        finished = true;
        // The outcome first: until the place is given back, it still counts as a failure.
        if (outcome === 'failure') await this.failed(keys);
        if (outcome === 'success') await this.store.delete(keys.failures);
        await this.store.decrement(keys.inFlight);
      },
    };
  }

  private async failed(keys: Record<'lock' | 'failures' | 'locks', string>): Promise<void> {
    const { count } = await this.store.increment(keys.failures, FAILURE_WINDOW_MS);
    if (count < MAX_FAILURES) return;
    const { count: locks } = await this.store.increment(keys.locks, LOCK_HISTORY_MS);
    await this.store.hold(keys.lock, Math.min(FIRST_LOCK_MS * 2 ** (locks - 1), MAX_LOCK_MS));
    await this.store.delete(keys.failures);
    this.metrics.lockouts.inc();
  }
}
