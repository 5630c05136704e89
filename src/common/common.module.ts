import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { CredentialStrategies } from './auth/credential-strategies';
import { PersonalKeys } from './auth/personal-keys';
import { RouteMetadata } from './auth/route-metadata';
import { Clock } from './clock';
import { CryptoService } from './crypto.service';
import { LastUsedTracker } from './last-used-tracker';
import { RevocationBus } from './revocation-bus';

/**
 * Configuration, the clock, crypto, the credential strategies and route metadata for the global guards,
 * and the registry of keys that act as a person: injectable everywhere, defined once.
 */
const SHARED = [
  Clock,
  CryptoService,
  LastUsedTracker,
  RevocationBus,
  CredentialStrategies,
  RouteMetadata,
  PersonalKeys,
];

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
