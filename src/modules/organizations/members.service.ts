import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthContext } from '../../common/auth/auth-context';
import { DuplicateError, InvalidDataError, NotFoundError } from '../../common/errors/app-errors';
import { Page, PaginationQuery } from '../../common/pagination';
import { RevocationBus } from '../../common/revocation-bus';
import { isUniqueViolation } from '../../database/postgres-errors';
import type { AuditMetadata } from '../../common/audit-entry';
import { AuditService } from '../audit/audit.service';
import { normalizeEmail } from '../../common/email';
import { UserProfile, UsersService } from '../users/users.service';
import type { AddMemberDto, MemberResponse } from './dto/organization.dto';
import { isManager, MemberRole, OrganizationMember } from './organization-member.entity';
import { Organization } from './organization.entity';
import { EndedCredential, MemberExit, MemberExits } from './member-exits.service';
import { OrganizationsService } from './organizations.service';

const LAST_OWNER = 'An organization must keep at least one owner';

/** The RevocationBus id of one membership, for the caches of keys whose rights come from it. */
export function membershipId(organizationId: string, userId: string): string {
  return `${organizationId}/${userId}`;
}

function exitOf(member: OrganizationMember, auth: AuthContext): Omit<MemberExit, 'reason'> {
  return { organization_id: member.organization_id, user_id: member.user_id, auth };
}

export interface MemberRemoval {
  id: string;
  object: 'organization_member';
  deleted: true;
  revoked_access_keys: EndedCredential[];
}

function memberNotFound(userId: string): NotFoundError {
  return new NotFoundError(`Member with user id: ${userId} was not found`);
}

/**
 * Membership is access: removing a member ends their personal keys' reach into the organization on the
 * next request, because access is read from this table on every request, and ends the organization keys
 * whose rights came from them (MemberExits).
 */
