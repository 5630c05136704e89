import type Redis from 'ioredis';
import { CounterStore } from './counter-store';

/** Shared by every instance: INCR with an expiry set on the first hit, and PX locks. */
export class RedisCounterStore extends CounterStore {
  constructor(private readonly redis: Redis) {
    super();
  }

  async increment(key: string, windowMs: number): Promise<{ count: number; remainingMs: number }> {
    const results = await this.redis
      .multi()
      .incr(key)
      .pexpire(key, windowMs, 'NX')
      .pttl(key)
      .exec();
    const count = Number(results?.[0]?.[1] ?? 0);
    const ttl = Number(results?.[2]?.[1] ?? windowMs);
    return { count, remainingMs: ttl > 0 ? ttl : windowMs };
  }

  async hold(key: string, durationMs: number): Promise<void> {
    await this.redis.set(key, '1', 'PX', durationMs);
  }

  async prolong(key: string, durationMs: number): Promise<void> {
    await this.redis.pexpire(key, durationMs);
  }

  async remainingMs(key: string): Promise<number> {
    const ttl = await this.redis.pttl(key);
    return ttl > 0 ? ttl : 0;
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(key);
  }
}
