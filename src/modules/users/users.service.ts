import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthContext } from '../../common/auth/auth-context';
import type { Awaitable } from '../../common/awaitable';
import { Clock } from '../../common/clock';
import type { CredentialCache } from '../../common/credential-cache';
import { DuplicateError, NotFoundError, RefusedError } from '../../common/errors/app-errors';
import { PersonalKeys } from '../../common/auth/personal-keys';
import { newId } from '../../common/ids';
import { Page, paginate, whereContains } from '../../common/pagination';
import { RevocationBus } from '../../common/revocation-bus';
import { definedFields } from '../../common/validation';
import { isUniqueViolation } from '../../database/postgres-errors';
import type { AuditMetadata } from '../../common/audit-entry';
import { AuditService } from '../audit/audit.service';
import { normalizeEmail } from '../../common/email';
import { EmailPassService } from '../auth/emailpass.service';
import { PasswordsService } from '../auth/passwords.service';
import { SessionsService } from '../auth/sessions.service';
import { MembersService } from '../organizations/members.service';
import { RbacService } from '../rbac/rbac.service';
import type {
  ListUsersQuery,
  UpdateUserDto,
  UserDeletionResponse,
  UserResponse,
  UserWithRolesResponse,
} from './dto/user.dto';
import { User } from './user.entity';

export interface NewUser {
  email: string;
  password: string;
  /** Roles to give the user (the CLI gives `role_admin`). */
  role_ids: string[];
  first_name?: string;
  last_name?: string;
}

/** `npm run user:create` on the machine: no request, no client. */
const CLI_ACTOR = { type: 'cli', id: null, method: 'cli' };

/** The email already logs in, and is not a user: its password is someone's, not the CLI's to reuse. */
export class ExistingLoginError extends DuplicateError {
  constructor(readonly email: string) {
    super(`${email} already has a login`);
  }
}

function userNotFound(id: string): NotFoundError {
  return new NotFoundError(`User with id: ${id} was not found`);
}

