import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuditMetadata } from '../../common/audit-entry';
import type { AuthContext } from '../../common/auth/auth-context';
import { PersonalKeys } from '../../common/auth/personal-keys';
import type { UserResponse } from '../../common/dto';
import { normalizeEmail } from '../../common/email';
import { DuplicateError, RefusedError } from '../../common/errors/app-errors';
import { RevocationBus } from '../../common/revocation-bus';
import { definedFields } from '../../common/validation';
import { isUniqueViolation } from '../../database/postgres-errors';
import { AuditService } from '../audit/audit.service';
import { IdentitiesService } from '../auth/identities.service';
import { PasswordsService } from '../auth/passwords.service';
import { SessionsService } from '../auth/sessions.service';
import { MembersService } from '../organizations/members.service';
import { RbacService } from '../rbac/rbac.service';
import { type User, userNotFound, UsersService } from '../users/users.service';
import type { UpdateUserDto, UserDeletionResponse, UserWithRolesResponse } from './dto/account.dto';

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

/**
 * A person's life as an admin user, across the modules it touches: creation with a login and roles (the
 * CLI, invites), profile changes under the privilege ceiling, and deletion, which closes every way in.
 */
@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly identities: IdentitiesService,
    private readonly sessions: SessionsService,
    private readonly passwords: PasswordsService,
    private readonly personalKeys: PersonalKeys,
    private readonly members: MembersService,
    private readonly rbac: RbacService,
    private readonly audit: AuditService,
    private readonly bus: RevocationBus,
  ) {}

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
        const login = await this.identities.findByEmail(email, manager);
        if (!login) {
          const identity = await this.identities.createIdentity(manager, email, input.password);
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
        const existing = userId ? await this.users.find(userId, manager) : null;
        if (userId && !existing) throw userNotFound(userId);
        const user =
          existing ??
          (await this.createForIdentity(manager, login.auth_identity_id, { ...input, email }));
        return { user, created: !userId, forget };
      }),
    );
    outcome.forget();
    return { user: this.users.toResponse(outcome.user), created: outcome.created };
  }

  /** A user for an existing login, with roles, inside the caller's transaction (CLI and invites). */
  async createForIdentity(
    manager: EntityManager,
    authIdentityId: string,
    input: Omit<NewUser, 'password'>,
  ): Promise<User> {
    const user = await this.users.createIn(manager, input);
    await this.identities.linkActor(manager, authIdentityId, 'user', user.id);
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

  /** `GET /admin/users/:id`: the profile with the user's roles. */
  async retrieveWithRoles(id: string): Promise<UserWithRolesResponse> {
    const profile = await this.users.retrieve(id);
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
      const found = await this.users.find(id, manager);
      if (!found) throw userNotFound(id);
      const fields = definedFields(dto);
      Object.assign(found, fields);
      await this.users.saveIn(manager, found);
      await this.record(manager, auth, 'user.update', id, { fields: Object.keys(fields).sort() });
      await this.bus.publish(manager, 'user', id);
      return found;
    });
    this.bus.revokedHere('user', id);
    return this.users.toResponse(user);
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
      const user = await this.users.find(id, manager, { lock: true });
      if (!user) throw userNotFound(id);
      await this.rbac.removeAllRolesIn(manager, id);
      const identityId = await this.identities.unlinkActorIn(manager, 'user', id);
      const sessions = identityId
        ? await this.sessions.revokeActorIn(manager, identityId, 'user')
        : [];
      const keys = await this.personalKeys.revokeIn(manager, id, { auth, reason: 'user_deleted' });
      const memberships = await this.members.removeEverywhereIn(manager, auth, id);
      await this.users.deleteIn(manager, id);
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
    await this.users.retrieve(id);
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
}
