import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { clientOf } from '../client-info';
import { UnauthorizedError } from '../errors/app-errors';
import type { AuthContext, AuthMethod } from './auth-context';
import { andThen, Awaitable } from '../awaitable';
import { CredentialStrategies } from './credential-strategies';
import type { StrategyOutcome } from './strategies/strategy';
import { ACCESS_KEY_BEARER, KEY_BEARER, SECRET_KEY_BEARER } from './credentials';
import { requestOf, RequestWithAuth, ROUTE_ACCESS, RouteAccess } from './decorators';
import { RouteMetadata } from '../route-metadata';
import { SESSION_COOKIE } from './strategies/session-cookie.strategy';

function carriesAnyCredential(request: RequestWithAuth): boolean {
  return (
    presentedMethods(request, ['bearer', 'session', 'api-key', 'access-key']).length > 0 ||
    Boolean(request.headers.authorization)
  );
}

/**
 * Which of the allowed methods the request carries a credential for: a few header checks, so only the
 * strategy that can answer runs (not every strategy in turn) and a bare request costs nothing.
 */
export function presentedMethods(request: RequestWithAuth, allowed: AuthMethod[]): AuthMethod[] {
  const authorization = request.headers.authorization ?? '';
  const query = request.query as Record<string, unknown> | undefined;
  return allowed.filter((method) => {
    switch (method) {
      case 'bearer':
        return /^Bearer\s/i.test(authorization) && !KEY_BEARER.test(authorization);
      case 'session':
        return Boolean(request.cookies?.[SESSION_COOKIE]);
      case 'api-key':
        // A Bearer sk_ reaches the strategy too, so that it can say where a secret key goes.
        return Boolean(
          request.headers['x-medusa-access-token'] ||
          /^Basic\s/i.test(authorization) ||
          query?.api_token ||
          SECRET_KEY_BEARER.test(authorization),
        );
      case 'access-key':
        return ACCESS_KEY_BEARER.test(authorization);
    }
  });
}

const accepted = (outcome: StrategyOutcome): outcome is AuthContext =>
  outcome !== false && !Array.isArray(outcome);
const reasonOf = (outcome: StrategyOutcome): string | undefined =>
  Array.isArray(outcome) ? outcome[1].message : undefined;

/**
 * The one global guard. Every route declares `@Public()` or `@AllowedAuth(actors, methods)`; a route that
 * declares neither is refused, so forgetting the decorator fails closed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly routes: RouteMetadata,
    private readonly strategies: CredentialStrategies,
  ) {}

  /**
   * Synchronous for public routes and for credentials answered from the caches: Nest awaits only a guard
   * that returns a promise.
   */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const access = this.routes.get<RouteAccess>(ROUTE_ACCESS, context);
    if (!access) {
      this.logger.error(
        `${context.getClass().name}.${context.getHandler().name} declares no access rule`,
      );
      throw new UnauthorizedError();
    }
    if (access.public) return true;
    const request = requestOf(context);
    const presented = presentedMethods(request, access.methods);
    if (!presented.length) {
      // Anonymous only when nothing was presented at all: a credential of the wrong kind is never ignored.
      if (access.optional && !carriesAnyCredential(request)) return true;
      throw new UnauthorizedError();
    }
    return andThen(this.authenticate(request, presented), (auth) => {
      // A credential, not a parameter of the route: keep it out of query validation and handlers.
      delete (request.query as Record<string, unknown> | undefined)?.api_token;
      if (!access.actors.includes(auth.actor_type)) throw new UnauthorizedError();
      if (!auth.actor_id && !access.allowUnregistered) throw new UnauthorizedError();
      auth.client = clientOf(request);
      request.auth_context = auth;
      return true;
    });
  }

  /**
   * The presented credentials' strategies in the route's order, from `from` on: the first to accept is
   * the caller. A strategy that throws answers the request; when all decline, the first reason given is
   * the 401's.
   */
  private authenticate(
    request: RequestWithAuth,
    methods: AuthMethod[],
    from = 0,
    refusal?: string,
  ): Awaitable<AuthContext> {
    for (let index = from; index < methods.length; index++) {
      const outcome = this.strategies.for(methods[index]!).validate(request);
      if (outcome instanceof Promise) {
        return outcome.then((settled) =>
          accepted(settled)
            ? settled
            : this.authenticate(request, methods, index + 1, refusal ?? reasonOf(settled)),
        );
      }
      if (accepted(outcome)) return outcome;
      refusal ??= reasonOf(outcome);
    }
    throw new UnauthorizedError(refusal);
  }
}
