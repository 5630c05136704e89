import { Global, Inject, Module, OnApplicationShutdown, Optional } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../clock';
import { CounterStore, MemoryCounterStore } from './counter-store';
import { CounterThrottlerStorage } from './counter-throttler-storage';
import { IpThrottler, RateLimitGuard } from './rate-limit.guard';
import { RedisCounterStore } from './redis-counter-store';

const REDIS = Symbol('REDIS');

/** Rate-limit counters: Redis when REDIS_URL is set, so that limits hold across instances. */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, CounterStore],
      useFactory: (config: AppConfig, store: CounterStore) => ({
        throttlers: [
          { name: 'ip', ttl: 60_000, limit: config.rateLimitPerMinute, blockDuration: 60_000 },
        ],
        storage: new CounterThrottlerStorage(store),
      }),
    }),
  ],
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        config.redisUrl
          ? new Redis(config.redisUrl, { keyPrefix: config.redisPrefix, maxRetriesPerRequest: 2 })
          : undefined,
    },
    {
      provide: CounterStore,
      inject: [REDIS, Clock],
      useFactory: (redis: Redis | undefined, clock: Clock) =>
        redis ? new RedisCounterStore(redis) : new MemoryCounterStore(() => clock.nowMs()),
    },
    IpThrottler,
    RateLimitGuard,
  ],
  exports: [CounterStore, RateLimitGuard, ThrottlerModule],
})
export class RateLimitModule implements OnApplicationShutdown {
  constructor(@Optional() @Inject(REDIS) private readonly redis?: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}
