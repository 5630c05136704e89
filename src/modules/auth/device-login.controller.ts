import { Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCookieAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AllowedAuth, AuthContext, Client, Public } from '../../common/auth/decorators';
import type { ClientInfo } from '../../common/client-info';
import { RateLimited } from '../../common/rate-limit/rate-limit.guard';
import { ErrorResponses, SECURITY } from '../../common/swagger';
import { Body } from '../../common/validation';
import {
  DeviceCodeRequestDto,
  DeviceCodeResponse,
  DeviceDecisionResponse,
  DeviceGrantErrorBody,
  DeviceRequestResponse,
  DeviceTokenRequestDto,
  UserCodeDto,
} from './dto/device-login.dto';
import { LoginResponse } from './dto/emailpass.dto';
import { DeviceLoginService } from './device-login.service';

/** A user deciding in person: a JWT or the session cookie, never a key or a customer. */
const InPerson = () => AllowedAuth('user', ['bearer', 'session']);

@ApiTags('Device login')
@Controller('auth/device')
export class DeviceLoginController {
  constructor(private readonly devices: DeviceLoginService) {}

  @Post('code')
  @Public()
  @RateLimited()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Start a device login (RFC 8628): a device code for the CLI, a user code for the person',
    description:
      'The person opens `verification_uri`, signs in and approves `user_code` (10 minutes); meanwhile the CLI polls `POST /auth/device/token` every `interval` seconds.',
  })
  @ApiOkResponse({ type: DeviceCodeResponse })
  @ErrorResponses(400, 429)
  start(
    @Body() body: DeviceCodeRequestDto,
    @Client() client: ClientInfo,
  ): Promise<DeviceCodeResponse> {
    return this.devices.start(body.client_name, client);
  }

  @Post('token')
  @Public()
  @RateLimited('device_poll')
  @HttpCode(200)
  @ApiOperation({
    summary: "Poll for the device login's session",
    description:
      "400 with RFC 8628's `error` until the person decides: `authorization_pending`, `slow_down` (the interval grew by 5 s), `access_denied`, `expired_token`, or `invalid_grant` for a code that is unknown or already spent. Once approved: a session of its own, named after the client, with a refresh token; the code is then spent.",
  })
  @ApiOkResponse({ type: LoginResponse })
  @ApiBadRequestResponse({ type: DeviceGrantErrorBody })
  @ErrorResponses(429)
  token(@Body() body: DeviceTokenRequestDto, @Client() client: ClientInfo): Promise<LoginResponse> {
    return this.devices.poll(body.device_code, client);
  }

  @Post('lookup')
  @InPerson()
  @RateLimited()
  @HttpCode(200)
  @ApiBearerAuth(SECURITY.jwt)
  @ApiCookieAuth(SECURITY.sessionCookie)
  @ApiOperation({
    summary: 'Which CLI asks, from where and when: what the approval page shows',
  })
  @ApiOkResponse({ type: DeviceRequestResponse })
  @ErrorResponses(400, 401, 404, 429)
  lookup(@Body() body: UserCodeDto): Promise<DeviceRequestResponse> {
    return this.devices.describe(body.user_code);
  }

  @Post('approve')
  @InPerson()
  @RateLimited()
  @HttpCode(200)
  @ApiBearerAuth(SECURITY.jwt)
  @ApiCookieAuth(SECURITY.sessionCookie)
  @ApiOperation({
    summary: 'Approve a device login as myself (a user, in person)',
    description:
      "The CLI's next poll receives a session of mine. Audited with the requester's address beside mine. The approval lapses if this session ends before the CLI collects it.",
  })
  @ApiOkResponse({ type: DeviceDecisionResponse })
  @ErrorResponses(400, 401, 404, 429)
  approve(
    @AuthContext() auth: AuthContext,
    @Body() body: UserCodeDto,
  ): Promise<DeviceDecisionResponse> {
    return this.devices.decide(auth, body.user_code, 'approved');
  }

  @Post('deny')
  @InPerson()
  @RateLimited()
  @HttpCode(200)
  @ApiBearerAuth(SECURITY.jwt)
  @ApiCookieAuth(SECURITY.sessionCookie)
  @ApiOperation({ summary: 'Deny a device login: its next poll answers `access_denied`' })
  @ApiOkResponse({ type: DeviceDecisionResponse })
  @ErrorResponses(400, 401, 404, 429)
  deny(
    @AuthContext() auth: AuthContext,
    @Body() body: UserCodeDto,
  ): Promise<DeviceDecisionResponse> {
    return this.devices.decide(auth, body.user_code, 'denied');
  }
}