@Injectable()
export class MembersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly exits: MemberExits,
    private readonly bus: RevocationBus,
  ) {}

  async list(
    auth: AuthContext,
    organizationId: string,
    query: PaginationQuery,
  ): Promise<Page<MemberResponse>> {
    await this.organizations.access(auth, organizationId);
    const [members, count] = await this.dataSource.manager.findAndCount(OrganizationMember, {
      where: { organization_id: organizationId },
      order: { joined_at: query.order === '-created_at' ? 'DESC' : 'ASC', user_id: 'ASC' },
      skip: query.offset,
      take: query.limit,
    });
    const profiles = await this.users.profilesOf(members.map((member) => member.user_id));
    return {
      items: members.map((member) => this.toResponse(member, profiles.get(member.user_id))),
      count,
      offset: query.offset,
      limit: query.limit,
    };
  }

  /** Owners and admins add an existing user; only an owner makes another owner. */
  async add(auth: AuthContext, organizationId: string, dto: AddMemberDto): Promise<MemberResponse> {
    const attempted = 'organization.member_add';
    const { role } = await this.organizations.manage(auth, organizationId, attempted);
    const newRole = dto.role ?? 'member';
    if (newRole === 'owner' && role !== 'owner')
      await this.organizations.refuse(auth, organizationId, attempted);
    const email = normalizeEmail(dto.email);
    const user = await this.users.findByEmail(email);
    if (!user) throw new NotFoundError(`User with email ${email} was not found`);
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.insert(OrganizationMember, {
          organization_id: organizationId,
          user_id: user.id,
          role: newRole,
        });
        await this.record(manager, auth, organizationId, attempted, user.id, {
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

  /**
   * Owners and admins change roles; only owners touch the owner role, and one owner always remains. The
   * organization keys whose rights come from the member carry the new role from the next request on.
   */
  async changeRole(
    auth: AuthContext,
    organizationId: string,
    userId: string,
    newRole: MemberRole,
  ): Promise<MemberResponse> {
    const attempted = 'organization.member_role_change';
    await this.organizations.manage(auth, organizationId, attempted);
    const changed = await this.dataSource.transaction(async (manager) => {
      const target = await this.lockedMember(manager, organizationId, userId);
      // Read under the organization's lock: two owners demoting each other take turns.
      const role = await this.roleIn(manager, organizationId, auth.actor_id);
      const ownerChange = target.role === 'owner' || newRole === 'owner';
      if (!isManager(role) || (ownerChange && role !== 'owner'))
        await this.organizations.refuse(auth, organizationId, attempted);
      if (target.role === 'owner' && newRole !== 'owner') {
        await this.requireAnotherOwner(manager, organizationId, userId, LAST_OWNER);
      }
      await manager.update(
        OrganizationMember,
        { organization_id: organizationId, user_id: userId },
        { role: newRole },
      );
      await this.bus.publish(manager, 'membership', membershipId(organizationId, userId));
      await this.record(manager, auth, organizationId, attempted, userId, {
        from: target.role,
        to: newRole,
      });
      return this.find(manager, organizationId, userId);
    });
    this.bus.revokedHere('membership', membershipId(organizationId, userId));
    return changed;
  }

  /**
   * Owners and admins remove members (only owners remove owners); anyone may leave in person. The
   * organization keys whose rights came from the member stop working at once (unless an owner or admin
   * adopted them); the answer lists them.
   */
  async remove(auth: AuthContext, organizationId: string, userId: string): Promise<MemberRemoval> {
    const attempted = 'organization.member_remove';
    await this.organizations.requireInPerson(auth, organizationId, attempted);
    await this.organizations.access(auth, organizationId);
    const leaving = auth.actor_id === userId;
    const ended = await this.dataSource.transaction(async (manager) => {
      const target = await this.lockedMember(manager, organizationId, userId);
      const role = await this.roleIn(manager, organizationId, auth.actor_id);
      const mayRemove = role === 'owner' || (role === 'admin' && target.role !== 'owner');
      if (!leaving && !mayRemove) await this.organizations.refuse(auth, organizationId, attempted);
      if (target.role === 'owner')
        await this.requireAnotherOwner(manager, organizationId, userId, LAST_OWNER);
      const reason = leaving ? 'left' : 'removed';
      return this.endMembershipIn(manager, target, { ...exitOf(target, auth), reason });
    });
    this.forgetHere(ended);
    return { id: userId, object: 'organization_member', deleted: true, revoked_access_keys: ended };
  }

  /**
   * Ends every membership of a user being deleted, inside the deleting transaction. Refused (400) while
   * they are the last owner of an organization.
   */
  async removeEverywhereIn(
    manager: EntityManager,
    auth: AuthContext,
    userId: string,
  ): Promise<EndedCredential[]> {
    const memberships = await manager.find(OrganizationMember, {
      where: { user_id: userId },
      order: { organization_id: 'ASC' },
    });
    const ended: EndedCredential[] = [];
    for (const { organization_id } of memberships) {
      const member = await this.lockedMember(manager, organization_id, userId);
      if (member.role === 'owner') {
        await this.requireAnotherOwner(
          manager,
          organization_id,
          userId,
          `User ${userId} is the last owner of organization ${organization_id}: make another member its owner first`,
        );
      }
      ended.push(
        ...(await this.endMembershipIn(manager, member, {
          ...exitOf(member, auth),
          reason: 'user_deleted',
        })),
      );
    }
    return ended;
  }

  /** After the ending transaction committed: evict here without waiting for the notices. */
  forgetHere(ended: EndedCredential[]): void {
    for (const credential of ended) this.bus.revokedHere(credential.object, credential.id);
  }

  private async endMembershipIn(
    manager: EntityManager,
    member: OrganizationMember,
    exit: MemberExit,
  ): Promise<EndedCredential[]> {
    await manager.delete(OrganizationMember, {
      organization_id: member.organization_id,
      user_id: member.user_id,
    });
    const ended = await this.exits.endIn(manager, exit);
    await this.record(
      manager,
      exit.auth,
      member.organization_id,
      'organization.member_remove',
      member.user_id,
      { role: member.role, reason: exit.reason, revoked_access_keys: ended.map(({ id }) => id) },
    );
    return ended;
  }

  private async roleIn(
    manager: EntityManager,
    organizationId: string,
    userId: string,
  ): Promise<MemberRole | undefined> {
    const member = await manager.findOneBy(OrganizationMember, {
      organization_id: organizationId,
      user_id: userId,
    });
    return member?.role;
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
    refusal: string,
  ): Promise<void> {
    const owners = await manager.findBy(OrganizationMember, {
      organization_id: organizationId,
      role: 'owner',
    });
    if (!owners.some((owner) => owner.user_id !== userId)) throw new InvalidDataError(refusal);
  }

  private async find(
    manager: EntityManager,
    organizationId: string,
    userId: string,
  ): Promise<MemberResponse> {
    const member = await manager.findOneBy(OrganizationMember, {
      organization_id: organizationId,
      user_id: userId,
    });
    if (!member) throw memberNotFound(userId);
    const profiles = await this.users.profilesOf([userId], manager);
    return this.toResponse(member, profiles.get(userId));
  }

  private toResponse(member: OrganizationMember, profile: UserProfile | undefined): MemberResponse {
    return {
      user_id: member.user_id,
      email: profile?.email ?? '',
      first_name: profile?.first_name ?? null,
      last_name: profile?.last_name ?? null,
      role: member.role,
      joined_at: member.joined_at,
    };
  }
}
