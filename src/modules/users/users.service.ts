import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthContext } from '../../common/auth/auth-context';
import type { Awaitable } from '../../common/awaitable';
import { Clock } from '../../common/clock';
import type { CredentialCache } from '../../common/credential-cache';
import { DuplicateError, NotFoundError } from '../../common/errors/app-errors';
import { newId } from '../../common/ids';
import { Page, paginate, whereContains } from '../../common/pagination';
import { RevocationBus } from '../../common/revocation-bus';
import { isUniqueViolation } from '../../database/postgres-errors';
import { EmailPassService, normalizeEmail } from '../auth/emailpass.service';
import { RbacService } from '../rbac/rbac.service';
import type { ListUsersQuery, UserResponse } from './dto/user.dto';
import { User } from './user.entity';

export interface NewUser {
  email: string;
  password: string;
  /** Roles to give the user (the CLI gives `role_admin`). */
  role_ids: string[];
  first_name?: string;
  last_name?: string;
}

@Injectable()
export class UsersService {
  private readonly profiles: CredentialCache<UserResponse>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly emailpass: EmailPassService,
    private readonly rbac: RbacService,
    private readonly clock: Clock,
    bus: RevocationBus,
  ) {
    this.profiles = bus.cache((cache, kind, id) => {
      if (kind === 'user') cache.invalidate((_profile, userId) => userId === id);
    });
  }

  /** A user and its emailpass login, in one transaction (the CLI and invites use it). */
  async createWithPassword(input: NewUser): Promise<UserResponse> {
    const email = normalizeEmail(input.email);
    const user = await this.uniqueEmail(email, () =>
      this.dataSource.transaction(async (manager) => {
        const existing = await this.emailpass.findByEmail(email, manager);
        const identityId = existing
          ? existing.auth_identity_id
          : (await this.emailpass.createIdentity(manager, email, input.password)).id;
        return this.createForIdentity(manager, identityId, { ...input, email });
      }),
    );
    return this.toResponse(user);
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
  async uniqueEmail(email: string, create: () => Promise<User>): Promise<User> {
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
    if (!user) throw new NotFoundError(`User with id: ${id} was not found`);
    const profile = this.toResponse(user);
    this.profiles.set(id, profile, nowMs, generation);
    return profile;
  }

  me(auth: AuthContext): Awaitable<UserResponse> {
    return this.retrieve(auth.actor_id);
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
      created_at: user.created_at.toISOString(),
      updated_at: user.updated_at.toISOString(),
    };
  }
}
