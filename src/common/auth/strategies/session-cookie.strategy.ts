import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, AppConfig } from '../../../config/config';
import { NotAllowedError } from '../../errors/app-errors';
import {
  CredentialPassportStrategy,
  type CredentialStrategy,
  type StrategyOutcome,
} from './strategy';
import { SessionTokens } from '../ports';
import { andThen, Awaitable } from '../../awaitable';

export const SESSION_COOKIE = 'gatehouse_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function originOf(request: FastifyRequest): string | undefined {
  const origin = request.headers.origin ?? request.headers.referer;
  if (!origin) return undefined;
  try {
    return new URL(origin).origin;
  } catch {
    return undefined;
  }
}

/**
 * The httpOnly session cookie set by `POST /auth/session` (it holds the session's JWT). CSRF defence:
 * a state-changing request authenticated by the cookie must come from this service's own origin or one
 * listed in CORS_ORIGINS, as its `Origin` (or `Referer`) header says; otherwise 403.
 */
@Injectable()
export class SessionCookieStrategy
  extends CredentialPassportStrategy('session')
  implements CredentialStrategy
{
  constructor(
    private readonly tokens: SessionTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  validate(request: FastifyRequest): Awaitable<StrategyOutcome> {
    const token = request.cookies?.[SESSION_COOKIE];
    if (!token) return false;
    if (!SAFE_METHODS.has(request.method) && !this.sameOrigin(request)) {
      throw new NotAllowedError(
        'Cross-site request refused: the Origin is not allowed to use this session',
      );
    }
    return andThen(this.tokens.authenticate(token, 'session'), (auth) => auth ?? false);
  }

  private sameOrigin(request: FastifyRequest): boolean {
    const origin = originOf(request);
    if (!origin) return false;
    const host = request.headers.host;
    if (host && (origin === `http://${host}` || origin === `https://${host}`)) return true;
    return Array.isArray(this.config.corsOrigins) && this.config.corsOrigins.includes(origin);
  }
}
