import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { AuthContext } from '../../common/auth/auth-context';
import {
  DuplicateError,
  InvalidDataError,
  NotAllowedError,
  NotFoundError,
} from '../../common/errors/app-errors';
import { Page, PaginationQuery } from '../../common/pagination';
import { isUniqueViolation } from '../../database/postgres-errors';
import type { AuditMetadata } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { normalizeEmail } from '../auth/emailpass.service';
import { User } from '../users/user.entity';
import type { AddMemberDto, MemberResponse } from './dto/organization.dto';
import { MemberRole, OrganizationMember } from './organization-member.entity';
import { Organization } from './organization.entity';
import { OrganizationsService, requireInPerson } from './organizations.service';

const LAST_OWNER = 'An organization must keep at least one owner';

function memberNotFound(userId: string): NotFoundError {
  return new NotFoundError(`Member with user id: ${userId} was not found`);
}

/**
 * Membership is access: removing a member ends their personal keys' reach into the organization on the
 * next request, because access is read from this table on every request.
 */
@Injectable()
export class MembersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
  ) {}

  async list(
    auth: AuthContext,
    organizationId: string,
    query: PaginationQuery,
  ): Promise<Page<MemberResponse>> {
    await this.organizations.access(auth, organizationId);
    const [members, count] = await this.dataSource.manager.findAndCount(OrganizationMember, {
      where: { organization_id: organizationId },
      relations: { user: true },
      order: { joined_at: query.order === '-created_at' ? 'DESC' : 'ASC', user_id: 'ASC' },
      skip: query.offset,
      take: query.limit,
    });
    return {
      items: members.map((member) => this.toResponse(member)),
      count,
      offset: query.offset,
      limit: query.limit,
    };
  }

  /** Owners and admins add an existing user; only an owner makes another owner. */
  async add(auth: AuthContext, organizationId: string, dto: AddMemberDto): Promise<MemberResponse> {
    const { role } = await this.organizations.manage(auth, organizationId);
    const newRole = dto.role ?? 'member';
    if (newRole === 'owner' && role !== 'owner') throw new NotAllowedError();
    const email = normalizeEmail(dto.email);
    const user = await this.dataSource.manager.findOneBy(User, { email, deleted_at: IsNull() });
    if (!user) throw new NotFoundError(`User with email ${email} was not found`);
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.insert(OrganizationMember, {
          organization_id: organizationId,
          user_id: user.id,
          role: newRole,
        });
        await this.record(manager, auth, organizationId, 'organization.member_add', user.id, {
          email,
          role: newRole,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateError(`${email} is already a member`);
      throw error;
    }
    return this.find(this.dataSource.manager, organizationId, user.id);
  }

  /** Owners and admins change roles; only owners touch the owner role, and one owner always remains. */
  async changeRole(
    auth: AuthContext,
    organizationId: string,
    userId: string,
    newRole: MemberRole,
  ): Promise<MemberResponse> {
    const { role } = await this.organizations.manage(auth, organizationId);
    return this.dataSource.transaction(async (manager) => {
      const target = await this.lockedMember(manager, organizationId, userId);
      if ((target.role === 'owner' || newRole === 'owner') && role !== 'owner') {
        throw new NotAllowedError();
      }
      if (target.role === 'owner' && newRole !== 'owner') {
        await this.requireAnotherOwner(manager, organizationId, userId);
      }
      await manager.update(
        OrganizationMember,
        { organization_id: organizationId, user_id: userId },
        { role: newRole },
      );
      await this.record(manager, auth, organizationId, 'organization.member_role_change', userId, {
        from: target.role,
        to: newRole,
      });
      return this.find(manager, organizationId, userId);
    });
  }

  /** Owners and admins remove members (only owners remove owners); anyone may leave in person. */
  async remove(
    auth: AuthContext,
    organizationId: string,
    userId: string,
  ): Promise<{ id: string; object: 'organization_member'; deleted: true }> {
    requireInPerson(auth);
    const { role } = await this.organizations.access(auth, organizationId);
    const leaving = auth.actor_id === userId;
    if (!leaving && role !== 'owner' && role !== 'admin') throw new NotAllowedError();
    await this.dataSource.transaction(async (manager) => {
      const target = await this.lockedMember(manager, organizationId, userId);
      if (target.role === 'owner') {
        if (!leaving && role !== 'owner') throw new NotAllowedError();
        await this.requireAnotherOwner(manager, organizationId, userId);
      }
      await manager.delete(OrganizationMember, {
        organization_id: organizationId,
        user_id: userId,
      });
      await this.record(manager, auth, organizationId, 'organization.member_remove', userId, {
        role: target.role,
        left: leaving,
      });
    });
    return { id: userId, object: 'organization_member', deleted: true };
  }

  /**
   * Locks the organization row first, so two concurrent demotions or removals of the last two owners
   * cannot both pass the "another owner remains" check.
   */
  private async lockedMember(
    manager: EntityManager,
    organizationId: string,
    userId: string,
  ): Promise<OrganizationMember> {
    await manager.findOne(Organization, {
      where: { id: organizationId },
      lock: { mode: 'pessimistic_write' },
    });
    const member = await manager.findOneBy(OrganizationMember, {
      organization_id: organizationId,
      user_id: userId,
    });
    if (!member) throw memberNotFound(userId);
    return member;
  }

  private record(
    manager: EntityManager,
    auth: AuthContext,
    organizationId: string,
    action: string,
    userId: string,
    metadata: AuditMetadata,
  ): Promise<void> {
    return this.audit.record(
      {
        auth,
        action,
        target: { type: 'user', id: userId },
        organization_id: organizationId,
        metadata,
      },
      manager,
    );
  }

  private async requireAnotherOwner(
    manager: EntityManager,
    organizationId: string,
    userId: string,
  ): Promise<void> {
    const owners = await manager.findBy(OrganizationMember, {
      organization_id: organizationId,
      role: 'owner',
    });
    if (!owners.some((owner) => owner.user_id !== userId)) throw new InvalidDataError(LAST_OWNER);
  }

  private async find(
    manager: EntityManager,
    organizationId: string,
    userId: string,
  ): Promise<MemberResponse> {
    const member = await manager.findOne(OrganizationMember, {
      where: { organization_id: organizationId, user_id: userId },
      relations: { user: true },
    });
    if (!member) throw memberNotFound(userId);
    return this.toResponse(member);
  }

  private toResponse(member: OrganizationMember): MemberResponse {
    return {
      user_id: member.user_id,
      email: member.user?.email ?? '',
      first_name: member.user?.first_name ?? null,
      last_name: member.user?.last_name ?? null,
      role: member.role,
      joined_at: member.joined_at,
    };
  }
}
