import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { AuthContext } from '../../common/auth/auth-context';
import {
  KeyRevocation,
  PersonalKey,
  PersonalKeys,
  PersonalKeySource,
} from '../../common/auth/personal-keys';
import { Clock } from '../../common/clock';
import { RevocationBus } from '../../common/revocation-bus';
import { CryptoService } from '../../common/crypto.service';
import { InvalidDataError, NotFoundError } from '../../common/errors/app-errors';
import { newId } from '../../common/ids';
import { Page, paginate, whereContains } from '../../common/pagination';
import { redactToken } from '../../common/tokens/token-format';
import type { KeyKind } from '../../common/tokens/token-kinds';
import type { AuditMetadata } from '../../common/audit-entry';
import { AuditService } from '../audit/audit.service';
import { effectivePermissions, validatePermissions } from '../../common/auth/permissions';
import { RbacService } from '../rbac/rbac.service';
import { findSalesChannels, type SalesChannel } from '../sales-channels/sales-channels.service';
import { ApiKey, ApiKeyType } from './api-key.entity';
import type {
  ApiKeyResponse,
  ApiKeyWithTokenResponse,
  CreateApiKeyDto,
  ListApiKeysQuery,
  ManageSalesChannelsDto,
} from './dto/api-key.dto';

const TOKEN_KIND: Record<ApiKeyType, KeyKind> = {
  secret: 'secret_api_key',
  publishable: 'publishable_api_key',
};

/** Changes after which a cached lookup of the key must be dropped on every instance. */
const REVOKING_ACTIONS = new Set(['api_key.revoke', 'api_key.roll', 'api_key.delete']);

/** Revoked for good: a `revoked_at` still in the future only schedules the revocation. */
function isRevoked(key: ApiKey, nowMs: number): boolean {
  return key.revoked_at !== null && key.revoked_at.getTime() <= nowMs;
}

/**
 * Admin management of secret and publishable keys. Tokens are generated here, stored only as SHA-256,
 * and returned by create and roll alone (seed: "The API key token is only shown once").
 */
