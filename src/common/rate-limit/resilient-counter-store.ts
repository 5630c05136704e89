import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { CounterStore, type RedisState } from './counter-store';

/**
 * Redis's counters while it answers, this instance's own while it does not. Logins and registrations
 * never fail for want of Redis: a command that fails, or any command while the connection is down, is
 * served from memory (limits then hold per instance). One warning when Redis goes away, one line when it
 * is back; ioredis's own error events, one per reconnection attempt, are swallowed here.
 */
export class ResilientCounterStore extends CounterStore {
  private readonly logger = new Logger('Redis');
  private state: RedisState | 'connecting' = 'connecting';

  constructor(
    private readonly shared: CounterStore,
    private readonly local: CounterStore,
    redis: Redis,
  ) {
    super();
    redis.on('ready', () => this.become('up'));
    redis.on('close', () => this.become('down'));
    redis.on('error', () => this.become('down'));
  }

  override redisState(): RedisState {
    return this.state === 'up' ? 'up' : 'down';
  }

  private become(state: RedisState): void {
    if (state === this.state) return;
    const was = this.state;
    this.state = state;
    if (state === 'down')
      this.logger.warn(
        'Redis does not answer: rate limits and lockouts count on this instance alone until it is back',
      );
    else if (was === 'down') this.logger.log('Redis answers again: counters are shared again');
  }

  private async run<T>(operation: (store: CounterStore) => Promise<T>): Promise<T> {
    if (this.state !== 'up') return operation(this.local);
    try {
      return await operation(this.shared);
    } catch {
      this.become('down');
      return operation(this.local);
    }
  }

  increment(key: string, windowMs: number) {
    return this.run((store) => store.increment(key, windowMs));
  }
  hold(key: string, durationMs: number) {
    return this.run((store) => store.hold(key, durationMs));
  }
  prolong(key: string, durationMs: number) {
    return this.run((store) => store.prolong(key, durationMs));
  }
  remainingMs(key: string) {
    return this.run((store) => store.remainingMs(key));
  }
  count(key: string) {
    return this.run((store) => store.count(key));
  }
  decrement(key: string) {
    return this.run((store) => store.decrement(key));
  }
  delete(key: string) {
    return this.run((store) => store.delete(key));
  }
}
