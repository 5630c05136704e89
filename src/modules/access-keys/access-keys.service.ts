import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, IsNull } from 'typeorm';
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
import { NotFoundError } from '../../common/errors/app-errors';
import { newId } from '../../common/ids';
import { Page, paginate, PaginationQuery } from '../../common/pagination';
import { redactToken } from '../../common/tokens/token-format';
import type { AuditMetadata } from '../../common/audit-entry';
import type { AuditEntry } from '../../common/audit-entry';
import { AuditService } from '../audit/audit.service';
import {
  EndedCredential,
  MemberExit,
  MemberExits,
  MemberExitStep,
} from '../organizations/member-exits.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { UsersService } from '../users/users.service';
import { AccessKey } from './access-key.entity';
import type { AccessKeyResponse, AccessKeyWithTokenResponse } from './dto/access-key.dto';

/** Whose keys an operation touches: an organization's, or one user's personal keys. */
type KeyScope =
  { owner: 'organization'; organizationId: string } | { owner: 'personal'; userId: string };

/**
 * Organization and personal access keys: view, create (token shown once), rename, delete. Listing is open
 * to every member (organization keys) or the owner (personal keys); changing keys needs the person, not
 * a key. Deleting sets `deleted_at`, and the next request with the key gets 401.
 *
 * An organization key carries the role of the member behind it (its adopter, or else its creator), and
 * ends when that member leaves the organization (issue 19).
 */
