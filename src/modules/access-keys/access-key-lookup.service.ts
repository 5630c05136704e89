import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import type { CredentialCache } from '../../common/credential-cache';
import { CryptoService } from '../../common/crypto.service';
import { LastUsedTracker } from '../../common/last-used-tracker';
import { RevocationBus } from '../../common/revocation-bus';
import { parseToken } from '../../common/tokens/token-format';
import { membershipId } from '../organizations/members.service';
import { MemberRole, OrganizationMember } from '../organizations/organization-member.entity';
import { AccessKey } from './access-key.entity';
import type { Awaitable } from '../../common/awaitable';
import type { AccessKeyCaller, AccessKeyVerifier } from '../../common/auth/ports';

/**
 * The request-path side of access keys: a cache hit, or one indexed read by token hash. A deleted key, a
 * personal key whose user is deleted, or an organization key whose member left, is not found.
 */
@Injectable()
export class AccessKeyLookupService implements AccessKeyVerifier {
  /** Callers by token hash; a deleted key is evicted on every instance. */
  private readonly callers: CredentialCache<AccessKeyCaller>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly lastUsed: LastUsedTracker,
    private readonly clock: Clock,
    bus: RevocationBus,
  ) {
    this.callers = bus.cache((cache, kind, id) => {
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
      this.lastUsed.touch('access_key', cached.access_key_id, null);
      return cached;
    }
    const kind = parseToken(token);
    if (kind !== 'organization_access_key' && kind !== 'personal_access_key') return undefined;
    return this.read(hash, nowMs);
  }

  private async read(hash: string, nowMs: number): Promise<AccessKeyCaller | undefined> {
    const generation = this.callers.generation();
    const { entities, raw } = await this.dataSource.manager
      .createQueryBuilder(AccessKey, 'key')
      // withDeleted: the join must see a deleted user, so that the condition below can refuse their keys.
      .withDeleted()
      .leftJoin('key.user', 'user')
      .leftJoin(
        OrganizationMember,
        'member',
        'member.organization_id = key.organization_id AND member.user_id = COALESCE(key.adopted_by, key.created_by)',
      )
      .addSelect('member.role', 'member_role')
      .where('key.token_hash = :hash', { hash })
      .andWhere('key.deleted_at IS NULL')
      .andWhere(
        "((key.owner = 'organization' AND member.role IS NOT NULL) OR (key.owner = 'personal' AND user.deleted_at IS NULL))",
      )
      .getRawAndEntities<{ member_role: MemberRole | null }>();
    const key = entities[0];
    if (!key) return undefined;
    this.lastUsed.touch('access_key', key.id, key.last_used_at);
    const role = raw[0]?.member_role;
    const caller: AccessKeyCaller | undefined =
      key.owner === 'organization' && key.organization_id && role
        ? {
            owner: 'organization',
            access_key_id: key.id,
            organization_id: key.organization_id,
            member_id: key.adopted_by ?? key.created_by,
            role,
          }
        : key.owner === 'personal' && key.user_id
          ? { owner: 'personal', access_key_id: key.id, user_id: key.user_id }
          : undefined;
    if (caller) this.callers.set(hash, caller, nowMs, generation);
    return caller;
  }
}
