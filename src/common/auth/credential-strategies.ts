import { Injectable } from '@nestjs/common';
import type { AuthMethod } from './auth-context';
import { AccessKeyStrategy } from './strategies/access-key.strategy';
import { ApiKeyStrategy } from './strategies/api-key.strategy';
import { JwtStrategy } from './strategies/jwt.strategy';
import { SessionCookieStrategy } from './strategies/session-cookie.strategy';
import type { CredentialStrategy } from './strategies/strategy';

/**
 * The strategy for each kind of credential, which the AuthGuard (and the refresh route) call directly:
 * passport's per-request closures and callbacks cost a few microseconds on every authenticated request
 * (issue #7), and its registry is process-wide. Each strategy reaches its module through a port.
 */
@Injectable()
export class CredentialStrategies {
  private readonly byMethod: Record<AuthMethod, CredentialStrategy>;

  constructor(
    bearer: JwtStrategy,
    session: SessionCookieStrategy,
    apiKey: ApiKeyStrategy,
    accessKey: AccessKeyStrategy,
  ) {
    this.byMethod = { bearer, session, 'api-key': apiKey, 'access-key': accessKey };
  }

  for(method: AuthMethod): CredentialStrategy {
    return this.byMethod[method];
  }
}
