import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import type { CredentialCache } from '../../common/credential-cache';
import { CryptoService } from '../../common/crypto.service';
import { LastUsed, LastUsedTracker } from '../../common/last-used-tracker';
import { RevocationBus } from '../../common/revocation-bus';
import { parseToken } from '../../common/tokens/token-format';
import { membershipId } from '../organizations/members.service';
import { AccessKey } from './access-key.entity';
import type { Awaitable } from '../../common/awaitable';
import type { AccessKeyCaller, AccessKeyVerifier } from '../../common/auth/ports';

type MemberRole = Extract<AccessKeyCaller, { owner: 'organization' }>['role'];

/**
 * The request-path side of access keys: a cache hit, or one indexed read by token hash. A deleted key, a
 * personal key whose user is deleted, or an organization key whose member left, is not found.
 */
@Injectable()
export class AccessKeyLookupService implements AccessKeyVerifier {
  /** Callers by token hash; a deleted key is evicted on every instance. */
  private readonly callers: CredentialCache<AccessKeyCaller>;
  private readonly lastUsed: LastUsed;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    tracker: LastUsedTracker,
    private readonly clock: Clock,
    bus: RevocationBus,
  ) {
    this.lastUsed = tracker.of('access_key', 'last_used_at');
    this.callers = bus.cache('access_keys', (cache, kind, id) => {
      if (kind === 'access_key') cache.invalidate((caller) => caller.access_key_id === id);
      if (kind === 'membership')
        cache.invalidate(
          (caller) =>
            caller.owner === 'organization' &&
            membershipId(caller.organization_id, caller.member_id) === id,
        );
    });
  }

  /**
   * A token whose shape or checksum is wrong is refused before any database read. A cache hit skips that
   * check (about 3,000 instructions a request): its hash is a real access key's, which only a well-formed
   * `oak_` or `pak_` token has.
   */
  authenticate(token: string): Awaitable<AccessKeyCaller | undefined> {
    const hash = this.crypto.sha256(token);
    const nowMs = this.clock.nowMs();
    const cached = this.callers.get(hash, nowMs);
    if (cached) {
      this.lastUsed.touch(cached.access_key_id, null);
      return cached;
    }
    const kind = parseToken(token);
    if (kind !== 'organization_access_key' && kind !== 'personal_access_key') return undefined;
    return this.read(hash, nowMs);
  }

  private async read(hash: string, nowMs: number): Promise<AccessKeyCaller | undefined> {
    const generation = this.callers.generation();
    // The functions are their owners' (migration 1795546200000): the role of the member the key acts
    // for, and whether a personal key's user still exists.
    const { entities, raw } = await this.dataSource.manager
      .createQueryBuilder(AccessKey, 'key')
      .addSelect(
        "CASE WHEN key.owner = 'organization' THEN organization_member_role(key.organization_id, COALESCE(key.adopted_by, key.created_by)) END",
        'member_role',
      )
      .addSelect("key.owner = 'personal' AND user_is_active(key.user_id)", 'user_active')
      .where('key.token_hash = :hash', { hash })
      .andWhere('key.deleted_at IS NULL')
      .getRawAndEntities<{
        member_role: MemberRole | null;
        user_active: boolean;
      }>();
    const key = entities[0];
    const row = raw[0];
    if (!key || !row) return undefined;
    const caller: AccessKeyCaller | undefined =
      key.owner === 'organization' && key.organization_id && row.member_role
        ? {
            owner: 'organization',
            access_key_id: key.id,
            organization_id: key.organization_id,
            member_id: key.adopted_by ?? key.created_by,
            role: row.member_role,
          }
        : key.owner === 'personal' && key.user_id && row.user_active
          ? { owner: 'personal', access_key_id: key.id, user_id: key.user_id }
          : undefined;
    if (!caller) return undefined;
    this.lastUsed.touch(key.id, key.last_used_at);
    this.callers.set(hash, caller, nowMs, generation);
    return caller;
  }
}
