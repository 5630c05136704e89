import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, AppConfig } from '../../../config/config';
import {
  CredentialPassportStrategy,
  type CredentialStrategy,
  type StrategyOutcome,
  type StrategyRefusal,
} from './strategy';
import { ApiKeyVerifier } from '../ports';
import { andThen, Awaitable } from '../../awaitable';
import { prefixOf } from '../../tokens/token-kinds';
import { basicCredential, SECRET_KEY_BEARER } from '../credentials';

// Medusa PR #16062: people keep sending secret keys as Bearer tokens; say where they go instead.
const BEARER_HINT: StrategyRefusal = {
  message:
    'A secret API key was sent as a Bearer token. Send it in the x-medusa-access-token header, or as HTTP Basic ' +
    'authentication with the key as the username and an empty password.',
};

const SECRET_KEY_START = `${prefixOf('secret_api_key')}_`;

/** `Basic base64("sk_…:")`, as Medusa v2 clients send it; also the raw `Basic sk_…` form Medusa accepts. */
function fromBasic(request: FastifyRequest): string | undefined {
  const credential = basicCredential(request);
  if (!credential) return undefined;
  const decoded = credential.startsWith(SECRET_KEY_START)
    ? credential
    : Buffer.from(credential, 'base64').toString('utf8');
  return decoded.endsWith(':') ? decoded.slice(0, -1) : decoded;
}

/**
 * Secret API keys (DESIGN §4) from `x-medusa-access-token`, `?api_token=` (unless ALLOW_QUERY_TOKEN=false)
 * or HTTP Basic. The key acts as the user who created it. A token whose checksum is wrong is refused
 * before any database read (by the lookup, after its cache).
 */
@Injectable()
export class ApiKeyStrategy
  extends CredentialPassportStrategy('api-key')
  implements CredentialStrategy
{
  constructor(
    private readonly lookup: ApiKeyVerifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  private presentedToken(request: FastifyRequest): string | undefined {
    const header = request.headers['x-medusa-access-token'];
    if (typeof header === 'string') return header;
    const basic = fromBasic(request);
    if (basic) return basic;
    if (!this.config.allowQueryToken) return undefined;
    const query = (request.query ?? {}) as Record<string, unknown>;
    return typeof query.api_token === 'string' ? query.api_token : undefined;
  }

  validate(request: FastifyRequest): Awaitable<StrategyOutcome> {
    const token = this.presentedToken(request);
    if (!token) {
      return SECRET_KEY_BEARER.test(request.headers.authorization ?? '')
        ? [false, BEARER_HINT]
        : false;
    }
    return andThen(this.lookup.authenticateSecret(token), (caller) =>
      caller
        ? {
            actor_id: caller.user_id,
            actor_type: 'user',
            auth_identity_id: '',
            app_metadata: { user_id: caller.user_id },
            auth_method: 'api-key',
            api_key_id: caller.api_key_id,
            permissions: caller.permissions,
            scopes: caller.scopes ?? undefined,
          }
        : false,
    );
  }
}
