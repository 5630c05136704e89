import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler';
import { TooManyRequestsError } from '../errors/app-errors';
import { RouteMetadata } from '../route-metadata';

export const RATE_LIMITED = 'gatehouse:rate-limited';

/**
 * Per-IP budgets a minute: `ip` (RATE_LIMIT_PER_MINUTE) for logins, registration, refresh and the password
 * routes; `device_poll`, ten times that, for a device login's polling alone. A CLI polls every 5 seconds
 * for up to 10 minutes: on the login budget, a few people signing in a CLI from one office address
 * would lock that address out of logging in at all.
 */
export const RATE_BUDGETS = ['ip', 'device_poll'] as const;
export type RateBudget = (typeof RATE_BUDGETS)[number];
export const DEVICE_POLL_FACTOR = 10;

/**
 * The route spends the caller's per-IP `budget`: the global RateLimitGuard reads it, so no handler
 * names a guard.
 */
export const RateLimited = (budget: RateBudget = 'ip') =>
  applyDecorators(
    SetMetadata(RATE_LIMITED, true),
    SkipThrottle(
      Object.fromEntries(
        RATE_BUDGETS.filter((other) => other !== budget).map((other) => [other, true]),
      ),
    ),
  );

/** Per-IP limits, each budget shared by its routes; refusals are 429 `too_many_requests` with `Retry-After`. */
@Injectable()
export class IpThrottler extends ThrottlerGuard {
  /** One count per IP and budget across its routes (by default it would be one per route). */
  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    throttlerName: string,
  ): string {
    return `${throttlerName}:${tracker}`;
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new TooManyRequestsError(Math.max(1, detail.timeToBlockExpire));
  }
}

/** Global; throttles only `@RateLimited()` routes, and answers every other route at once. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly routes: RouteMetadata,
    private readonly throttler: IpThrottler,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    return this.routes.get<boolean>(RATE_LIMITED, context)
      ? this.throttler.canActivate(context)
      : true;
  }
}
