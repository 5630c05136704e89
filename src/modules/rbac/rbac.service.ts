import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import type { AuthContext } from '../../common/auth/auth-context';
import type { PermissionSource } from '../../common/auth/ports';
import { beyondCeiling } from '../../common/auth/privilege-ceiling';
import {
  DuplicateError,
  InvalidDataError,
  NotAllowedError,
  NotFoundError,
} from '../../common/errors/app-errors';
import { Clock } from '../../common/clock';
import type { CredentialCache } from '../../common/credential-cache';
import { newId } from '../../common/ids';
import { Page, paginate, PaginationQuery } from '../../common/pagination';
import { RevocationBus, type RevokedKind } from '../../common/revocation-bus';
import type { RoleRef } from '../../common/dto';
import { isUniqueViolation } from '../../database/postgres-errors';
import { AuditService } from '../audit/audit.service';
import { userNotFound, UsersService } from '../users/users.service';
import type {
  CreateRoleDto,
  ManageUserRolesDto,
  RoleResponse,
  UpdateRoleDto,
  UserRolesResponse,
} from './dto/role.dto';
import type { AuditMetadata } from '../../common/audit-entry';
import {
  ADMIN_ROLE_ID,
  effectivePermissions,
  validatePermissions,
} from '../../common/auth/permissions';
import { Role } from './role.entity';
import { UserRole } from './user-role.entity';

/** What a refused attempt was, for the audit log's `permission.denied` event. */
export interface Attempt {
  /** The action that would have been recorded had it succeeded (`api_key.roll`, `role.create`, …). */
  action: string;
  target: { type: string; id: string | null };
}

