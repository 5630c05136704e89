import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { Clock } from '../../common/clock';
import { CryptoService } from '../../common/crypto.service';
import { LastUsedTracker } from '../../common/last-used-tracker';
import { USER_PERMISSIONS_SQL } from '../rbac/rbac.service';
import { User } from '../users/user.entity';
import { ApiKey } from './api-key.entity';

export interface SecretKeyCaller {
  api_key_id: string;
  user_id: string;
  scopes: string[] | null;
  /** The creator's permissions now (before the key's scopes narrow them). */
  permissions: string[];
}

export interface PublishableKeyContext {
  api_key_id: string;
  sales_channel_ids: string[];
}

/**
 * The request-path side of API keys: one indexed read per request, by token hash (current or, during a
 * roll's grace period, previous). Callers have already checked the token's checksum.
 */
@Injectable()
export class ApiKeyLookupService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
    private readonly lastUsed: LastUsedTracker,
  ) {}

  /** The usable key behind a token, or undefined when unknown, revoked, expired or past its roll grace. */
  private usable(token: string, type: ApiKey['type']): SelectQueryBuilder<ApiKey> {
    const hash = this.crypto.sha256(token);
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
   * A secret key, the user it acts as (who must still exist) and that user's current permissions, in
   * one query, so RBAC costs an API-key request nothing more.
   */
  async authenticateSecret(token: string): Promise<SecretKeyCaller | undefined> {
    const { entities, raw } = await this.usable(token, 'secret')
      .innerJoin(User, 'creator', 'creator.id = key.created_by AND creator.deleted_at IS NULL')
      .addSelect(`(${USER_PERMISSIONS_SQL}key.created_by)`, 'creator_permissions')
      .getRawAndEntities<{ creator_permissions: string[] }>();
    const key = entities[0];
    if (!key) return undefined;
    this.lastUsed.touch('api_key', key.id, key.last_used_at);
    return {
      api_key_id: key.id,
      user_id: key.created_by,
      scopes: key.scopes,
      permissions: raw[0]?.creator_permissions ?? [],
    };
  }

  async resolvePublishable(token: string): Promise<PublishableKeyContext | undefined> {
    const key = await this.usable(token, 'publishable').getOne();
    if (!key) return undefined;
    const links: { sales_channel_id: string }[] = await this.dataSource.query(
      'SELECT sales_channel_id FROM publishable_api_key_sales_channel WHERE api_key_id = $1',
      [key.id],
    );
    this.lastUsed.touch('api_key', key.id, key.last_used_at);
    return { api_key_id: key.id, sales_channel_ids: links.map((link) => link.sales_channel_id) };
  }
}
