import { Body, Controller, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/decorators';
import { EmailPassGuard } from '../../common/auth/emailpass.guard';
import { ErrorResponses } from '../../common/swagger';
import type { AuthIdentity } from './auth-identity.entity';
import {
  ActorParams,
  EmailPassLoginDto,
  EmailPassRegisterDto,
  LoginResponse,
  TokenResponse,
} from './dto/emailpass.dto';
import { EmailPassService } from './emailpass.service';

@ApiTags('Auth')
@Controller('auth')
@Public()
export class AuthController {
  constructor(private readonly emailpass: EmailPassService) {}

  @Post(':actor/emailpass')
  @HttpCode(200)
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
    @Req() request: FastifyRequest & { auth_identity: AuthIdentity },
  ): Promise<LoginResponse> {
    return this.emailpass.startSession(params.actor, request.auth_identity, { refresh: true });
  }

  @Post(':actor/emailpass/register')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Register an email and password',
    description:
      'Returns a registration token (no `actor_id` yet). For a customer, send it to `POST /store/customers`.',
  })
  @ApiOkResponse({ type: TokenResponse })
  @ErrorResponses(400, 409)
  async register(
    @Param() params: ActorParams,
    @Body() body: EmailPassRegisterDto,
  ): Promise<TokenResponse> {
    const identity = await this.emailpass.register(params.actor, body.email, body.password);
    const { token } = await this.emailpass.startSession(params.actor, identity, { refresh: false });
    return { token };
  }
}
