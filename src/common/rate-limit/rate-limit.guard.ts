import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler';
import { TooManyRequestsError } from '../errors/app-errors';
import { RouteMetadata } from '../route-metadata';

export const RATE_LIMITED = 'gatehouse:rate-limited';

/**
 * The route spends the caller's per-IP budget (login, registration, refresh, password reset and change):
 * the global RateLimitGuard reads it, so no handler names a guard.
 */
export const RateLimited = () => SetMetadata(RATE_LIMITED, true);

/** Per-IP limits, shared by every rate-limited route; refusals are 429 `too_many_requests` with `Retry-After`. */
@Injectable()
export class IpThrottler extends ThrottlerGuard {
  /** One budget per IP across every rate-limited route (by default it would be one per route). */
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
