import type { ThrottlerStorage } from '@nestjs/throttler';
import { CounterStore } from './counter-store';

/** The record `ThrottlerStorage.increment` resolves to (not exported by the package root). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const seconds = (ms: number) => Math.ceil(ms / 1000);

/** @nestjs/throttler's storage on top of the CounterStore (memory or Redis). ttl and blocks are in ms. */
export class CounterThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly store: CounterStore) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const blockKey = `throttle:${throttlerName}:block:${key}`;
    const blockedMs = await this.store.remainingMs(blockKey);
    if (blockedMs > 0) {
      return {
        totalHits: limit + 1,
        timeToExpire: seconds(blockedMs),
        isBlocked: true,
        timeToBlockExpire: seconds(blockedMs),
      };
    }
    const { count, remainingMs } = await this.store.increment(
      `throttle:${throttlerName}:hits:${key}`,
      ttl,
    );
    if (count <= limit) {
      return {
        totalHits: count,
        timeToExpire: seconds(remainingMs),
        isBlocked: false,
        timeToBlockExpire: 0,
      };
    }
    await this.store.hold(blockKey, blockDuration);
    return {
      totalHits: count,
      timeToExpire: seconds(remainingMs),
      isBlocked: true,
      timeToBlockExpire: seconds(blockDuration),
    };
  }
}
