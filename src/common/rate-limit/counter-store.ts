import { boundedLru } from '../lru';

/**
 * Expiring counters and locks for rate limits and lockouts: in Redis when REDIS_URL is set (so limits
 * hold across instances), in process memory otherwise.
 */
export abstract class CounterStore {
  /**
   * Adds one to `key` atomically; the window starts at the first hit. Returns the count and the ms left
   * before the key expires.
   */
  abstract increment(
    key: string,
    windowMs: number,
  ): Promise<{ count: number; remainingMs: number }>;
  /** Sets `key` for `durationMs` (a lock). */
  abstract hold(key: string, durationMs: number): Promise<void>;
  /** Keeps `key`, with its count, for `durationMs` from now: it has become a lock. */
  abstract prolong(key: string, durationMs: number): Promise<void>;
  /** Milliseconds left on `key`, 0 when absent or expired. */
  abstract remainingMs(key: string): Promise<number>;
  /** The count of `key`, 0 when absent or expired. */
  abstract count(key: string): Promise<number>;
  /** Takes one from `key` (never below 0, and never bringing back an absent key). */
  abstract decrement(key: string): Promise<void>;
  abstract delete(key: string): Promise<void>;
  /** Whether the counters are Redis's (for /health/ready); they are this process's without REDIS_URL. */
  redisState(): RedisState | 'not_configured' {
    return 'not_configured';
  }
}

export type RedisState = 'up' | 'down';

interface Entry {
  count: number;
  expiresAtMs: number;
}

/** Counters kept in memory before the least recently used one is dropped. */
const MEMORY_LIMIT = 100_000;

/**
 * One instance only; expiry follows the injected clock, so tests can move time. Plain counters live in a
 * bounded LRU, so a flood of new keys costs at most MEMORY_LIMIT entries; held and prolonged keys (locks)
 * live apart and are never evicted before they expire, so no flood of addresses can lift a lockout.
 */
export class MemoryCounterStore extends CounterStore {
  private readonly counters = boundedLru<string, Entry>(MEMORY_LIMIT);
  private readonly locks = new Map<string, Entry>();

  constructor(private readonly nowMs: () => number) {
    super();
  }

  increment(key: string, windowMs: number): Promise<{ count: number; remainingMs: number }> {
    const now = this.nowMs();
    let entry = this.live(key, now);
    if (!entry) {
      entry = { count: 0, expiresAtMs: now + windowMs };
      this.counters.set(key, entry);
    }
    entry.count += 1;
    return Promise.resolve({ count: entry.count, remainingMs: entry.expiresAtMs - now });
  }

  hold(key: string, durationMs: number): Promise<void> {
    this.lock(key, { count: 1, expiresAtMs: this.nowMs() + durationMs });
    return Promise.resolve();
  }

  prolong(key: string, durationMs: number): Promise<void> {
    const now = this.nowMs();
    const count = this.live(key, now)?.count ?? 1;
    this.counters.delete(key);
    this.lock(key, { count, expiresAtMs: now + durationMs });
    return Promise.resolve();
  }

  remainingMs(key: string): Promise<number> {
    const now = this.nowMs();
    const entry = this.live(key, now);
    return Promise.resolve(entry ? entry.expiresAtMs - now : 0);
  }

  count(key: string): Promise<number> {
    return Promise.resolve(this.live(key, this.nowMs())?.count ?? 0);
  }

  decrement(key: string): Promise<void> {
    const entry = this.live(key, this.nowMs());
    if (entry && entry.count > 0) entry.count -= 1;
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.counters.delete(key);
    this.locks.delete(key);
    return Promise.resolve();
  }

  private lock(key: string, entry: Entry): void {
    // Locks are few (each takes a run of refused attempts) and short: sweep the expired ones now and then.
    if (this.locks.size >= MEMORY_LIMIT) {
      const now = this.nowMs();
      for (const [name, lock] of this.locks) if (lock.expiresAtMs <= now) this.locks.delete(name);
    }
    this.locks.set(key, entry);
  }

  private live(key: string, now: number): Entry | undefined {
    const locked = this.locks.get(key);
    if (locked && locked.expiresAtMs > now) return locked;
    if (locked) this.locks.delete(key);
    const entry = this.counters.get(key);
    if (entry && entry.expiresAtMs > now) return entry;
    if (entry) this.counters.delete(key);
    return undefined;
  }
}