@Injectable()
export class UsersService {
  private readonly profiles: CredentialCache<UserResponse>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly emailpass: EmailPassService,
    private readonly sessions: SessionsService,
    private readonly passwords: PasswordsService,
    private readonly personalKeys: PersonalKeys,
    private readonly members: MembersService,
    private readonly rbac: RbacService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly bus: RevocationBus,
  ) {
    this.profiles = bus.cache((cache, kind, id) => {
      if (kind === 'user') cache.invalidate((_profile, userId) => userId === id);
    });
  }

  /**
   * A user and its emailpass login, in one transaction (`npm run user:create`). An email that already
   * logs in without being a user (a self-registered customer, say) is refused: its old password, known
   * to whoever registered it, would keep working for the new admin. With `resetPassword` that login's
   * password becomes `input.password` and its sessions are signed out; an existing user gets only that.
   */
  async createWithPassword(
    input: NewUser,
    { resetPassword = false }: { resetPassword?: boolean } = {},
  ): Promise<{ user: UserResponse; created: boolean }> {
    const email = normalizeEmail(input.email);
    const outcome = await this.uniqueEmail(email, () =>
      this.dataSource.transaction(async (manager) => {
        const login = await this.emailpass.findByEmail(email, manager);
        if (!login) {
          const identity = await this.emailpass.createIdentity(manager, email, input.password);
          const user = await this.createForIdentity(manager, identity.id, { ...input, email });
          return { user, created: true, forget: () => undefined };
        }
        const userId = login.auth_identity?.app_metadata.user_id;
        if (!resetPassword) {
          if (userId) throw new DuplicateError(`User with email ${email} already exists`);
          throw new ExistingLoginError(email);
        }
        const { forget } = await this.passwords.replaceIn(manager, {
          provider: login,
          userId,
          password: input.password,
          revokeKeys: false,
          audit: { actor: CLI_ACTOR, action: 'auth.password_reset' },
        });
        const user = userId
          ? await manager.findOneByOrFail(User, { id: userId })
          : await this.createForIdentity(manager, login.auth_identity_id, { ...input, email });
        return { user, created: !userId, forget };
      }),
    );
    outcome.forget();
    return { user: this.toResponse(outcome.user), created: outcome.created };
  }

  /** A user for an existing login, with roles, inside the caller's transaction (CLI and invites). */
  async createForIdentity(
    manager: EntityManager,
    authIdentityId: string,
    input: Omit<NewUser, 'password'>,
  ): Promise<User> {
    const user = manager.create(User, {
      id: newId('user'),
      email: normalizeEmail(input.email),
      first_name: input.first_name ?? null,
      last_name: input.last_name ?? null,
    });
    await manager.insert(User, user);
    await this.emailpass.linkActor(manager, authIdentityId, 'user', user.id);
    await this.rbac.assignRoles(manager, user.id, input.role_ids);
    return user;
  }

  /** Runs a user-creating transaction; losing a race for the email is a 409. */
  async uniqueEmail<T>(email: string, create: () => Promise<T>): Promise<T> {
    try {
      return await create();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DuplicateError(`User with email ${email} already exists`);
      throw error;
    }
  }

  /**
   * A user by id. Profiles are cached (`GET /admin/users/me` runs on every admin page): evicted on every
   * instance when the user changes, and re-read at least every 30 s regardless.
   */
  retrieve(id: string): Awaitable<UserResponse> {
    const nowMs = this.clock.nowMs();
    return this.profiles.get(id, nowMs) ?? this.read(id, nowMs);
  }

  private async read(id: string, nowMs: number): Promise<UserResponse> {
    const generation = this.profiles.generation();
    const user = await this.dataSource.manager.findOneBy(User, { id });
    if (!user) throw userNotFound(id);
    const profile = this.toResponse(user);
    this.profiles.set(id, profile, nowMs, generation);
    return profile;
  }

  me(auth: AuthContext): Awaitable<UserResponse> {
    return this.retrieve(auth.actor_id);
  }

  /** `GET /admin/users/:id`: the profile with the user's roles. */
  async retrieveWithRoles(id: string): Promise<UserWithRolesResponse> {
    const profile = await this.retrieve(id);
    const { roles, permissions } = await this.rbac.rolesOfUser(id);
    return {
      ...profile,
      roles: roles.map(({ id: roleId, name }) => ({ id: roleId, name })),
      permissions,
    };
  }

  /**
   * `POST /admin/users/:id`: the user themself, or a holder of `users:manage` who holds every permission
   * the user does (issue 19: nobody acts on someone who holds more than they do).
   */
  async update(auth: AuthContext, id: string, dto: UpdateUserDto): Promise<UserResponse> {
    if (id !== auth.actor_id) await this.assertMayManage(auth, id, 'user.update');
    const user = await this.dataSource.transaction(async (manager) => {
      const found = await manager.findOneBy(User, { id });
      if (!found) throw userNotFound(id);
      const fields = definedFields(dto);
      Object.assign(found, fields);
      await manager.save(found);
      await this.record(manager, auth, 'user.update', id, { fields: Object.keys(fields).sort() });
      await this.bus.publish(manager, 'user', id);
      return found;
    });
    this.bus.revokedHere('user', id);
    return this.toResponse(user);
  }

  /**
   * `DELETE /admin/users/:id` (issue 19: removing a person removes every way in, at once, on every
   * instance). In one transaction: their roles (never the last admin's), every session and refresh token
   * of their admin login, every secret API key and personal access key acting as them, their memberships
   * (with the organization keys that carried their role), and their identity's link, so the email can be
   * invited again (a customer login of the same email survives). A user cannot delete itself.
   */
  async delete(auth: AuthContext, id: string): Promise<UserDeletionResponse> {
    if (id === auth.actor_id) throw new RefusedError('A user cannot delete itself');
    await this.assertMayManage(auth, id, 'user.delete');
    const outcome = await this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(User, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!user) throw userNotFound(id);
      await this.rbac.removeAllRolesIn(manager, id);
      const identityId = await this.emailpass.unlinkActorIn(manager, 'user', id);
      const sessions = identityId
        ? await this.sessions.revokeActorIn(manager, identityId, 'user')
        : [];
      const keys = await this.personalKeys.revokeIn(manager, id, { auth, reason: 'user_deleted' });
      const memberships = await this.members.removeEverywhereIn(manager, auth, id);
      await manager.softDelete(User, { id });
      await this.bus.publish(manager, 'user', id);
      await this.record(manager, auth, 'user.delete', id, {
        email: user.email,
        sessions_revoked: sessions.length,
        keys_revoked: keys.map((key) => key.id),
        access_keys_revoked: memberships.map((key) => key.id),
      });
      return { sessions, keys, memberships };
    });
    this.sessions.forgetHere(outcome.sessions);
    this.personalKeys.forgetHere(outcome.keys);
    this.members.forgetHere(outcome.memberships);
    this.bus.revokedHere('permissions', id);
    this.bus.revokedHere('user', id);
    return {
      id,
      object: 'user',
      deleted: true,
      sessions_revoked: outcome.sessions.length,
      revoked_keys: outcome.keys,
      revoked_access_keys: outcome.memberships,
    };
  }

  /**
   * Acting on another user: `users:manage`, and every permission they hold (else 403, audited); 404 for a
   * user that does not exist or was deleted.
   */
  private async assertMayManage(auth: AuthContext, id: string, action: string): Promise<void> {
    await this.retrieve(id);
    const held = await this.rbac.permissionsOf(id);
    await this.rbac.assertWithinCeiling(auth, ['users:manage', ...held], {
      action,
      target: { type: 'user', id },
    });
  }

  private record(
    manager: EntityManager,
    auth: AuthContext,
    action: string,
    userId: string,
    metadata: AuditMetadata,
  ): Promise<void> {
    return this.audit.record(
      { auth, action, target: { type: 'user', id: userId }, metadata },
      manager,
    );
  }

  list(_auth: AuthContext, query: ListUsersQuery): Promise<Page<UserResponse>> {
    const builder = this.dataSource.manager.createQueryBuilder(User, 'user');
    whereContains(builder, ['user.email', 'user.first_name', 'user.last_name'], query.q);
    return paginate(builder, query, (user) => this.toResponse(user));
  }

  toResponse(user: User): UserResponse {
    return {
      id: user.id,
      email: user.email,
      first_name: user.first_name,
      last_name: user.last_name,
      avatar_url: user.avatar_url,
      metadata: user.metadata,
      created_at: user.created_at.toISOString(),
      updated_at: user.updated_at.toISOString(),
    };
  }
}