@Injectable()
export class AccessKeysService implements MemberExitStep, PersonalKeySource {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly bus: RevocationBus,
    exits: MemberExits,
    personalKeys: PersonalKeys,
  ) {
    exits.register(this);
    personalKeys.register(this);
  }

  /** PersonalKeys: the user's personal access keys. */
  async keysOf(userId: string, manager = this.dataSource.manager): Promise<PersonalKey[]> {
    const keys = await manager.find(AccessKey, {
      where: { owner: 'personal', user_id: userId, deleted_at: IsNull() },
      order: { created_at: 'ASC' },
    });
    return keys.map(({ id, name, redacted }) => ({ object: 'access_key', id, name, redacted }));
  }

  /** PersonalKeys: revokes them now, inside the caller's transaction. */
  async revokeKeysOfIn(
    manager: EntityManager,
    userId: string,
    revocation: KeyRevocation,
  ): Promise<PersonalKey[]> {
    const keys = await this.keysOf(userId, manager);
    await this.revokeEachIn(
      manager,
      keys.map(({ id, name }) => ({ id, name, owner: 'personal' })),
      revocation,
    );
    return keys;
  }

  async list(
    auth: AuthContext,
    scope: KeyScope,
    query: PaginationQuery,
  ): Promise<Page<AccessKeyResponse>> {
    await this.authorize(auth, scope, undefined);
    const builder = this.dataSource.manager
      .createQueryBuilder(AccessKey, 'key')
      .where('key.deleted_at IS NULL');
    if (scope.owner === 'organization') {
      builder.andWhere('key.organization_id = :id', { id: scope.organizationId });
    } else {
      builder.andWhere('key.user_id = :id', { id: scope.userId });
    }
    const page = await paginate(builder, query, (key) => key);
    const creators = await this.creatorEmails(page.items);
    return { ...page, items: page.items.map((key) => this.toResponse(key, creators)) };
  }

  async create(
    auth: AuthContext,
    scope: KeyScope,
    name: string,
  ): Promise<AccessKeyWithTokenResponse> {
    await this.authorize(auth, scope, 'access_key.create');
    const token = this.crypto.newToken(
      scope.owner === 'organization' ? 'organization_access_key' : 'personal_access_key',
    );
    const key = this.dataSource.manager.create(AccessKey, {
      id: newId('ak'),
      owner: scope.owner,
      organization_id: scope.owner === 'organization' ? scope.organizationId : null,
      user_id: scope.owner === 'personal' ? scope.userId : null,
      name,
      token_hash: this.crypto.sha256(token),
      redacted: redactToken(token),
      created_by: auth.actor_id,
      adopted_by: null,
      last_used_at: null,
      deleted_at: null,
    });
    await this.audited(auth, scope, 'access_key.create', key, (manager) => manager.save(key));
    return { ...(await this.respond(key)), token };
  }

  async rename(
    auth: AuthContext,
    scope: KeyScope,
    id: string,
    name: string,
  ): Promise<AccessKeyResponse> {
    await this.authorize(auth, scope, 'access_key.rename');
    const key = await this.find(scope, id);
    key.name = name;
    await this.audited(auth, scope, 'access_key.rename', key, (manager) => manager.save(key));
    return this.respond(key);
  }

  /** Seed: "Deleting an access key will immediately revoke API access". */
  async delete(
    auth: AuthContext,
    scope: KeyScope,
    id: string,
  ): Promise<{ id: string; object: 'access_key'; deleted: true }> {
    await this.authorize(auth, scope, 'access_key.delete');
    const key = await this.find(scope, id);
    await this.audited(auth, scope, 'access_key.delete', key, async (manager) => {
      await manager.update(AccessKey, { id: key.id }, { deleted_at: this.clock.now() });
      await this.bus.publish(manager, 'access_key', key.id);
    });
    this.bus.revokedHere('access_key', key.id);
    return { id, object: 'access_key', deleted: true };
  }

  /**
   * An owner or admin takes over an organization key, so that it outlives its creator's membership; it
   * carries the adopter's role from the next request on.
   */
  async adopt(auth: AuthContext, organizationId: string, id: string): Promise<AccessKeyResponse> {
    await this.organizations.manage(auth, organizationId, 'access_key.adopt');
    const scope: KeyScope = { owner: 'organization', organizationId };
    const key = await this.find(scope, id);
    const previous = key.adopted_by ?? key.created_by;
    key.adopted_by = auth.actor_id;
    await this.audited(
      auth,
      scope,
      'access_key.adopt',
      key,
      async (manager) => {
        await manager.update(AccessKey, { id: key.id }, { adopted_by: key.adopted_by });
        await this.bus.publish(manager, 'access_key', key.id);
      },
      { adopted_from: previous },
    );
    this.bus.revokedHere('access_key', key.id);
    return this.respond(key);
  }

  /**
   * MemberExits: the organization keys whose rights came from a leaving member stop working, inside the
   * removing transaction, each with its own audit event.
   */
  async endIn(manager: EntityManager, exit: MemberExit): Promise<EndedCredential[]> {
    const keys = await manager
      .createQueryBuilder(AccessKey, 'key')
      .where('key.organization_id = :organizationId AND key.deleted_at IS NULL', {
        organizationId: exit.organization_id,
      })
      .andWhere('COALESCE(key.adopted_by, key.created_by) = :userId', { userId: exit.user_id })
      .orderBy('key.created_at')
      .getMany();
    await this.revokeEachIn(manager, keys, {
      auth: exit.auth,
      organization_id: exit.organization_id,
      reason: `member_${exit.reason}`,
    });
    return keys.map(({ id, name }) => ({ object: 'access_key', id, name }));
  }

  /** Revokes keys inside the caller's transaction, each with its notice and its audit event. */
  private async revokeEachIn(
    manager: EntityManager,
    keys: Pick<AccessKey, 'id' | 'name' | 'owner'>[],
    {
      reason,
      ...by
    }: Pick<AuditEntry, 'auth' | 'actor' | 'client' | 'organization_id'> & {
      reason: string;
    },
  ): Promise<void> {
    for (const key of keys) {
      await manager.update(AccessKey, { id: key.id }, { deleted_at: this.clock.now() });
      await this.bus.publish(manager, 'access_key', key.id);
      await this.audit.record(
        {
          ...by,
          action: 'access_key.revoke',
          target: { type: 'access_key', id: key.id },
          metadata: { name: key.name, owner: key.owner, reason },
        },
        manager,
      );
    }
  }

  /** Runs a change and records it (with the key's name, never its token) in one transaction. */
  private async audited(
    auth: AuthContext,
    scope: KeyScope,
    action: string,
    key: AccessKey,
    change: (manager: EntityManager) => Promise<unknown>,
    metadata: AuditMetadata = {},
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await change(manager);
      await this.audit.record(
        {
          auth,
          action,
          target: { type: 'access_key', id: key.id },
          organization_id: scope.owner === 'organization' ? scope.organizationId : null,
          metadata: { name: key.name, owner: key.owner, ...metadata },
        },
        manager,
      );
    });
  }

  private async authorize(
    auth: AuthContext,
    scope: KeyScope,
    change: string | undefined,
  ): Promise<void> {
    const organizationId = scope.owner === 'organization' ? scope.organizationId : null;
    // Access keys may list keys but never mint, rename or delete them.
    if (change) await this.organizations.requireInPerson(auth, organizationId, change);
    if (organizationId) await this.organizations.access(auth, organizationId);
  }

  private async find(scope: KeyScope, id: string): Promise<AccessKey> {
    const where: FindOptionsWhere<AccessKey> =
      scope.owner === 'organization'
        ? { id, organization_id: scope.organizationId, deleted_at: IsNull() }
        : { id, user_id: scope.userId, deleted_at: IsNull() };
    const key = await this.dataSource.manager.findOneBy(AccessKey, where);
    if (!key) throw new NotFoundError(`Access key with id: ${id} was not found`);
    return key;
  }

  /** The creators' emails, by user id; a deleted creator has none. */
  private async creatorEmails(keys: AccessKey[]): Promise<Map<string, string>> {
    const profiles = await this.users.profilesOf(keys.map((key) => key.created_by));
    return new Map([...profiles].map(([id, { email }]) => [id, email]));
  }

  private async respond(key: AccessKey): Promise<AccessKeyResponse> {
    return this.toResponse(key, await this.creatorEmails([key]));
  }

  private toResponse(key: AccessKey, creators: Map<string, string>): AccessKeyResponse {
    const { id, name, redacted, owner, organization_id, created_by, adopted_by } = key;
    const { created_at, last_used_at } = key;
    return {
      id,
      name,
      redacted,
      owner,
      organization_id,
      created_by,
      created_by_email: creators.get(created_by) ?? null,
      adopted_by,
      created_at,
      last_used_at,
    };
  }
}