@Injectable()
export class ApiKeysService implements PersonalKeySource {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
    private readonly rbac: RbacService,
    private readonly audit: AuditService,
    private readonly bus: RevocationBus,
    personalKeys: PersonalKeys,
  ) {
    personalKeys.register(this);
  }

  /** PersonalKeys: the user's secret keys that still work (publishable keys act as no one). */
  async keysOf(userId: string, manager = this.dataSource.manager): Promise<PersonalKey[]> {
    const now = this.clock.now();
    const keys = await manager
      .createQueryBuilder(ApiKey, 'key')
      .where("key.type = 'secret' AND key.created_by = :userId", { userId })
      .andWhere('(key.revoked_at IS NULL OR key.revoked_at > :now)', { now })
      .andWhere('(key.expires_at IS NULL OR key.expires_at > :now)', { now })
      .orderBy('key.created_at')
      .getMany();
    return keys.map(({ id, title, redacted }) => ({
      object: 'api_key',
      id,
      name: title,
      redacted,
    }));
  }

  /** PersonalKeys: revokes them now, inside the caller's transaction. */
  async revokeKeysOfIn(
    manager: EntityManager,
    userId: string,
    { reason, ...by }: KeyRevocation,
  ): Promise<PersonalKey[]> {
    const keys = await this.keysOf(userId, manager);
    for (const key of keys) {
      await manager.update(
        ApiKey,
        { id: key.id },
        { revoked_at: this.clock.now(), revoked_by: by.auth?.actor_id ?? by.actor?.id ?? null },
      );
      await this.bus.publish(manager, 'api_key', key.id);
      await this.audit.record(
        {
          ...by,
          action: 'api_key.revoke',
          target: { type: 'api_key', id: key.id },
          metadata: { title: key.name, reason },
        },
        manager,
      );
    }
    return keys;
  }

  /**
   * A key acts as its creator, narrowed to `scopes` when given. A key made by a scoped key inherits that
   * key's scopes, and no key may be scoped beyond what its creator holds now (403).
   */
  async create(auth: AuthContext, dto: CreateApiKeyDto): Promise<ApiKeyWithTokenResponse> {
    if (dto.expires_at && dto.expires_at.getTime() <= this.clock.nowMs()) {
      throw new InvalidDataError('expires_at must be in the future');
    }
    const scopes = dto.scopes ? validatePermissions(dto.scopes) : (auth.scopes ?? null);
    await this.rbac.assertWithinCeiling(auth, scopes ?? [], {
      action: 'api_key.create',
      target: { type: 'api_key', id: null },
    });
    const { token, token_hash, redacted } = this.newToken(dto.type);
    const key = this.dataSource.manager.create(ApiKey, {
      id: newId('apk'),
      title: dto.title,
      type: dto.type,
      token_hash,
      redacted,
      previous_token_hash: null,
      previous_token_expires_at: null,
      scopes,
      created_by: auth.actor_id,
      expires_at: dto.expires_at ?? null,
      last_used_at: null,
      revoked_at: null,
      revoked_by: null,
    });
    await this.audited(
      auth,
      'api_key.create',
      key,
      { title: key.title, type: key.type, scopes },
      (manager) => manager.save(key),
    );
    return { ...(await this.toResponse(key)), token };
  }

  async list(_auth: AuthContext, query: ListApiKeysQuery): Promise<Page<ApiKeyResponse>> {
    const now = this.clock.now();
    const builder = this.dataSource.manager.createQueryBuilder(ApiKey, 'key');
    if (query.type) builder.andWhere('key.type = :type', { type: query.type });
    whereContains(builder, ['key.title', 'key.redacted'], query.q);
    if (query.revoked === true) builder.andWhere('key.revoked_at <= :now', { now });
    if (query.revoked === false)
      builder.andWhere('(key.revoked_at IS NULL OR key.revoked_at > :now)', { now });
    const page = await paginate(builder, query, (key) => key);
    const keys = page.items;
    const channels = await this.salesChannelsOf(keys);
    return { ...page, items: keys.map((key) => this.shape(key, channels.get(key.id))) };
  }

  async retrieve(_auth: AuthContext, id: string): Promise<ApiKeyResponse> {
    return this.toResponse(await this.find(id));
  }

  async updateTitle(auth: AuthContext, id: string, title: string): Promise<ApiKeyResponse> {
    const key = await this.findWithinCeiling(auth, id, 'api_key.update');
    key.title = title;
    await this.audited(auth, 'api_key.update', key, { title }, (manager) => manager.save(key));
    return this.toResponse(key);
  }

  /** Revokes now, or in `revokeIn` seconds (the key keeps working until then). */
  async revoke(auth: AuthContext, id: string, revokeIn = 0): Promise<ApiKeyResponse> {
    const key = await this.findWithinCeiling(auth, id, 'api_key.revoke');
    const nowMs = this.clock.nowMs();
    if (isRevoked(key, nowMs)) throw new InvalidDataError(`API key ${id} is already revoked`);
    key.revoked_at = new Date(nowMs + revokeIn * 1000);
    key.revoked_by = auth.actor_id;
    await this.audited(auth, 'api_key.revoke', key, { revoke_in: revokeIn }, (manager) =>
      manager.save(key),
    );
    return this.toResponse(key);
  }

  /**
   * Stripe-style roll: a new token for the same key; the old one keeps working for `expiresIn` seconds.
   * A token rolled out earlier is dropped, so at most two tokens ever work at once. A secret key acts as
   * its creator, so only its creator may roll it: anyone else would walk away with the creator's rights.
   */
  async roll(auth: AuthContext, id: string, expiresIn = 0): Promise<ApiKeyWithTokenResponse> {
    const key = await this.find(id);
    const attempt = { action: 'api_key.roll', target: { type: 'api_key', id } };
    if (key.type === 'secret' && key.created_by !== auth.actor_id) {
      await this.rbac.refuse(auth, attempt, { reason: 'not_creator' });
    }
    await this.rbac.assertWithinCeiling(auth, await this.carriedBy(key), attempt);
    const nowMs = this.clock.nowMs();
    if (isRevoked(key, nowMs)) {
      throw new InvalidDataError(`API key ${id} is revoked and cannot be rolled`);
    }
    const { token, token_hash, redacted } = this.newToken(key.type);
    key.previous_token_hash = expiresIn > 0 ? key.token_hash : null;
    key.previous_token_expires_at = expiresIn > 0 ? new Date(nowMs + expiresIn * 1000) : null;
    key.token_hash = token_hash;
    key.redacted = redacted;
    await this.audited(auth, 'api_key.roll', key, { expires_in: expiresIn }, (manager) =>
      manager.save(key),
    );
    return { ...(await this.toResponse(key)), token };
  }

  /** Deleting a key revokes it at once; its sales-channel links go with it. */
  async delete(
    auth: AuthContext,
    id: string,
  ): Promise<{ id: string; object: 'api_key'; deleted: true }> {
    const key = await this.findWithinCeiling(auth, id, 'api_key.delete');
    await this.audited(auth, 'api_key.delete', key, { title: key.title }, (manager) =>
      manager.delete(ApiKey, { id }),
    );
    return { id, object: 'api_key', deleted: true };
  }

  async manageSalesChannels(
    auth: AuthContext,
    id: string,
    dto: ManageSalesChannelsDto,
  ): Promise<ApiKeyResponse> {
    const key = await this.findWithinCeiling(auth, id, 'api_key.sales_channels');
    if (key.type !== 'publishable') {
      throw new InvalidDataError('Sales channels can only be associated with publishable API keys');
    }
    const remove = [...new Set(dto.remove ?? [])];
    await this.audited(
      auth,
      'api_key.sales_channels',
      key,
      { added: dto.add ?? [], removed: remove },
      async (manager) => {
        const add = (await findSalesChannels(manager, dto.add ?? [])).map((channel) => channel.id);
        const relation = manager.createQueryBuilder().relation(ApiKey, 'sales_channels').of(key.id);
        if (remove.length) await relation.remove(remove);
        const current = new Set(
          (await relation.loadMany<SalesChannel>()).map((channel) => channel.id),
        );
        const toAdd = add.filter((channelId) => !current.has(channelId));
        if (toAdd.length) await relation.add(toAdd);
      },
    );
    return this.toResponse(key);
  }

  /** A fresh token and what is stored of it: its hash and its preview, never the token itself. */
  private newToken(type: ApiKeyType): { token: string; token_hash: string; redacted: string } {
    const token = this.crypto.newToken(TOKEN_KIND[type]);
    return { token, token_hash: this.crypto.sha256(token), redacted: redactToken(token) };
  }

  /** Runs a change and records it in the audit log, in one transaction. */
  private async audited(
    auth: AuthContext,
    action: string,
    key: ApiKey,
    metadata: AuditMetadata,
    change: (manager: EntityManager) => Promise<unknown>,
  ): Promise<void> {
    const revokes = REVOKING_ACTIONS.has(action);
    await this.dataSource.transaction(async (manager) => {
      await change(manager);
      await this.audit.record(
        { auth, action, target: { type: 'api_key', id: key.id }, metadata },
        manager,
      );
      if (revokes) await this.bus.publish(manager, 'api_key', key.id);
    });
    if (revokes) this.bus.revokedHere('api_key', key.id);
  }

  /**
   * What a key lets its bearer do now: a secret key its creator's current permissions, narrowed to its
   * scopes; a publishable key nothing (it acts as no one).
   */
  private async carriedBy(key: ApiKey): Promise<string[]> {
    if (key.type === 'publishable') return [];
    return effectivePermissions(
      await this.rbac.permissionsOf(key.created_by),
      key.scopes ?? undefined,
    );
  }

  /** An existing key the caller may change: they hold everything it carries (issue 19), else 403. */
  private async findWithinCeiling(auth: AuthContext, id: string, action: string): Promise<ApiKey> {
    const key = await this.find(id);
    await this.rbac.assertWithinCeiling(auth, await this.carriedBy(key), {
      action,
      target: { type: 'api_key', id },
    });
    return key;
  }

  private async find(id: string): Promise<ApiKey> {
    const key = await this.dataSource.manager.findOneBy(ApiKey, { id });
    if (!key) throw this.notFound(id);
    return key;
  }

  private notFound(id: string): NotFoundError {
    return new NotFoundError(`API Key with id: ${id} was not found`);
  }

  private async salesChannelsOf(keys: ApiKey[]): Promise<Map<string, SalesChannel[]>> {
    const publishable = keys.filter((key) => key.type === 'publishable').map((key) => key.id);
    const byKey = new Map<string, SalesChannel[]>(publishable.map((id) => [id, []]));
    if (!publishable.length) return byKey;
    const rows = await this.dataSource.manager.find(ApiKey, {
      where: { id: In(publishable) },
      relations: { sales_channels: true },
    });
    for (const row of rows) byKey.set(row.id, row.sales_channels ?? []);
    return byKey;
  }

  private async toResponse(key: ApiKey): Promise<ApiKeyResponse> {
    return this.shape(key, (await this.salesChannelsOf([key])).get(key.id));
  }

  /** The one place that decides what leaves the API: never the token or its hash. */
  private shape(key: ApiKey, channels: SalesChannel[] | undefined): ApiKeyResponse {
    return {
      id: key.id,
      redacted: key.redacted,
      title: key.title,
      type: key.type,
      scopes: key.scopes,
      created_by: key.created_by,
      created_at: key.created_at,
      updated_at: key.updated_at,
      expires_at: key.expires_at,
      last_used_at: key.last_used_at,
      revoked_at: key.revoked_at,
      revoked_by: key.revoked_by,
      ...(channels ? { sales_channels: channels.map(({ id, name }) => ({ id, name })) } : {}),
    };
  }
}
