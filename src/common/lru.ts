import { LRUCache } from 'lru-cache';

/**
 * An LRU cache of at most `limit` entries whose storage grows with what it holds. lru-cache's `max`
 * would preallocate `max` slots in arrays that every full garbage collection then marks: with `max`, the
 * caches' 1.1 million empty slots cost every request, `/health` included, about 12% more instructions
 * (npm run bench:instructions, issue 21). A size of 1 an entry under `maxSize` bounds the count the
 * same way, without the preallocation.
 */
export function boundedLru<K extends NonNullable<unknown>, V extends NonNullable<unknown>>(
  limit: number,
): LRUCache<K, V> {
  return new LRUCache<K, V>({ maxSize: limit, sizeCalculation: () => 1 });
}
