import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { AuthContext } from '../../common/auth/auth-context';
import { Clock } from '../../common/clock';
import type { CredentialCache } from '../../common/credential-cache';
import type { UserResponse } from '../../common/dto';
import { normalizeEmail } from '../../common/email';
import { NotFoundError } from '../../common/errors/app-errors';
import { newId } from '../../common/ids';
import { Page, paginate, whereContains } from '../../common/pagination';
import { RevocationBus } from '../../common/revocation-bus';
import type { ListUsersQuery } from './dto/user.dto';
import { User } from './user.entity';

export type { User } from './user.entity';

/** What other modules show of a person beside their own rows (organization members, say). */
export type UserProfile = Pick<User, 'id' | 'email' | 'first_name' | 'last_name'>;

export function userNotFound(id: string): NotFoundError {
  return new NotFoundError(`User with id: ${id} was not found`);
}

/**
 * The directory of admin users: who exists (a deleted user does not), their profiles, and the `user`
 * rows themselves. Every other module reads and writes users through it; what happens around a user's
 * life (creation with a login, invites, deletion) is the accounts module's.
 */
@Injectable()
export class UsersService {
  private readonly profiles: CredentialCache<UserResponse>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    bus: RevocationBus,
  ) {
    this.profiles = bus.cache('profiles', (cache, kind, id) => {
      if (kind === 'user') cache.invalidate((_profile, userId) => userId === id);
    });
  }

  /**
   * A user by id. Profiles are cached (`GET /admin/users/me` runs on every admin page): evicted on every
   * instance when the user changes, and re-read at least every 30 s regardless.
   */
  async retrieve(id: string): Promise<UserResponse> {
    const nowMs = this.clock.nowMs();
    const cached = this.profiles.get(id, nowMs);
    if (cached) return cached;
    const generation = this.profiles.generation();
    const user = await this.dataSource.manager.findOneBy(User, { id });
    if (!user) throw userNotFound(id);
    const profile = this.toResponse(user);
    this.profiles.set(id, profile, nowMs, generation);
    return profile;
  }

  me(auth: AuthContext): Promise<UserResponse> {
    return this.retrieve(auth.actor_id);
  }

  list(_auth: AuthContext, query: ListUsersQuery): Promise<Page<UserResponse>> {
    const builder = this.dataSource.manager.createQueryBuilder(User, 'user');
    whereContains(builder, ['user.email', 'user.first_name', 'user.last_name'], query.q);
    return paginate(builder, query, (user) => this.toResponse(user));
  }

  /** A user that exists and is not deleted; with `lock`, row-locked until the transaction ends. */
  find(
    id: string,
    manager: EntityManager = this.dataSource.manager,
    { lock = false }: { lock?: boolean } = {},
  ): Promise<User | null> {
    return manager.findOne(User, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /** By an email already normalised (common/email.ts). */
  findByEmail(
    email: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<User | null> {
    return manager.findOneBy(User, { email });
  }

  /** How many of these users exist (deleted ones do not). */
  countExisting(manager: EntityManager, ids: string[]): Promise<number> {
    return ids.length ? manager.countBy(User, { id: In(ids) }) : Promise.resolve(0);
  }

  /** Profiles by id, for the users among `ids` that exist. */
  async profilesOf(ids: string[], manager: EntityManager = this.dataSource.manager) {
    const users = ids.length
      ? await manager.find(User, {
          select: { id: true, email: true, first_name: true, last_name: true },
          where: { id: In([...new Set(ids)]) },
        })
      : [];
    return new Map<string, UserProfile>(users.map((user) => [user.id, user]));
  }

  /** Inserts a user inside the caller's transaction; a taken email is the caller's unique violation. */
  async createIn(
    manager: EntityManager,
    input: { email: string; first_name?: string | null; last_name?: string | null },
  ): Promise<User> {
    const user = manager.create(User, {
      id: newId('user'),
      email: normalizeEmail(input.email),
      first_name: input.first_name ?? null,
      last_name: input.last_name ?? null,
    });
    await manager.insert(User, user);
    return user;
  }

  /** Saves changed profile fields inside the caller's transaction (the caller publishes `user`). */
  saveIn(manager: EntityManager, user: User): Promise<User> {
    return manager.save(user);
  }

  /** Soft-deletes inside the caller's transaction: the email is free again, the row stays for history. */
  async deleteIn(manager: EntityManager, id: string): Promise<void> {
    await manager.softDelete(User, { id });
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
