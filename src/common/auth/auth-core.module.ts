import { DynamicModule, Global, Module, type ModuleMetadata } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard';
import { AuthGuard } from './auth.guard';
import { CredentialStrategies } from './credential-strategies';
import { PermissionsGuard } from './permissions.guard';
import { PersonalKeys } from './personal-keys';
import { PublishableKeyGuard } from './publishable-key.guard';
import { AccessKeyStrategy } from './strategies/access-key.strategy';
import { ApiKeyStrategy } from './strategies/api-key.strategy';
import { JwtStrategy } from './strategies/jwt.strategy';
import { SessionCookieStrategy } from './strategies/session-cookie.strategy';

/**
 * The auth core: the credential strategies, the global guards in the order they run, and the registry of
 * keys that act as a person. It imports nothing from `modules/`: `bindings` are the modules that bind
 * its ports (ports.ts, AuditLog), handed over by AppModule. Guards run in this order on every request:
 *
 * 1. AuthGuard: who is calling (`@Public()`, `@AllowedAuth()`), by the route's credential strategies;
 * 2. PermissionsGuard: `@RequirePermissions()`, read at request time;
 * 3. PublishableKeyGuard: `@RequirePublishableKey()` on store routes;
 * 4. RateLimitGuard: `@RateLimited()`, after authentication so a refused token spends no budget twice.
 */
@Global()
@Module({})
export class AuthCoreModule {
  static forRoot({
    bindings,
  }: {
    bindings: NonNullable<ModuleMetadata['imports']>;
  }): DynamicModule {
    return {
      module: AuthCoreModule,
      imports: bindings,
      providers: [
        JwtStrategy,
        SessionCookieStrategy,
        ApiKeyStrategy,
        AccessKeyStrategy,
        CredentialStrategies,
        PersonalKeys,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: PermissionsGuard },
        { provide: APP_GUARD, useClass: PublishableKeyGuard },
        { provide: APP_GUARD, useExisting: RateLimitGuard },
      ],
      exports: [CredentialStrategies, PersonalKeys],
    };
  }
}
