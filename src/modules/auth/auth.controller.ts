import { Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { Body, Param } from '../../common/validation';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { bearerToken } from '../../common/auth/credentials';
import { Client, Public } from '../../common/auth/decorators';
import type { ClientInfo } from '../../common/client-info';
import { EmailPassGuard } from './emailpass.guard';
import { RateLimited } from '../../common/rate-limit/rate-limit.guard';
import { ErrorResponses, SECURITY } from '../../common/swagger';
import {
  ActorParams,
  EmailPassLoginDto,
  EmailPassRegisterDto,
  LoginResponse,
  TokenResponse,
} from './dto/emailpass.dto';
import {
  PasswordReplacedResponse,
  ResetPasswordRequestDto,
  UpdatePasswordDto,
} from './dto/password-reset.dto';
import { LoginService, VerifiedLogin } from './login.service';
import { PasswordResetService } from './password-reset.service';

@ApiTags('Auth')
@Controller('auth')
@Public()
export class AuthController {
  constructor(
    private readonly logins: LoginService,
    private readonly passwordReset: PasswordResetService,
  ) {}

  @Post(':actor/emailpass')
  @HttpCode(200)
  @RateLimited()
  @UseGuards(EmailPassGuard)
  @ApiOperation({
    summary: 'Log in with email and password',
    description:
      'Returns a JWT. For an identity with no actor of this type yet, the token has an empty `actor_id` (a registration token).',
  })
  @ApiBody({ type: EmailPassLoginDto })
  @ApiOkResponse({ type: LoginResponse })
  @ErrorResponses(400, 401, 429)
  login(
    @Param() params: ActorParams,
    @Req() request: FastifyRequest & { auth_identity: VerifiedLogin },
    @Client() client: ClientInfo,
  ): Promise<LoginResponse> {
    return this.logins.login(params.actor, request.auth_identity, client);
  }

  @Post(':actor/emailpass/register')
  @RateLimited()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Register an email and password',
    description:
      'Returns a registration token (no `actor_id` yet). For a customer, send it to `POST /store/customers`.',
  })
  @ApiOkResponse({ type: TokenResponse })
  @ErrorResponses(400, 409, 429)
  register(
    @Param() params: ActorParams,
    @Body() body: EmailPassRegisterDto,
    @Client() client: ClientInfo,
  ): Promise<TokenResponse> {
    return this.logins.register(params.actor, body.email, body.password, client);
  }

  @Post(':actor/emailpass/reset-password')
  @RateLimited()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Ask for a password reset',
    description:
      'Always 201, whether or not the email has a login. A known one is emailed a link with a single-use token (15 minutes) in its fragment: to `PUBLIC_URL/console/reset-password` for a user, `STOREFRONT_URL/reset-password` for a customer.',
  })
  @ApiCreatedResponse({ description: 'Accepted (empty body)' })
  @ErrorResponses(400, 429)
  async requestPasswordReset(
    @Param() params: ActorParams,
    @Body() body: ResetPasswordRequestDto,
    @Client() client: ClientInfo,
  ): Promise<void> {
    await this.passwordReset.request(params.actor, body.identifier, client);
  }

  @Post(':actor/emailpass/update')
  @RateLimited()
  @HttpCode(200)
  @ApiBearerAuth(SECURITY.resetToken)
  @ApiOperation({
    summary: 'Set a new password with a reset token (Authorization: Bearer <reset token>)',
    description:
      "Spends the token and logs the identity out of every session, customer sessions included. The answer lists the person's secret API keys and personal access keys; `revoke_keys: true` revokes them too.",
  })
  @ApiOkResponse({ type: PasswordReplacedResponse })
  @ErrorResponses(400, 401, 429)
  updatePassword(
    @Param() params: ActorParams,
    @Body() body: UpdatePasswordDto,
    @Req() request: FastifyRequest,
    @Client() client: ClientInfo,
  ): Promise<PasswordReplacedResponse> {
    return this.passwordReset.update(
      params.actor,
      bearerToken(request),
      body.password,
      body.revoke_keys ?? false,
      client,
    );
  }
}
