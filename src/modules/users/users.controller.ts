import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { Body, Param, Query } from '../../common/validation';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminRoute } from '../../common/auth/route-access';
import { AllowedAuth, AuthContext, Client, RequirePermissions } from '../../common/auth/decorators';
import type { ClientInfo } from '../../common/client-info';
import { RateLimited } from '../../common/rate-limit/rate-limit.guard';
import { ChangePasswordDto, PasswordReplacedResponse } from '../auth/dto/password-reset.dto';
import { PasswordsService } from '../auth/passwords.service';
import { andThen, Awaitable } from '../../common/awaitable';
import { ErrorResponses } from '../../common/swagger';
import { listBody } from '../../common/pagination';
import {
  ListUsersQuery,
  UpdateUserDto,
  UserDeletionResponse,
  UserEnvelope,
  UserList,
  UserWithRolesEnvelope,
} from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('Admin users')
@Controller('admin/users')
@AdminRoute()
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordsService,
  ) {}

  @Get('me')
  @RequirePermissions()
  @ApiOperation({ summary: 'The authenticated admin user' })
  @ApiOkResponse({ type: UserEnvelope })
  @ErrorResponses(401, 404)
  me(@AuthContext() auth: AuthContext): Awaitable<UserEnvelope> {
    return andThen(this.users.me(auth), (user) => ({ user }));
  }

  @Post('me/password')
  @HttpCode(200)
  @AllowedAuth('user', ['bearer', 'session'])
  @RequirePermissions()
  @RateLimited()
  @ApiOperation({
    summary: 'Change my password (in person: a JWT or the session cookie)',
    description:
      "The current password is checked like a login: counted towards the email's lockout, rate-limited and audited (400 when wrong). Every other session of this login is signed out, customer sessions included. The answer lists my secret API keys and personal access keys; `revoke_keys: true` revokes them too.",
  })
  @ApiOkResponse({ type: PasswordReplacedResponse })
  @ErrorResponses(400, 401, 429)
  changePassword(
    @AuthContext() auth: AuthContext,
    @Body() body: ChangePasswordDto,
    @Client() client: ClientInfo,
  ): Promise<PasswordReplacedResponse> {
    return this.passwords.change(auth, body, client);
  }

  @Get()
  @RequirePermissions('users:read')
  @ApiOperation({ summary: 'List admin users' })
  @ApiOkResponse({ type: UserList })
  @ErrorResponses(400, 401)
  async list(@AuthContext() auth: AuthContext, @Query() query: ListUsersQuery): Promise<UserList> {
    return listBody('users', await this.users.list(auth, query));
  }

  @Get(':id')
  @RequirePermissions('users:read')
  @ApiOperation({ summary: 'An admin user, with their roles' })
  @ApiOkResponse({ type: UserWithRolesEnvelope })
  @ErrorResponses(401, 403, 404)
  async retrieve(@Param('id') id: string): Promise<UserWithRolesEnvelope> {
    return { user: await this.users.retrieveWithRoles(id) };
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
    return { user: await this.users.update(auth, id, body) };
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
    return this.users.delete(auth, id);
  }
}
