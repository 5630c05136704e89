import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { Clock } from '../../common/clock';
import type { CredentialCache } from '../../common/credential-cache';
import { CryptoService } from '../../common/crypto.service';
import { LastUsed, LastUsedTracker } from '../../common/last-used-tracker';
import { RevocationBus } from '../../common/revocation-bus';
import { parseToken } from '../../common/tokens/token-format';
import { ApiKey } from './api-key.entity';
import type { Awaitable } from '../../common/awaitable';
import type {
  ApiKeyVerifier,
  PublishableKeyContext,
  SecretKeyCaller,
} from '../../common/auth/ports';

/**
 * The request-path side of API keys: one indexed read per request, by token hash (current or, during a
 * roll's grace period, previous).
 */
@Injectable()
export class ApiKeyLookupService implements ApiKeyVerifier {
  /** Secret-key callers by token hash, with the time the key stops working by itself. */
  private readonly secrets: CredentialCache<{ caller: SecretKeyCaller; validUntilMs: number }>;
  private readonly lastUsed: LastUsed;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
    tracker: LastUsedTracker,
    bus: RevocationBus,
  ) {
    this.lastUsed = tracker.of('api_key', 'last_used_at');
    this.secrets = bus.cache('api_keys', (cache, kind, id) => {
      if (kind === 'api_key') cache.invalidate((entry) => entry.caller.api_key_id === id);
      if (kind === 'permissions')
        cache.invalidate((entry) => id === '*' || entry.caller.user_id === id);
    });
  }

  /** The usable key with this token hash: not revoked, not expired and not past its roll grace. */
  private usable(hash: string, type: ApiKey['type']): SelectQueryBuilder<ApiKey> {
    const now = this.clock.now();
    return this.dataSource.manager
      .createQueryBuilder(ApiKey, 'key')
      .where('key.type = :type', { type })
      .andWhere(
        '(key.token_hash = :hash OR (key.previous_token_hash = :hash AND key.previous_token_expires_at > :now))',
        { hash, now },
      )
      .andWhere('(key.revoked_at IS NULL OR key.revoked_at > :now)', { now })
      .andWhere('(key.expires_at IS NULL OR key.expires_at > :now)', { now });
  }

  /**
   * A secret key, the user it acts as (who must still exist) and that user's current permissions: a cache
   * hit, or one query, so RBAC costs an API-key request nothing more. The cached entry keeps the key's
   * own deadlines (revoke_in, expiry, roll grace) and is dropped on revocation or a permission change.
   * A token whose shape or checksum is wrong is refused before any database read. A cache hit skips that
   * check (about 3,000 instructions a request): its hash is a real secret key's, which only a well-formed
   * `sk_` token has.
   */
  authenticateSecret(token: string): Awaitable<SecretKeyCaller | undefined> {
    const hash = this.crypto.sha256(token);
    const nowMs = this.clock.nowMs();
    const cached = this.secrets.get(hash, nowMs);
    if (cached && cached.validUntilMs > nowMs) {
      this.lastUsed.touch(cached.caller.api_key_id, null);
      return cached.caller;
    }
    if (parseToken(token) !== 'secret_api_key') return undefined;
    return this.readSecret(hash, nowMs);
  }

  private async readSecret(hash: string, nowMs: number): Promise<SecretKeyCaller | undefined> {
    const generation = this.secrets.generation();
    // active_user_permissions is rbac's (migration 1795546200000): null once the creator is deleted.
    const { entities, raw } = await this.usable(hash, 'secret')
      .addSelect('active_user_permissions(key.created_by)', 'creator_permissions')
      .getRawAndEntities<{ creator_permissions: string[] | null }>();
    const key = entities[0];
    const permissions = raw[0]?.creator_permissions;
    if (!key || !permissions) return undefined;
    this.lastUsed.touch(key.id, key.last_used_at);
    const caller = {
      api_key_id: key.id,
      user_id: key.created_by,
      scopes: key.scopes,
      permissions,
    };
    const deadlines = [
      key.revoked_at,
      key.expires_at,
      key.token_hash === hash ? null : key.previous_token_expires_at,
    ].flatMap((date) => (date ? [date.getTime()] : []));
    this.secrets.set(
      hash,
      { caller, validUntilMs: Math.min(Infinity, ...deadlines) },
      nowMs,
      generation,
    );
    return caller;
  }

  async resolvePublishable(token: string): Promise<PublishableKeyContext | undefined> {
    const key = await this.usable(this.crypto.sha256(token), 'publishable').getOne();
    if (!key) return undefined;
    const links: { sales_channel_id: string }[] = await this.dataSource.query(
      'SELECT sales_channel_id FROM publishable_api_key_sales_channel WHERE api_key_id = $1',
      [key.id],
    );
    this.lastUsed.touch(key.id, key.last_used_at);
    return { api_key_id: key.id, sales_channel_ids: links.map((link) => link.sales_channel_id) };
  }
}
