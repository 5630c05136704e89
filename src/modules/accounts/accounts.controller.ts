import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthContext, RequirePermissions } from '../../common/auth/decorators';
import { AdminRoute } from '../../common/auth/route-access';
import { UserEnvelope } from '../../common/dto';
import { ErrorResponses } from '../../common/swagger';
import { Body, Param } from '../../common/validation';
import { AccountsService } from './accounts.service';
import { UpdateUserDto, UserDeletionResponse, UserWithRolesEnvelope } from './dto/account.dto';

/** `/admin/users/:id`: a user with their roles, profile changes and deletion. */
@ApiTags('Admin users')
@Controller('admin/users')
@AdminRoute()
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Get(':id')
  @RequirePermissions('users:read')
  @ApiOperation({ summary: 'An admin user, with their roles' })
  @ApiOkResponse({ type: UserWithRolesEnvelope })
  @ErrorResponses(401, 403, 404)
  async retrieve(@Param('id') id: string): Promise<UserWithRolesEnvelope> {
    return { user: await this.accounts.retrieveWithRoles(id) };
  }

  @Post(':id')
  @HttpCode(200)
  @RequirePermissions()
  @ApiOperation({
    summary: "Update a user's profile",
    description:
      'Yourself, or with `users:manage` anyone who holds no permission you lack (403 otherwise). `null` clears a field.',
  })
  @ApiOkResponse({ type: UserEnvelope })
  @ErrorResponses(400, 401, 403, 404)
  async update(
    @AuthContext() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserEnvelope> {
    return { user: await this.accounts.update(auth, id, body) };
  }

  @Delete(':id')
  @RequirePermissions('users:manage')
  @ApiOperation({
    summary: 'Delete a user: every way in closes at once, on every instance',
    description:
      "Revokes the user's sessions and refresh tokens, secret API keys and personal access keys, ends their memberships (with the organization keys that carried their role), and unlinks their login so the email can be invited again; a customer login of the same email survives. Publishable keys act as no one and stay. Refused with 400 for yourself (`not_allowed`), for the last admin, and for the last owner of an organization; 403 for a user who holds a permission you lack.",
  })
  @ApiOkResponse({ type: UserDeletionResponse })
  @ErrorResponses(400, 401, 403, 404)
  delete(@AuthContext() auth: AuthContext, @Param('id') id: string): Promise<UserDeletionResponse> {
    return this.accounts.delete(auth, id);
  }
}
