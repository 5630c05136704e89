import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler';
import { TooManyRequestsError } from '../errors/app-errors';

/** Per-IP limits, shared by the login, registration, refresh and password reset routes; refusals are 429 `too_many_requests` with `Retry-After`. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
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
