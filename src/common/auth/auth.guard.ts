import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard as PassportGuard, IAuthGuard } from '@nestjs/passport';
import { clientOf } from '../client-info';
import { UnauthorizedError } from '../errors/app-errors';
import type { AuthContext, AuthMethod } from './auth-context';
import { RequestWithAuth, ROUTE_ACCESS, RouteAccess } from './decorators';
import { SESSION_COOKIE } from './strategies/session-cookie.strategy';
import { STRATEGY_FOR_METHOD } from './strategy-names';

/** A strategy that declines passes a reason; the first explicit one becomes the 401 message. */
export interface StrategyRefusal {
  message: string;
}

function refusalMessage(info: unknown): string | undefined {
  const refusals = (Array.isArray(info) ? info : [info]) as (StrategyRefusal | undefined)[];
  return refusals.find((refusal) => typeof refusal?.message === 'string')?.message;
}

/** A passport callback's outcome: what the strategy produced, or the error to answer with. */
export function passportOutcome<T>(error: unknown, result: T | false, refuse: () => Error): T {
  if (error) throw error instanceof Error ? error : refuse();
  if (!result) throw refuse();
  return result;
}

const KEY_BEARER = /^Bearer\s+(sk|pk|oak|pak)_/i;
const ACCESS_KEY_BEARER = /^Bearer\s+(oak|pak)_/i;
const SECRET_KEY_BEARER = /^Bearer\s+sk_/i;

function carriesAnyCredential(request: RequestWithAuth): boolean {
  return (
    presentedMethods(request, ['bearer', 'session', 'api-key', 'access-key']).length > 0 ||
    Boolean(request.headers.authorization)
  );
}

/**
 * Which of the allowed methods the request carries a credential for: a few header checks, so passport
 * runs only the strategy that can answer (not every strategy in turn) and a bare request costs nothing.
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

function passportGuardFor(methods: AuthMethod[]): IAuthGuard {
  const Base = PassportGuard(methods.map((method) => STRATEGY_FOR_METHOD[method]));
  class MethodsGuard extends Base {
    override handleRequest<T>(error: unknown, context: T | false, info: unknown): T {
      return passportOutcome(error, context, () => new UnauthorizedError(refusalMessage(info)));
    }
  }
  return new MethodsGuard({ property: 'auth_context', session: false });
}

/**
 * The one global guard. Every route declares `@Public()` or `@AllowedAuth(actors, methods)`; a route that
 * declares neither is refused, so forgetting the decorator fails closed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);
  private readonly guards = new Map<string, IAuthGuard>();

  constructor(private readonly reflector: Reflector) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ROUTE_ACCESS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!access) {
      this.logger.error(
        `${context.getClass().name}.${context.getHandler().name} declares no access rule`,
      );
      throw new UnauthorizedError();
    }
    if (access.public) return true;

    const request = context.switchToHttp().getRequest<RequestWithAuth>();
    const presented = presentedMethods(request, access.methods);
    if (!presented.length) {
      // Anonymous only when nothing was presented at all: a credential of the wrong kind is never ignored.
      if (access.optional && !carriesAnyCredential(request)) return true;
      throw new UnauthorizedError();
    }
    await this.guardFor(presented).canActivate(context);
    // A credential, not a parameter of the route: keep it out of query validation and handlers.
    delete (request.query as Record<string, unknown> | undefined)?.api_token;
    const auth = request.auth_context as AuthContext;
    if (!access.actors.includes(auth.actor_type)) throw new UnauthorizedError();
    if (!auth.actor_id && !access.allowUnregistered) throw new UnauthorizedError();
    auth.client = clientOf(request);
    return true;
  }

  private guardFor(methods: AuthMethod[]): IAuthGuard {
    const key = methods.join(',');
    let guard = this.guards.get(key);
    if (!guard) {
      guard = passportGuardFor(methods);
      this.guards.set(key, guard);
    }
    return guard;
  }
}
