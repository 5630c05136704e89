import { Injectable } from '@nestjs/common';
import { TooManyRequestsError } from '../../common/errors/app-errors';
import { CounterStore } from '../../common/rate-limit/counter-store';

const MAX_FAILURES = 10;
const FAILURE_WINDOW_MS = 15 * 60 * 1000;
const FIRST_LOCK_MS = 60 * 1000;
const MAX_LOCK_MS = 60 * 60 * 1000;
const LOCK_HISTORY_MS = 24 * 60 * 60 * 1000;

/**
 * Brute-force protection per account (OWASP ASVS V6.3): 10 failed passwords for an email within 15 minutes
 * lock its password login for 1 minute, doubling with each further lock that day (at most an hour).
 * Counted by email whether or not the account exists, so a lock reveals nothing.
 */
@Injectable()
export class LoginLockoutService {
  constructor(private readonly store: CounterStore) {}

  async assertUnlocked(email: string): Promise<void> {
    const remaining = await this.store.remainingMs(`login:lock:${email}`);
    if (remaining > 0) throw new TooManyRequestsError(Math.ceil(remaining / 1000));
  }

  async failed(email: string): Promise<void> {
    const { count } = await this.store.increment(`login:failures:${email}`, FAILURE_WINDOW_MS);
    if (count < MAX_FAILURES) return;
    const { count: locks } = await this.store.increment(`login:locks:${email}`, LOCK_HISTORY_MS);
    await this.store.hold(
      `login:lock:${email}`,
      Math.min(FIRST_LOCK_MS * 2 ** (locks - 1), MAX_LOCK_MS),
    );
    await this.store.delete(`login:failures:${email}`);
  }

  async succeeded(email: string): Promise<void> {
    await this.store.delete(`login:failures:${email}`);
  }
}
