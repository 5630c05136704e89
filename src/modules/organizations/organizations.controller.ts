import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { Body, Param, Query } from '../../common/validation';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthContext } from '../../common/auth/decorators';
import { CloudRoute, CloudUsersOnly } from '../../common/auth/route-access';
import { listBody, PaginationQuery } from '../../common/pagination';
import { ErrorResponses } from '../../common/swagger';
import { AuditEventList, ListAuditEventsQuery } from '../../common/audit-event.dto';
import {
  AddMemberDto,
  BillingEnvelope,
  ChangeRoleDto,
  MemberRemovalResponse,
  MemberEnvelope,
  MemberList,
  OrganizationEnvelope,
  OrganizationList,
} from './dto/organization.dto';
import { MembersService } from './members.service';
import { OrganizationsService } from './organizations.service';
import { NameDto } from '../../common/dto';

@ApiTags('Cloud organizations')
@Controller('cloud/organizations')
@CloudRoute()
export class OrganizationsController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly members: MembersService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The organizations the caller belongs to (for an organization key: its own)',
  })
  @ApiOkResponse({ type: OrganizationList })
  @ErrorResponses(400, 401)
  async list(
    @AuthContext() auth: AuthContext,
    @Query() query: PaginationQuery,
  ): Promise<OrganizationList> {
    return listBody('organizations', await this.organizations.listMine(auth, query));
  }

  @Post()
  @HttpCode(200)
  @CloudUsersOnly()
  @ApiOperation({ summary: 'Create an organization; the creator becomes its owner' })
  @ApiOkResponse({ type: OrganizationEnvelope })
  @ErrorResponses(400, 401)
  async create(
    @AuthContext() auth: AuthContext,
    @Body() body: NameDto,
  ): Promise<OrganizationEnvelope> {
    return { organization: await this.organizations.create(auth, body.name) };
  }

  @Get(':org_id')
  @ApiOperation({ summary: 'An organization the caller can reach (404 otherwise)' })
  @ApiOkResponse({ type: OrganizationEnvelope })
  @ErrorResponses(401, 404)
  async retrieve(
    @AuthContext() auth: AuthContext,
    @Param('org_id') orgId: string,
  ): Promise<OrganizationEnvelope> {
    return { organization: await this.organizations.retrieve(auth, orgId) };
  }

  @Patch(':org_id')
  @ApiOperation({
    summary: 'Rename an organization (owners and admins, in person)',
    description: 'Access keys get 403: they reach resources, not the organization itself.',
  })
  @ApiOkResponse({ type: OrganizationEnvelope })
  @ErrorResponses(400, 401, 403, 404)
  async rename(
    @AuthContext() auth: AuthContext,
    @Param('org_id') orgId: string,
    @Body() body: NameDto,
  ): Promise<OrganizationEnvelope> {
    return { organization: await this.organizations.rename(auth, orgId, body.name) };
  }

  @Get(':org_id/billing')
  @ApiOperation({
    summary:
      'Plan and seats used: owners, admins, and organization keys that carry one of those roles',
  })
  @ApiOkResponse({ type: BillingEnvelope })
  @ErrorResponses(401, 403, 404)
  async billing(
    @AuthContext() auth: AuthContext,
    @Param('org_id') orgId: string,
  ): Promise<BillingEnvelope> {
    return { billing: await this.organizations.billing(auth, orgId) };
  }

  @Get(':org_id/audit-events')
  @ApiOperation({ summary: "The organization's audit trail: owners and admins only" })
  @ApiOkResponse({ type: AuditEventList })
  @ErrorResponses(400, 401, 403, 404)
  async auditEvents(
    @AuthContext() auth: AuthContext,
    @Param('org_id') orgId: string,
    @Query() query: ListAuditEventsQuery,
  ): Promise<AuditEventList> {
    return listBody('audit_events', await this.organizations.auditEvents(auth, orgId, query));
  }

  @Get(':org_id/members')
  @ApiOperation({ summary: 'Members and their roles' })
  @ApiOkResponse({ type: MemberList })
  @ErrorResponses(400, 401, 404)
  async listMembers(
    @AuthContext() auth: AuthContext,
    @Param('org_id') orgId: string,
    @Query() query: PaginationQuery,
  ): Promise<MemberList> {
    return listBody('members', await this.members.list(auth, orgId, query));
  }

  @Post(':org_id/members')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Add an existing user by email (owners and admins, in person)',
    description: 'Only an owner may add another owner. Access keys cannot manage members (403).',
  })
  @ApiOkResponse({ type: MemberEnvelope })
  @ErrorResponses(400, 401, 403, 404, 409)
  async addMember(
    @AuthContext() auth: AuthContext,
    @Param('org_id') orgId: string,
    @Body() body: AddMemberDto,
  ): Promise<MemberEnvelope> {
    return { member: await this.members.add(auth, orgId, body) };
  }

  @Patch(':org_id/members/:user_id')
  @ApiOperation({
    summary: "Change a member's role (owners and admins, in person)",
    description:
      'Only owners grant or take away the owner role; the last owner cannot be demoted (400).',
  })
  @ApiOkResponse({ type: MemberEnvelope })
  @ErrorResponses(400, 401, 403, 404)
  async changeRole(
    @AuthContext() auth: AuthContext,
    @Param('org_id') orgId: string,
    @Param('user_id') userId: string,
    @Body() body: ChangeRoleDto,
  ): Promise<MemberEnvelope> {
    return { member: await this.members.changeRole(auth, orgId, userId, body.role) };
  }

  @Delete(':org_id/members/:user_id')
  @ApiOperation({
    summary: 'Remove a member, or leave',
    description:
      "Owners and admins remove members (only owners remove owners); anyone may remove themselves. The removed user's personal keys lose access to the organization at once, and the organization keys that carried their role (unless an owner or admin adopted them) are revoked and listed. The last owner cannot leave (400).",
  })
  @ApiOkResponse({ type: MemberRemovalResponse })
  @ErrorResponses(400, 401, 403, 404)
  removeMember(
    @AuthContext() auth: AuthContext,
    @Param('org_id') orgId: string,
    @Param('user_id') userId: string,
  ): Promise<MemberRemovalResponse> {
    return this.members.remove(auth, orgId, userId);
  }
}
