import { Global, Module, type Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { APP_CONFIG } from '../../config/config';
import { AuditLog } from '../audit-entry';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard';
import { RevocationBus } from '../revocation-bus';
import { RouteMetadata } from '../route-metadata';
import { AuthCoreModule } from './auth-core.module';
import { CredentialStrategies } from './credential-strategies';
import { AccessKeyVerifier, ApiKeyVerifier, PermissionSource, SessionTokens } from './ports';

const PORTS = [SessionTokens, ApiKeyVerifier, AccessKeyVerifier, PermissionSource, AuditLog];

/** What CommonModule and RateLimitModule give the core in the application, as stand-ins. */
@Global()
@Module({
  providers: [
    { provide: APP_CONFIG, useValue: { allowQueryToken: true, corsOrigins: true } },
    { provide: RouteMetadata, useValue: {} },
    { provide: RevocationBus, useValue: {} },
    { provide: RateLimitGuard, useValue: { canActivate: () => true } },
  ],
  exports: [APP_CONFIG, RouteMetadata, RevocationBus, RateLimitGuard],
})
class Surroundings {}

/** A feature module binding these ports, as the real ones do. */
function bindings(ports: readonly (abstract new () => unknown)[]) {
  const providers: Provider[] = ports.map((port) => ({ provide: port, useValue: {} }));
  @Module({ providers, exports: [...ports] })
  class Bindings {}
  return Bindings;
}

describe('AuthCoreModule', () => {
  it('boots when every port is bound', async () => {
    const app = await Test.createTestingModule({
      imports: [Surroundings, AuthCoreModule.forRoot({ bindings: [bindings(PORTS)] })],
    }).compile();
    expect(app.get(CredentialStrategies).for('access-key')).toBeDefined();
    await app.close();
  });

  it.each(PORTS.map((port) => [port.name, port] as const))(
    'refuses to boot when nobody binds %s',
    async (_name, missing) => {
      const bound = PORTS.filter((port) => port !== missing);
      await expect(
        Test.createTestingModule({
          imports: [Surroundings, AuthCoreModule.forRoot({ bindings: [bindings(bound)] })],
        }).compile(),
      ).rejects.toThrow(new RegExp(`can't resolve dependencies[\\s\\S]*${missing.name}`));
    },
  );
});
