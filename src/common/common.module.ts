import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { RouteMetadata } from './route-metadata';
import { Clock } from './clock';
import { CryptoService } from './crypto.service';
import { LastUsedTracker } from './last-used-tracker';
import { Metrics } from './metrics';
import { RevocationBus } from './revocation-bus';

/**
 * Configuration, the clock, crypto, last-used tracking, metrics, revocation notices and the route metadata the
 * global guards read: injectable everywhere, defined once.
 */
const SHARED = [Clock, CryptoService, LastUsedTracker, Metrics, RevocationBus, RouteMetadata];

@Global()
@Module({})
export class CommonModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CommonModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, ...SHARED],
      exports: [APP_CONFIG, ...SHARED],
    };
  }
}
