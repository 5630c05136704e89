import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard as PassportGuard, IAuthGuard } from '@nestjs/passport';
import { UnauthorizedError } from '../errors/app-errors';
import type { AuthContext, AuthMethod } from './auth-context';
import { RequestWithAuth, ROUTE_ACCESS, RouteAccess } from './decorators';
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

function carriesCredentials(request: RequestWithAuth): boolean {
  const query = request.query as Record<string, unknown> | undefined;
  return Boolean(
    request.headers.authorization || request.headers['x-medusa-access-token'] || query?.api_token,
  );
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
    if (access.optional && !carriesCredentials(request)) return true;
    await this.guardFor(access.methods).canActivate(context);
    // A credential, not a parameter of the route: keep it out of query validation and handlers.
    delete (request.query as Record<string, unknown> | undefined)?.api_token;
    const auth = request.auth_context as AuthContext;
    if (!access.actors.includes(auth.actor_type)) throw new UnauthorizedError();
    if (!auth.actor_id && !access.allowUnregistered) throw new UnauthorizedError();
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
