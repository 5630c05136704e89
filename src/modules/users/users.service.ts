import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import type { AuthContext } from '../../common/auth/auth-context';
import { DuplicateError, NotFoundError } from '../../common/errors/app-errors';
import { newId } from '../../common/ids';
import { orderDirection, Page } from '../../common/pagination';
import { isUniqueViolation } from '../../database/postgres-errors';
import { EmailPassService, normalizeEmail } from '../auth/emailpass.service';
import type { ListUsersQuery, UserResponse } from './dto/user.dto';
import { User } from './user.entity';

export interface NewUser {
  email: string;
  password: string;
  first_name?: string;
  last_name?: string;
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly emailpass: EmailPassService,
  ) {}

  /** A user and its emailpass login, in one transaction (the CLI and invites use it). */
  async createWithPassword(input: NewUser): Promise<UserResponse> {
    const email = normalizeEmail(input.email);
    try {
      const user = await this.dataSource.transaction(async (manager) => {
        const created = manager.create(User, {
          id: newId('user'),
          email,
          first_name: input.first_name ?? null,
          last_name: input.last_name ?? null,
        });
        await manager.insert(User, created);
        const existing = await this.emailpass.findByEmail(email, manager);
        const identityId = existing
          ? existing.auth_identity_id
          : (await this.emailpass.createIdentity(manager, email, input.password)).id;
        await this.emailpass.linkActor(manager, identityId, 'user', created.id);
        return created;
      });
      return this.toResponse(user);
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DuplicateError(`User with email ${email} already exists`);
      throw error;
    }
  }

  async retrieve(id: string): Promise<UserResponse> {
    const user = await this.dataSource.manager.findOneBy(User, { id });
    if (!user) throw new NotFoundError(`User with id: ${id} was not found`);
    return this.toResponse(user);
  }

  me(auth: AuthContext): Promise<UserResponse> {
    return this.retrieve(auth.actor_id);
  }

  async list(_auth: AuthContext, query: ListUsersQuery): Promise<Page<UserResponse>> {
    const builder = this.dataSource.manager
      .createQueryBuilder(User, 'user')
      .orderBy('user.created_at', orderDirection(query))
      .addOrderBy('user.id', orderDirection(query))
      .skip(query.offset)
      .take(query.limit);
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, '\\$&')}%`;
      builder.andWhere(
        new Brackets((where) =>
          where
            .where('user.email ILIKE :pattern', { pattern })
            .orWhere('user.first_name ILIKE :pattern')
            .orWhere('user.last_name ILIKE :pattern'),
        ),
      );
    }
    const [users, count] = await builder.getManyAndCount();
    return {
      items: users.map((user) => this.toResponse(user)),
      count,
      offset: query.offset,
      limit: query.limit,
    };
  }

  private toResponse(user: User): UserResponse {
    return {
      id: user.id,
      email: user.email,
      first_name: user.first_name,
      last_name: user.last_name,
      created_at: user.created_at,
      updated_at: user.updated_at,
    };
  }
}
