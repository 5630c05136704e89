import type { LRUCache } from 'lru-cache';
import { boundedLru } from './lru';
import type { RevocationBus } from './revocation-bus';

/** Where a cache counts its hits and misses (Metrics.cache). */
export interface CacheLookups {
  hit: { inc(): void };
  miss: { inc(): void };
}
const UNCOUNTED: CacheLookups = { hit: { inc: () => undefined }, miss: { inc: () => undefined } };

const DEFAULT_MAX_AGE_MS = 30_000;
const DEFAULT_LIMIT = 50_000;

/**
 * A bounded in-process cache of credential lookups (sessions, keys, permissions). It is consulted only
 * while the RevocationBus is listening, entries are re-read at least every `maxAgeMs` (by the service's
 * Clock, so tests can move time), and a value read from the database before an invalidation is never
 * stored after it: callers take a `generation()` before their read and pass it to `set`, which ignores
 * the value if anything was invalidated since. Past `limit` entries the least recently used goes.
 */
export class CredentialCache<V> {
  private readonly entries: LRUCache<string, { value: V; cachedAtMs: number }>;
  private currentGeneration = 0;

  constructor(
    private readonly bus: Pick<RevocationBus, 'healthy'>,
    private readonly maxAgeMs = DEFAULT_MAX_AGE_MS,
    limit = DEFAULT_LIMIT,
    private readonly lookups: CacheLookups = UNCOUNTED,
  ) {
    this.entries = boundedLru(limit);
  }

  generation(): number {
    return this.currentGeneration;
  }

  get(key: string, nowMs: number): V | undefined {
    const entry = this.bus.healthy ? this.entries.get(key) : undefined;
    if (!entry) {
      this.lookups.miss.inc();
      return undefined;
    }
    if (nowMs - entry.cachedAtMs >= this.maxAgeMs) {
      this.entries.delete(key);
      this.lookups.miss.inc();
      return undefined;
    }
    this.lookups.hit.inc();
    return entry.value;
  }

  set(key: string, value: V, nowMs: number, generation: number): void {
    if (!this.bus.healthy || generation !== this.currentGeneration) return;
    this.entries.set(key, { value, cachedAtMs: nowMs });
  }

  /** Drops the entries `matches` picks, and anything being read right now. */
  invalidate(matches: (value: V, key: string) => boolean): void {
    this.currentGeneration += 1;
    const dropped: string[] = [];
    for (const [key, entry] of this.entries.entries())
      if (matches(entry.value, key)) dropped.push(key);
    for (const key of dropped) this.entries.delete(key);
  }

  clear(): void {
    this.currentGeneration += 1;
    this.entries.clear();
  }
}
