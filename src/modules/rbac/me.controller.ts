import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AuthContext, RequirePermissions } from '../../common/auth/decorators';
import { AdminRoute } from '../../common/auth/route-access';
import { RoleRef, UserResponse } from '../../common/dto';
import { ErrorResponses } from '../../common/swagger';
import { UsersService } from '../users/users.service';
import { RbacService } from './rbac.service';

export class MeResponse extends UserResponse {
  @ApiProperty({ type: [RoleRef], description: "My roles (an API key's: its creator's)" })
  roles: RoleRef[];

  @ApiProperty({
    type: [String],
    description: 'What this request may do: my roles’ permissions, narrowed to the key’s scopes',
    example: ['api_keys:read', 'api_keys:write'],
  })
  permissions: string[];
}

export class MeEnvelope {
  @ApiProperty({ type: MeResponse })
  user: MeResponse;
}

/**
 * `GET /admin/users/me`: the user (from the directory) with their roles and effective permissions, so
 * that a client (the console) shows only what the caller may use. Here, above users, because it
 * composes both.
 */
@ApiTags('Admin users')
@Controller('admin/users')
@AdminRoute()
export class MeController {
  constructor(
    private readonly users: UsersService,
    private readonly rbac: RbacService,
  ) {}

  @Get('me')
  @RequirePermissions()
  @ApiOperation({ summary: 'The authenticated admin user, with their roles and permissions' })
  @ApiOkResponse({ type: MeEnvelope })
  @ErrorResponses(401, 404)
  async me(@AuthContext() auth: AuthContext): Promise<MeEnvelope> {
    // Three cache hits on the console's every page (bench/instructions.ts measures this route).
    const [user, roles, permissions] = await Promise.all([
      this.users.me(auth),
      this.rbac.roleRefsOf(auth.actor_id),
      this.rbac.effectivePermissionsOf(auth),
    ]);
    return { user: { ...user, roles, permissions: [...permissions].sort() } };
  }
}