@Injectable()
export class RbacService implements PermissionSource {
  /** Each user's permissions, by user id. */
  private readonly permissions: CredentialCache<string[]>;
  /** Each user's roles (id and name), by user id, for `GET /admin/users/me` on every console page. */
  private readonly roleRefs: CredentialCache<RoleRef[]>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly bus: RevocationBus,
  ) {
    // A role given, taken, edited or deleted announces `permissions` for the user, or `*`.
    const evict = <V>(cache: CredentialCache<V>, kind: RevokedKind, id: string) => {
      if (kind === 'permissions') cache.invalidate((_held, userId) => id === '*' || userId === id);
    };
    this.permissions = bus.cache('permissions', evict);
    this.roleRefs = bus.cache('roles', evict);
  }

  /** A user's roles, id and name: a cache hit, or one read; evicted like the permissions. */
  async roleRefsOf(userId: string): Promise<RoleRef[]> {
    const nowMs = this.clock.nowMs();
    const cached = this.roleRefs.get(userId, nowMs);
    if (cached) return cached;
    const generation = this.roleRefs.generation();
    const { roles } = await this.rolesOf(this.dataSource.manager, userId);
    const refs = roles.map(({ id, name }) => ({ id, name }));
    this.roleRefs.set(userId, refs, nowMs, generation);
    return refs;
  }

  /**
   * What the caller may do now: their user's permissions (read once per request and kept on the context),
   * narrowed to the key's scopes when it has any.
   */
  async effectivePermissionsOf(auth: AuthContext): Promise<string[]> {
    auth.permissions ??= await this.permissionsOf(auth.actor_id);
    return effectivePermissions(auth.permissions, auth.scopes);
  }

  /** A cache hit, or one indexed read; evicted on every instance when the user's roles or a role change. */
  async permissionsOf(userId: string): Promise<string[]> {
    const nowMs = this.clock.nowMs();
    const cached = this.permissions.get(userId, nowMs);
    if (cached) return cached;
    const generation = this.permissions.generation();
    // active_user_permissions (migration 1795546200000): null for a user that is deleted or unknown.
    const rows: { permissions: string[] | null }[] = await this.dataSource.query(
      'SELECT active_user_permissions($1) AS permissions',
      [userId],
    );
    const held = rows[0]?.permissions ?? [];
    this.permissions.set(userId, held, nowMs, generation);
    return held;
  }

  /**
   * The privilege ceiling's enforcement: 403 (audited) unless the caller holds every permission in
   * `carried`, what the credential, role or person the attempt yields or touches holds.
   */
  async assertWithinCeiling(
    auth: AuthContext,
    carried: readonly string[],
    attempt: Attempt,
  ): Promise<void> {
    const missing = beyondCeiling(await this.effectivePermissionsOf(auth), carried);
    if (missing.length) await this.refuse(auth, attempt, { missing });
  }

  /**
   * Records a refused attempt and throws the seed's 403. Outside any transaction of the caller's, so the
   * record survives the refusal.
   */
  async refuse(auth: AuthContext, attempt: Attempt, metadata: AuditMetadata): Promise<never> {
    await this.audit.record({
      auth,
      action: 'permission.denied',
      outcome: 'denied',
      target: attempt.target,
      metadata: { attempted: attempt.action, ...metadata },
    });
    throw new NotAllowedError();
  }

  /** Announces, in the changing transaction, that `userId`'s permissions (or everyone's: `*`) changed. */
  private async permissionsChanged(manager: EntityManager, userId: string): Promise<void> {
    await this.bus.publish(manager, 'permissions', userId);
  }

  listRoles(query: PaginationQuery): Promise<Page<RoleResponse>> {
    return paginate(this.dataSource.manager.createQueryBuilder(Role, 'role'), query, (role) =>
      this.toResponse(role),
    );
  }

  async retrieveRole(id: string): Promise<RoleResponse> {
    return this.toResponse(await this.find(this.dataSource.manager, id));
  }

  /** A role is never wider than its creator's own permissions. */
  async createRole(auth: AuthContext, dto: CreateRoleDto): Promise<RoleResponse> {
    const permissions = validatePermissions(dto.permissions);
    await this.assertWithinCeiling(auth, permissions, {
      action: 'role.create',
      target: { type: 'role', id: null },
    });
    return this.dataSource.transaction(async (manager) => {
      const role = manager.create(Role, {
        id: newId('role'),
        name: dto.name,
        description: dto.description ?? null,
        permissions,
        built_in: false,
      });
      await this.saveRole(manager, role);
      await this.audit.record(
        {
          auth,
          action: 'role.create',
          target: { type: 'role', id: role.id },
          metadata: { name: role.name, permissions },
        },
        manager,
      );
      return this.toResponse(role);
    });
  }

  /**
   * A role change applies to its holders' next request: permissions are read per request. The caller must
   * hold what the role grants before and after the change.
   */
  async updateRole(auth: AuthContext, id: string, dto: UpdateRoleDto): Promise<RoleResponse> {
    const permissions = dto.permissions && validatePermissions(dto.permissions);
    const updated = await this.dataSource.transaction(async (manager) => {
      const role = await this.changeable(manager, id);
      await this.assertWithinCeiling(auth, [...role.permissions, ...(permissions ?? [])], {
        action: 'role.update',
        target: { type: 'role', id },
      });
      if (dto.name !== undefined) role.name = dto.name;
      if (dto.description !== undefined) role.description = dto.description;
      if (permissions) role.permissions = permissions;
      await this.saveRole(manager, role);
      await this.permissionsChanged(manager, '*');
      await this.audit.record(
        {
          auth,
          action: 'role.update',
          target: { type: 'role', id },
          metadata: { name: role.name, permissions: role.permissions },
        },
        manager,
      );
      return this.toResponse(role);
    });
    this.bus.revokedHere('permissions', '*');
    return updated;
  }

  async deleteRole(
    auth: AuthContext,
    id: string,
  ): Promise<{ id: string; object: 'role'; deleted: true }> {
    await this.dataSource.transaction(async (manager) => {
      const role = await this.changeable(manager, id);
      await this.assertWithinCeiling(auth, role.permissions, {
        action: 'role.delete',
        target: { type: 'role', id },
      });
      await manager.delete(Role, { id });
      await this.permissionsChanged(manager, '*');
      await this.audit.record(
        {
          auth,
          action: 'role.delete',
          target: { type: 'role', id },
          metadata: { name: role.name },
        },
        manager,
      );
    });
    this.bus.revokedHere('permissions', '*');
    return { id, object: 'role', deleted: true };
  }

  /**
   * `POST /admin/users/:id/roles`. The caller must hold every permission of each role given or taken, and
   * the last holder of the admin role cannot lose it.
   */
  async manageUserRoles(
    auth: AuthContext,
    userId: string,
    dto: ManageUserRolesDto,
  ): Promise<UserRolesResponse> {
    const roles = await this.dataSource.transaction(async (manager) => {
      if (!(await this.users.find(userId, manager))) throw userNotFound(userId);
      const add = [...new Set(dto.add ?? [])];
      const remove = [...new Set(dto.remove ?? [])];
      const named = [...new Set([...add, ...remove])];
      const found = await this.findRoles(manager, named);
      await this.assertWithinCeiling(
        auth,
        found.flatMap((role) => role.permissions),
        { action: 'user.roles_change', target: { type: 'user', id: userId } },
      );

      if (remove.includes(ADMIN_ROLE_ID) && !add.includes(ADMIN_ROLE_ID)) {
        await this.requireAnotherAdmin(manager, userId);
      }
      if (remove.length) await manager.delete(UserRole, { user_id: userId, role_id: In(remove) });
      if (add.length)
        await manager.upsert(
          UserRole,
          add.map((roleId) => ({ user_id: userId, role_id: roleId })),
          ['user_id', 'role_id'],
        );
      await this.permissionsChanged(manager, userId);
      await this.audit.record(
        {
          auth,
          action: 'user.roles_change',
          target: { type: 'user', id: userId },
          metadata: { added: add, removed: remove },
        },
        manager,
      );
      return this.rolesOf(manager, userId);
    });
    this.bus.revokedHere('permissions', userId);
    return roles;
  }

  /**
   * Takes every role from a user being deleted, inside the caller's transaction; refused (400) for the
   * last admin. The caller announces nothing: `permissions` is published here, delivered on commit.
   */
  async removeAllRolesIn(manager: EntityManager, userId: string): Promise<void> {
    if (await manager.existsBy(UserRole, { user_id: userId, role_id: ADMIN_ROLE_ID }))
      await this.requireAnotherAdmin(manager, userId);
    await manager.delete(UserRole, { user_id: userId });
    await this.permissionsChanged(manager, userId);
  }

  /** A user's roles and the permissions they add up to. */
  rolesOfUser(userId: string): Promise<UserRolesResponse> {
    return this.rolesOf(this.dataSource.manager, userId);
  }

  /** Gives roles to a new user inside the caller's transaction. */
  async assignRoles(manager: EntityManager, userId: string, roleIds: string[]): Promise<void> {
    if (roleIds.length)
      await manager.insert(
        UserRole,
        roleIds.map((roleId) => ({ user_id: userId, role_id: roleId })),
      );
  }

  private async rolesOf(manager: EntityManager, userId: string): Promise<UserRolesResponse> {
    const links = await manager.find(UserRole, {
      where: { user_id: userId },
      relations: { role: true },
      order: { role_id: 'ASC' },
    });
    const roles = links.flatMap((link) => (link.role ? [this.toResponse(link.role)] : []));
    const permissions = [...new Set(roles.flatMap((role) => role.permissions))].sort();
    return { user_id: userId, roles, permissions };
  }

  /** Locks the admin role's row so two concurrent removals cannot both see "another admin remains". */
  private async requireAnotherAdmin(manager: EntityManager, userId: string): Promise<void> {
    await manager.findOne(Role, {
      where: { id: ADMIN_ROLE_ID },
      lock: { mode: 'pessimistic_write' },
    });
    const holders = await manager.findBy(UserRole, {
      role_id: ADMIN_ROLE_ID,
      user_id: Not(userId),
    });
    const others = await this.users.countExisting(
      manager,
      holders.map((link) => link.user_id),
    );
    if (!others) throw new InvalidDataError('Cannot remove the last admin');
  }

  /** The roles with these ids; 400 naming every id that does not exist. */
  async findRoles(manager: EntityManager, ids: string[]): Promise<Role[]> {
    const found = ids.length ? await manager.findBy(Role, { id: In(ids) }) : [];
    const missing = ids.filter((id) => !found.some((role) => role.id === id));
    if (missing.length)
      throw new InvalidDataError(`Roles with IDs ${missing.join(', ')} do not exist`);
    return found;
  }

  private async find(manager: EntityManager, id: string): Promise<Role> {
    const role = await manager.findOneBy(Role, { id });
    if (!role) throw new NotFoundError(`Role with id: ${id} was not found`);
    return role;
  }

  private async changeable(manager: EntityManager, id: string): Promise<Role> {
    const role = await this.find(manager, id);
    if (role.built_in) throw new NotAllowedError('Built-in roles cannot be edited or deleted');
    return role;
  }

  private async saveRole(manager: EntityManager, role: Role): Promise<void> {
    try {
      await manager.save(role);
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DuplicateError(`A role named ${role.name} already exists`);
      throw error;
    }
  }

  private toResponse(role: Role): RoleResponse {
    const { id, name, description, permissions, built_in, created_at, updated_at } = role;
    return { id, name, description, permissions, built_in, created_at, updated_at };
  }
}
