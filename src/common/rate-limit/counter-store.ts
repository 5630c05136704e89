/**
 * Expiring counters and locks for rate limits and lockouts: in Redis when REDIS_URL is set (so limits
 * hold across instances), in process memory otherwise.
 */
export abstract class CounterStore {
  /** Adds one to `key`; the window starts at the first hit. Returns the count and the ms left in the window. */
  abstract increment(
    key: string,
    windowMs: number,
  ): Promise<{ count: number; remainingMs: number }>;
  /** Sets `key` for `durationMs` (a lock). */
  abstract hold(key: string, durationMs: number): Promise<void>;
  /** Milliseconds left on `key`, 0 when absent or expired. */
  abstract remainingMs(key: string): Promise<number>;
  abstract delete(key: string): Promise<void>;
}

const MEMORY_LIMIT = 100_000;

/** One instance only; expiry follows the injected clock, so tests can move time. */
export class MemoryCounterStore extends CounterStore {
  private readonly entries = new Map<string, { count: number; expiresAtMs: number }>();

  constructor(private readonly nowMs: () => number) {
    super();
  }

  increment(key: string, windowMs: number): Promise<{ count: number; remainingMs: number }> {
    const now = this.nowMs();
    let entry = this.live(key, now);
    if (!entry) {
      if (this.entries.size >= MEMORY_LIMIT) this.sweep(now);
      entry = { count: 0, expiresAtMs: now + windowMs };
      this.entries.set(key, entry);
    }
    entry.count += 1;
    return Promise.resolve({ count: entry.count, remainingMs: entry.expiresAtMs - now });
  }

  hold(key: string, durationMs: number): Promise<void> {
    this.entries.set(key, { count: 1, expiresAtMs: this.nowMs() + durationMs });
    return Promise.resolve();
  }

  remainingMs(key: string): Promise<number> {
    const now = this.nowMs();
    const entry = this.live(key, now);
    return Promise.resolve(entry ? entry.expiresAtMs - now : 0);
  }

  delete(key: string): Promise<void> {
    this.entries.delete(key);
    return Promise.resolve();
  }

  private live(key: string, now: number) {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAtMs > now) return entry;
    if (entry) this.entries.delete(key);
    return undefined;
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAtMs <= now) this.entries.delete(key);
    if (this.entries.size >= MEMORY_LIMIT) this.entries.clear();
  }
}
