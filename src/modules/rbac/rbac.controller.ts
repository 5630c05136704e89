import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { Body, Param, Query } from '../../common/validation';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthContext, RequirePermissions } from '../../common/auth/decorators';
import { AdminRoute } from '../../common/auth/route-access';
import { listBody, PaginationQuery } from '../../common/pagination';
import { ErrorResponses } from '../../common/swagger';
import {
  CreateRoleDto,
  ManageUserRolesDto,
  RoleEnvelope,
  RoleList,
  UpdateRoleDto,
  UserRolesResponse,
} from './dto/role.dto';
import { RbacService } from './rbac.service';
import { DeletedObject } from '../../common/dto';

@ApiTags('Admin roles')
@Controller('admin')
@AdminRoute()
@RequirePermissions('roles:manage')
export class RbacController {
  constructor(private readonly rbac: RbacService) {}

  @Get('roles')
  @ApiOperation({ summary: 'List roles, built-in and custom' })
  @ApiOkResponse({ type: RoleList })
  @ErrorResponses(400, 401, 403)
  async list(@Query() query: PaginationQuery): Promise<RoleList> {
    return listBody('roles', await this.rbac.listRoles(query));
  }

  @Post('roles')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Create a role; unknown permission strings are refused (400)',
    description: 'A role may hold only permissions its creator holds (403 otherwise).',
  })
  @ApiOkResponse({ type: RoleEnvelope })
  @ErrorResponses(400, 401, 403, 409)
  async create(
    @AuthContext() auth: AuthContext,
    @Body() body: CreateRoleDto,
  ): Promise<RoleEnvelope> {
    return { role: await this.rbac.createRole(auth, body) };
  }

  @Get('roles/:id')
  @ApiOperation({ summary: 'A role' })
  @ApiOkResponse({ type: RoleEnvelope })
  @ErrorResponses(401, 403, 404)
  async retrieve(@Param('id') id: string): Promise<RoleEnvelope> {
    return { role: await this.rbac.retrieveRole(id) };
  }

  @Post('roles/:id')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Update a custom role (built-in roles: 403); holders see the change on their next request',
    description:
      'Needs every permission the role holds before and after the change (403 otherwise).',
  })
  @ApiOkResponse({ type: RoleEnvelope })
  @ErrorResponses(400, 401, 403, 404, 409)
  async update(
    @AuthContext() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: UpdateRoleDto,
  ): Promise<RoleEnvelope> {
    return { role: await this.rbac.updateRole(auth, id, body) };
  }

  @Delete('roles/:id')
  @ApiOperation({
    summary: 'Delete a custom role (built-in roles: 403)',
    description: 'Needs every permission the role holds (403 otherwise).',
  })
  @ApiOkResponse({ type: DeletedObject })
  @ErrorResponses(401, 403, 404)
  delete(@AuthContext() auth: AuthContext, @Param('id') id: string): Promise<DeletedObject> {
    return this.rbac.deleteRole(auth, id);
  }

  @Post('users/:id/roles')
  @HttpCode(200)
  @ApiOperation({
    summary: "Give or take away a user's roles; the last admin keeps the admin role (400)",
    description: 'Needs every permission of each role given or taken (403 otherwise).',
  })
  @ApiOkResponse({ type: UserRolesResponse })
  @ErrorResponses(400, 401, 403, 404)
  manageUserRoles(
    @AuthContext() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: ManageUserRolesDto,
  ): Promise<UserRolesResponse> {
    return this.rbac.manageUserRoles(auth, id, body);
  }
}
