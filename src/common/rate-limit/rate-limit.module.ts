import { Global, Inject, Module, OnApplicationShutdown, Optional } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Clock } from '../clock';
import { CounterStore, MemoryCounterStore } from './counter-store';
import { CounterThrottlerStorage } from './counter-throttler-storage';
import { DEVICE_POLL_FACTOR, IpThrottler, RateLimitGuard } from './rate-limit.guard';
import { RedisCounterStore } from './redis-counter-store';
import { ResilientCounterStore } from './resilient-counter-store';

const REDIS = Symbol('REDIS');

/**
 * Rate-limit counters: Redis when REDIS_URL is set, so that limits hold across instances, with this
 * instance's own while Redis does not answer.
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, CounterStore],
      useFactory: (config: AppConfig, store: CounterStore) => ({
        throttlers: [
          { name: 'ip', ttl: 60_000, limit: config.rateLimitPerMinute, blockDuration: 60_000 },
          {
            name: 'device_poll',
            ttl: 60_000,
            limit: config.rateLimitPerMinute * DEVICE_POLL_FACTOR,
            blockDuration: 60_000,
          },
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
          ? new Redis(config.redisUrl, {
              keyPrefix: config.redisPrefix,
              maxRetriesPerRequest: 2,
              // While the connection is down, commands fail at once (and are counted in memory) rather
              // than wait in a queue, holding the login that asked.
              enableOfflineQueue: false,
              // How long a closing connection may linger (2 s by default): ioredis waits that long even
              // for a socket that never connected, which held up shutdown.
              disconnectTimeout: 200,
            })
          : undefined,
    },
    {
      provide: CounterStore,
      inject: [REDIS, Clock],
      useFactory: (redis: Redis | undefined, clock: Clock) => {
        const local = new MemoryCounterStore(() => clock.nowMs());
        return redis
          ? new ResilientCounterStore(new RedisCounterStore(redis), local, redis)
          : local;
      },
    },
    IpThrottler,
    RateLimitGuard,
  ],
  exports: [CounterStore, RateLimitGuard, ThrottlerModule],
})
export class RateLimitModule implements OnApplicationShutdown {
  constructor(@Optional() @Inject(REDIS) private readonly redis?: Redis) {}

  /** QUIT when connected (pending replies arrive first); otherwise stop reconnecting at once. */
  async onApplicationShutdown(): Promise<void> {
    if (!this.redis) return;
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => undefined);
    this.redis.disconnect();
  }
}
