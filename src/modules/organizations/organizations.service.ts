import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthContext } from '../../common/auth/auth-context';
import { NotAllowedError, NotFoundError } from '../../common/errors/app-errors';
import { newId } from '../../common/ids';
import { Page, paginate, PaginationQuery } from '../../common/pagination';
import { AuditService } from '../audit/audit.service';
import type { AuditEventResponse, ListAuditEventsQuery } from '../../common/audit-event.dto';
import type { BillingResponse, OrganizationResponse } from './dto/organization.dto';
import { isManager, MemberRole, OrganizationMember } from './organization-member.entity';
import { Organization } from './organization.entity';

export type OrganizationRole = MemberRole | 'organization_key';

/** What the caller may do in one organization, decided once per request. */
export interface OrganizationAccess {
  organization: Organization;
  /** The caller's role as the API shows it: a member's role, or `organization_key`. */
  role: OrganizationRole;
  /**
   * Whose rights apply: a member's own role, or for an organization key the role it carries (its
   * creator's or adopter's, issue 19), so a key never does more than the person behind it could.
   */
  rights: MemberRole;
}

export function organizationNotFound(id: string): NotFoundError {
  return new NotFoundError(`Organization with id: ${id} was not found`);
}

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * The caller's access to an organization: an organization key reaches its own organization only; a
   * user (in person or through a personal key) reaches the organizations they are a member of now.
   * Anything else is 404, so outsiders cannot tell an organization exists.
   */
  async access(auth: AuthContext, organizationId: string): Promise<OrganizationAccess> {
    if (auth.actor_type === 'organization') {
      const rights = auth.organization_role;
      if (auth.actor_id !== organizationId || !rights) throw organizationNotFound(organizationId);
      const organization = await this.dataSource.manager.findOneBy(Organization, {
        id: organizationId,
      });
      if (!organization) throw organizationNotFound(organizationId);
      return { organization, role: 'organization_key', rights };
    }
    // A query builder, not findOne with relations: that issues two queries on every organization request.
    const membership = await this.dataSource.manager
      .createQueryBuilder(OrganizationMember, 'member')
      .innerJoinAndSelect('member.organization', 'organization')
      .where('member.organization_id = :organizationId AND member.user_id = :userId', {
        organizationId,
        userId: auth.actor_id,
      })
      .getOne();
    if (!membership?.organization) throw organizationNotFound(organizationId);
    const { organization, role } = membership;
    return { organization, role, rights: role };
  }

  /** Owners and admins, acting in person. */
  async manage(
    auth: AuthContext,
    organizationId: string,
    attempted: string,
  ): Promise<OrganizationAccess> {
    await this.requireInPerson(auth, organizationId, attempted);
    const access = await this.access(auth, organizationId);
    if (!isManager(access.role)) await this.refuse(auth, organizationId, attempted);
    return access;
  }

  /**
   * Access keys may read and change organization resources but not who holds access: creating, renaming
   * and deleting access keys and managing members need the person (seed: keys are for CI and scripts).
   */
  async requireInPerson(
    auth: AuthContext,
    organizationId: string | null,
    attempted: string,
  ): Promise<void> {
    if (auth.auth_method === 'access-key') await this.refuse(auth, organizationId, attempted);
  }

  /** The seed's 403, recorded in the organization's audit trail (outside any transaction of the caller's). */
  async refuse(
    auth: AuthContext,
    organizationId: string | null,
    attempted: string,
  ): Promise<never> {
    await this.audit.record({
      auth,
      action: 'permission.denied',
      outcome: 'denied',
      target: { type: 'organization', id: organizationId },
      organization_id: organizationId,
      metadata: { attempted },
    });
    throw new NotAllowedError();
  }

  async create(auth: AuthContext, name: string): Promise<OrganizationResponse> {
    const organization = await this.dataSource.transaction(async (manager) => {
      const created = manager.create(Organization, { id: newId('org'), name, plan: 'free' });
      await manager.save(created);
      await manager.insert(OrganizationMember, {
        organization_id: created.id,
        user_id: auth.actor_id,
        role: 'owner',
      });
      await this.audit.record(
        {
          auth,
          action: 'organization.create',
          target: { type: 'organization', id: created.id },
          organization_id: created.id,
          metadata: { name },
        },
        manager,
      );
      return created;
    });
    return this.toResponse(organization, 'owner');
  }

  async listMine(auth: AuthContext, query: PaginationQuery): Promise<Page<OrganizationResponse>> {
    const builder = this.dataSource.manager.createQueryBuilder(Organization, 'organization');
    if (auth.actor_type === 'organization') {
      builder.where('organization.id = :id', { id: auth.actor_id });
    } else {
      builder.innerJoin(
        OrganizationMember,
        'member',
        'member.organization_id = organization.id AND member.user_id = :user',
        { user: auth.actor_id },
      );
    }
    const page = await paginate(builder, query, (organization) => organization);
    const roles = await this.rolesOf(auth, page.items);
    return {
      ...page,
      items: page.items.map((organization) =>
        this.toResponse(organization, roles.get(organization.id) ?? 'member'),
      ),
    };
  }

  /** `PATCH /cloud/organizations/:id`: owners and admins in person; audited with both names. */
  async rename(
    auth: AuthContext,
    organizationId: string,
    name: string,
  ): Promise<OrganizationResponse> {
    const { organization, role } = await this.manage(auth, organizationId, 'organization.update');
    const renamed = await this.dataSource.transaction(async (manager) => {
      await manager.update(Organization, { id: organization.id }, { name });
      await this.audit.record(
        {
          auth,
          action: 'organization.update',
          target: { type: 'organization', id: organization.id },
          organization_id: organization.id,
          metadata: { from: organization.name, to: name },
        },
        manager,
      );
      return manager.findOneByOrFail(Organization, { id: organization.id });
    });
    return this.toResponse(renamed, role);
  }

  async retrieve(auth: AuthContext, organizationId: string): Promise<OrganizationResponse> {
    const { organization, role } = await this.access(auth, organizationId);
    return this.toResponse(organization, role);
  }

  /**
   * Billing is for owners and admins, and the organization's keys that carry one of those roles (seed: org
   * keys reach billing; issue 19: not beyond the person behind them).
   */
  async billing(auth: AuthContext, organizationId: string): Promise<BillingResponse> {
    const { organization, rights } = await this.access(auth, organizationId);
    if (!isManager(rights)) await this.refuse(auth, organizationId, 'organization.billing');
    const seats = await this.dataSource.manager.countBy(OrganizationMember, {
      organization_id: organization.id,
    });
    return { plan: organization.plan, seats_used: seats };
  }

  /** The organization's audit trail: owners and admins (in person or through a personal key). */
  async auditEvents(
    auth: AuthContext,
    organizationId: string,
    query: ListAuditEventsQuery,
  ): Promise<Page<AuditEventResponse>> {
    const { role } = await this.access(auth, organizationId);
    if (!isManager(role)) await this.refuse(auth, organizationId, 'organization.audit_events');
    return this.audit.list(query, organizationId);
  }

  private async rolesOf(
    auth: AuthContext,
    organizations: Organization[],
  ): Promise<Map<string, OrganizationRole>> {
    if (auth.actor_type === 'organization') {
      return new Map(organizations.map(({ id }) => [id, 'organization_key']));
    }
    const memberships = await this.dataSource.manager.findBy(OrganizationMember, {
      user_id: auth.actor_id,
    });
    return new Map(memberships.map((member) => [member.organization_id, member.role]));
  }

  private toResponse(organization: Organization, role: OrganizationRole): OrganizationResponse {
    const { id, name, plan, created_at, updated_at } = organization;
    return { id, name, plan, role, created_at, updated_at };
  }
}
