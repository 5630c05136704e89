import type { RevocationBus } from './revocation-bus';

const DEFAULT_MAX_AGE_MS = 30_000;
const DEFAULT_LIMIT = 50_000;

/**
 * A bounded in-process cache of credential lookups (sessions, keys, permissions). It is consulted only
 * while the RevocationBus is listening, entries are re-read at least every `maxAgeMs`, and a value read
 * from the database before an invalidation is never stored after it: callers take a `generation()`
 * before their read and pass it to `set`, which ignores the value if anything was invalidated since.
 */
export class CredentialCache<V> {
  private readonly entries = new Map<string, { value: V; cachedAtMs: number }>();
  private currentGeneration = 0;

  constructor(
    private readonly bus: Pick<RevocationBus, 'healthy'>,
    private readonly maxAgeMs = DEFAULT_MAX_AGE_MS,
    private readonly limit = DEFAULT_LIMIT,
  ) {}

  generation(): number {
    return this.currentGeneration;
  }

  get(key: string, nowMs: number): V | undefined {
    if (!this.bus.healthy) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (nowMs - entry.cachedAtMs >= this.maxAgeMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, nowMs: number, generation: number): void {
    if (!this.bus.healthy || generation !== this.currentGeneration) return;
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(key, { value, cachedAtMs: nowMs });
  }

  /** Drops the entries `matches` picks, and anything being read right now. */
  invalidate(matches: (value: V, key: string) => boolean): void {
    this.currentGeneration += 1;
    for (const [key, entry] of this.entries)
      if (matches(entry.value, key)) this.entries.delete(key);
  }

  clear(): void {
    this.currentGeneration += 1;
    this.entries.clear();
  }
}
