import type Redis from 'ioredis';
import { CounterStore } from './counter-store';

/** DECR, but only on a key that exists and is above 0 (a lone DECR would create it at -1). */
const DECREMENT_IF_POSITIVE = `if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then return redis.call('DECR', KEYS[1]) end return 0`;

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

  async count(key: string): Promise<number> {
    return Number((await this.redis.get(key)) ?? 0);
  }

  async decrement(key: string): Promise<void> {
    await this.redis.eval(DECREMENT_IF_POSITIVE, 1, key);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(key);
  }
}
