import { Controller, Delete, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { Body, Param, Query } from '../../common/validation';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { presentedMethods } from '../../common/auth/auth.guard';
import { CredentialStrategies } from '../../common/auth/credential-strategies';
import { UnauthorizedError } from '../../common/errors/app-errors';
import { bearerToken } from '../../common/auth/credentials';
import { AllowedAuth, AuthContext, Client, Public } from '../../common/auth/decorators';
import type { ClientInfo } from '../../common/client-info';
import { SESSION_COOKIE } from '../../common/auth/strategies/session-cookie.strategy';
import { Clock } from '../../common/clock';
import { listBody, PaginationQuery } from '../../common/pagination';
import { RateLimited } from '../../common/rate-limit/rate-limit.guard';
import { ErrorResponses, SECURITY } from '../../common/swagger';
import { APP_CONFIG, AppConfig } from '../../config/config';
import {
  CookieSessionResponse,
  RefreshDto,
  RefreshResponse,
  RevokedSessions,
  SessionList,
  SuccessResponse,
} from './dto/session.dto';
import { TokenIssuer } from './token-issuer.service';
import { JwtTokenService } from './jwt-token.service';
import { SessionsService } from './sessions.service';
import { DeletedObject } from '../../common/dto';

/** Any logged-in person, with a JWT or the session cookie; registration sessions included. */
const SignedIn = () =>
  AllowedAuth(['user', 'customer'], ['bearer', 'session'], { allowUnregistered: true });

@ApiTags('Auth sessions')
@Controller('auth')
export class SessionsController {
  constructor(
    private readonly issuer: TokenIssuer,
    private readonly sessions: SessionsService,
    private readonly tokens: JwtTokenService,
    private readonly clock: Clock,
    private readonly strategies: CredentialStrategies,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('token/refresh')
  @RateLimited()
  @HttpCode(200)
  @Public()
  @ApiBearerAuth(SECURITY.jwt)
  @ApiCookieAuth(SECURITY.sessionCookie)
  @ApiOperation({
    summary:
      'A new JWT: for a refresh token (rotated), or for the session behind a JWT or the cookie',
    description:
      'With `refresh_token`: each refresh token works once; sending a spent one again revokes the whole ' +
      'session (theft detection), except the immediately previous one within a few seconds, which returns ' +
      'the current pair (two tabs). Without it (Medusa’s form): the live session of the Bearer JWT or the ' +
      'session cookie gets `{token}`, and the cookie is set again when it came by cookie. A JWT never ' +
      'outlives its session.',
  })
  @ApiOkResponse({ type: RefreshResponse })
  @ErrorResponses(400, 401, 403, 429)
  async refresh(
    @Body() body: RefreshDto,
    @Client() client: ClientInfo,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RefreshResponse> {
    if (body.refresh_token) return this.issuer.refresh(body.refresh_token, client);
    const { sessionId, byCookie } = await this.presentedSession(reply.request);
    const token = await this.issuer.reissue(sessionId);
    if (byCookie) this.setSessionCookie(reply, token);
    return { token };
  }

  @Post('logout')
  @HttpCode(200)
  @SignedIn()
  @ApiBearerAuth(SECURITY.jwt)
  @ApiCookieAuth(SECURITY.sessionCookie)
  @ApiOperation({ summary: "Log out: revoke this request's session on every instance" })
  @ApiOkResponse({ type: SuccessResponse })
  @ErrorResponses(401)
  async logout(
    @AuthContext() auth: AuthContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SuccessResponse> {
    return this.endSession(auth, reply);
  }

  @Get('sessions')
  @SignedIn()
  @ApiBearerAuth(SECURITY.jwt)
  @ApiCookieAuth(SECURITY.sessionCookie)
  @ApiOperation({ summary: 'My live sessions (devices), newest last' })
  @ApiOkResponse({ type: SessionList })
  @ErrorResponses(400, 401)
  async list(
    @AuthContext() auth: AuthContext,
    @Query() query: PaginationQuery,
  ): Promise<SessionList> {
    return listBody(
      'sessions',
      await this.sessions.list(auth.auth_identity_id, auth.session_id, query),
    );
  }

  @Delete('sessions')
  @SignedIn()
  @ApiBearerAuth(SECURITY.jwt)
  @ApiCookieAuth(SECURITY.sessionCookie)
  @ApiOperation({
    summary: 'Sign out every other session of mine (this one stays), on every instance',
  })
  @ApiOkResponse({ type: RevokedSessions })
  @ErrorResponses(401)
  async revokeOthers(@AuthContext() auth: AuthContext): Promise<RevokedSessions> {
    return { revoked: await this.sessions.revokeOthers(auth.auth_identity_id, auth.session_id) };
  }

  @Delete('sessions/:id')
  @SignedIn()
  @ApiBearerAuth(SECURITY.jwt)
  @ApiCookieAuth(SECURITY.sessionCookie)
  @ApiOperation({ summary: 'Revoke one of my sessions' })
  @ApiOkResponse({ type: DeletedObject })
  @ErrorResponses(401, 404)
  async revoke(@AuthContext() auth: AuthContext, @Param('id') id: string): Promise<DeletedObject> {
    await this.sessions.revoke(auth.auth_identity_id, id);
    return { id, object: 'session', deleted: true };
  }

  @Post('session')
  @HttpCode(200)
  @AllowedAuth(['user', 'customer'], ['bearer'], { allowUnregistered: true })
  @ApiBearerAuth(SECURITY.jwt)
  @ApiOperation({
    summary: "Move the Bearer token's session into an httpOnly, SameSite=Lax cookie",
    description: `Sets \`${SESSION_COOKIE}\` (Secure when COOKIE_SECURE=true or in production). State-changing requests authenticated by the cookie must come from an allowed Origin.`,
  })
  @ApiOkResponse({ type: CookieSessionResponse })
  @ErrorResponses(401)
  startCookieSession(
    @AuthContext() auth: AuthContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): CookieSessionResponse {
    this.setSessionCookie(reply, bearerToken(reply.request) ?? '');
    return {
      session_id: auth.session_id ?? '',
      actor_type: auth.actor_type,
      actor_id: auth.actor_id,
    };
  }

  @Delete('session')
  @AllowedAuth(['user', 'customer'], ['session'], { allowUnregistered: true })
  @ApiCookieAuth(SECURITY.sessionCookie)
  @ApiOperation({ summary: 'End the cookie session: clears the cookie and revokes the session' })
  @ApiOkResponse({ type: SuccessResponse })
  @ErrorResponses(401, 403)
  async endCookieSession(
    @AuthContext() auth: AuthContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SuccessResponse> {
    return this.endSession(auth, reply);
  }

  /**
   * The session of the request's JWT (Bearer) or cookie, checked by the strategies the guard runs (so the
   * cookie's same-origin check applies): 401 when neither carries a live one.
   */
  private async presentedSession(
    request: FastifyRequest,
  ): Promise<{ sessionId: string; byCookie: boolean }> {
    for (const method of presentedMethods(request, ['bearer', 'session'])) {
      const outcome = await this.strategies.for(method).validate(request);
      if (outcome && !Array.isArray(outcome) && outcome.session_id)
        return { sessionId: outcome.session_id, byCookie: method === 'session' };
    }
    throw new UnauthorizedError();
  }

  /** The httpOnly cookie holding `token`, living as long as the token. */
  private setSessionCookie(reply: FastifyReply, token: string): void {
    const claims = this.tokens.verify(token);
    const maxAge = Math.max(0, Math.floor((claims?.exp ?? 0) - this.clock.nowMs() / 1000));
    void reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.cookieSecure,
      path: '/',
      maxAge,
    });
  }

  /** Revokes the request's session and clears the cookie that may carry it. */
  private async endSession(auth: AuthContext, reply: FastifyReply): Promise<SuccessResponse> {
    await this.sessions.revoke(auth.auth_identity_id, auth.session_id ?? '');
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { success: true };
  }
}
