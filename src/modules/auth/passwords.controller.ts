import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowedAuth, AuthContext, Client, RequirePermissions } from '../../common/auth/decorators';
import { AdminRoute } from '../../common/auth/route-access';
import type { ClientInfo } from '../../common/client-info';
import { RateLimited } from '../../common/rate-limit/rate-limit.guard';
import { ErrorResponses } from '../../common/swagger';
import { Body } from '../../common/validation';
import { ChangePasswordDto, PasswordReplacedResponse } from './dto/password-reset.dto';
import { PasswordsService } from './passwords.service';

/** An admin user's own password (the reset flow is AuthController's). */
@ApiTags('Admin users')
@Controller('admin/users')
@AdminRoute()
export class PasswordsController {
  constructor(private readonly passwords: PasswordsService) {}

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
}
