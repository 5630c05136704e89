import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthContext, AuthMethod } from './auth-context';
import type { Awaitable } from '../awaitable';

/** Why a strategy declined: the 401's message when no other strategy accepts the request. */
export interface StrategyRefusal {
  message: string;
}

/** The caller, or `false` to decline (with a reason, or without). A thrown error is the answer. */
export type StrategyOutcome = AuthContext | false | [false, StrategyRefusal];

/** Checks one kind of credential: a thin call into a cached lookup service. */
export interface CredentialStrategy {
  /** Synchronous when it answers from a cache, as it almost always does. */
  validate(request: FastifyRequest): Awaitable<StrategyOutcome>;
}

/**
 * The strategy for each kind of credential. Each registers itself from the module that owns its lookup,
 * and the AuthGuard calls it directly: passport's per-request closures and callbacks cost a few
 * microseconds on every authenticated request (issue #7), and its registry is process-wide.
 */
@Injectable()
export class CredentialStrategies {
  private readonly strategies = new Map<AuthMethod, CredentialStrategy>();

  register(method: AuthMethod, strategy: CredentialStrategy): void {
    this.strategies.set(method, strategy);
  }

  for(method: AuthMethod): CredentialStrategy {
    const strategy = this.strategies.get(method);
    if (!strategy) throw new Error(`No credential strategy is registered for ${method}`);
    return strategy;
  }
}
