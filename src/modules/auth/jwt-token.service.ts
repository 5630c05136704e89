import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import {
  ACTOR_TYPES,
  AppMetadata,
  AuthContext,
  LoginActorType,
} from '../../common/auth/auth-context';
import type { SessionTokens } from '../../common/auth/ports';
import { Clock } from '../../common/clock';
import type { CacheLookups } from '../../common/credential-cache';
import { Metrics } from '../../common/metrics';
import { boundedLru } from '../../common/lru';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { SessionsService } from './sessions.service';
import { andThen, Awaitable } from '../../common/awaitable';

/** DESIGN §3 claims. */
export interface JwtClaims {
  actor_id: string;
  actor_type: LoginActorType;
  auth_identity_id: string;
  app_metadata: AppMetadata;
  /** The session; revoking it ends the token before `exp`. */
  sid: string;
  iat: number;
  exp: number;
}

export type JwtPayload = Omit<JwtClaims, 'iat' | 'exp'>;

const CACHE_LIMIT = 10_000;

function isClaims(value: unknown): value is JwtClaims {
  const claims = value as Partial<JwtClaims> | null;
  return (
    typeof claims === 'object' &&
    claims !== null &&
    typeof claims.actor_id === 'string' &&
    ACTOR_TYPES.includes(claims.actor_type as LoginActorType) &&
    typeof claims.auth_identity_id === 'string' &&
    typeof claims.sid === 'string' &&
    typeof claims.app_metadata === 'object' &&
    claims.app_metadata !== null &&
    typeof claims.exp === 'number'
  );
}

/**
 * Signs and verifies JWTs with a key prepared once (a KeyObject, see JwtModule set-up). Verified tokens
 * are cached, and expiry is checked again on every hit: hot-path.md measured a from-scratch verification
 * at about half a route's throughput. The cache is keyed by the signature and a hit must match the whole
 * token: V8 hashes a Map key on every lookup of a new string, and a whole JWT is 400-odd characters.
 */
@Injectable()
export class JwtTokenService implements SessionTokens {
  private readonly verified = boundedLru<string, { token: string; claims: JwtClaims }>(CACHE_LIMIT);
  /** JWT_SECRET_PREVIOUS during a rotation: it verifies what it signed, and signs nothing. */
  private readonly previous: JwtService | undefined;
  private readonly lookups: CacheLookups;

  constructor(
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: Metrics,
  ) {
    this.lookups = metrics.cache('jwt');
    if (config.jwtSecretPrevious)
      this.previous = new JwtService({
        secret: createSecretKey(Buffer.from(config.jwtSecretPrevious, 'utf8')),
        verifyOptions: { algorithms: ['HS256'] },
      });
  }

  /** A token for `payload`, expiring after JWT_EXPIRES_IN, or at `notAfter` when that comes first. */
  sign(payload: JwtPayload, notAfter: Date): string {
    const remaining = Math.floor((notAfter.getTime() - this.clock.nowMs()) / 1000);
    return this.jwt.sign(
      { ...payload },
      remaining < this.config.jwtExpiresInSeconds ? { expiresIn: Math.max(remaining, 1) } : {},
    );
  }

  /**
   * The caller behind a JWT (as a bearer token or in the session cookie): a valid signature, an unexpired
   * token and a live session of the very identity and actor the token names (issue 19: a token proves who
   * it names, so even a validly signed token cannot borrow another person's session). The signature check
   * is cached per token; the session check is a cache hit too, evicted on revocation.
   */
  authenticate(token: string, method: 'bearer' | 'session'): Awaitable<AuthContext | undefined> {
    const claims = this.verify(token);
    if (!claims) return undefined;
    return andThen(this.sessions.live(claims.sid), (session) =>
      session &&
      session.actor_id === claims.actor_id &&
      session.actor_type === claims.actor_type &&
      session.auth_identity_id === claims.auth_identity_id
        ? {
            actor_id: claims.actor_id,
            actor_type: claims.actor_type,
            auth_identity_id: claims.auth_identity_id,
            app_metadata: claims.app_metadata,
            auth_method: method,
            session_id: claims.sid,
          }
        : undefined,
    );
  }

  /** The claims of a valid, unexpired token; undefined for anything else. */
  verify(token: string): JwtClaims | undefined {
    const nowSeconds = this.clock.nowMs() / 1000;
    const signature = token.slice(token.lastIndexOf('.') + 1);
    const cached = this.verified.get(signature);
    if (cached?.token === token) {
      this.lookups.hit.inc();
      if (cached.claims.exp > nowSeconds) return cached.claims;
      this.verified.delete(signature);
      return undefined;
    }
    this.lookups.miss.inc();
    const claims = this.verifiedBy(this.jwt, token) ?? this.verifiedBy(this.previous, token);
    if (!isClaims(claims) || claims.exp <= nowSeconds) return undefined;
    this.verified.set(signature, { token, claims });
    return claims;
  }

  private verifiedBy(signer: JwtService | undefined, token: string): unknown {
    try {
      return signer?.verify(token);
    } catch {
      return undefined;
    }
  }
}
