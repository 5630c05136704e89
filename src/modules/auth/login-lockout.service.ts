import { Injectable } from '@nestjs/common';
import { TooManyRequestsError } from '../../common/errors/app-errors';
import { CounterStore } from '../../common/rate-limit/counter-store';

const MAX_ATTEMPTS = 10;
const ATTEMPT_WINDOW_MS = 15 * 60 * 1000;
const FIRST_LOCK_MS = 60 * 1000;
const MAX_LOCK_MS = 60 * 60 * 1000;
const LOCK_HISTORY_MS = 24 * 60 * 60 * 1000;

/**
 * Brute-force protection per account (OWASP ASVS V6.3): 10 password attempts for an email within 15
 * minutes without a success lock its password checks for 1 minute, doubling with each further lock that
 * day (at most an hour). Counted by email whether or not the account exists, so a lock reveals nothing.
 *
 * An attempt is counted before its password is verified, by one atomic increment: a burst of concurrent
 * guesses gets no more verifications than a sequence. The counter that crosses the limit becomes the lock
 * (kept for the lock's duration), so attempts arriving meanwhile are refused without a verification.
 */
@Injectable()
export class LoginLockoutService {
  constructor(private readonly store: CounterStore) {}

  /** Counts one password attempt for `email`; 429 (with Retry-After) when it may not be verified. */
  async attempt(email: string): Promise<void> {
    const key = `login:attempts:${email}`;
    const { count, remainingMs } = await this.store.increment(key, ATTEMPT_WINDOW_MS);
    if (count <= MAX_ATTEMPTS) return;
    if (count > MAX_ATTEMPTS + 1) throw new TooManyRequestsError(Math.ceil(remainingMs / 1000));
    const { count: locks } = await this.store.increment(`login:locks:${email}`, LOCK_HISTORY_MS);
    const lockMs = Math.min(FIRST_LOCK_MS * 2 ** (locks - 1), MAX_LOCK_MS);
    await this.store.prolong(key, lockMs);
    throw new TooManyRequestsError(Math.ceil(lockMs / 1000));
  }

  /** A correct password: the attempts so far no longer count. */
  async succeeded(email: string): Promise<void> {
    await this.store.delete(`login:attempts:${email}`);
  }
}
