import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy as CustomStrategy } from 'passport-custom';
import type { Awaitable } from '../../awaitable';
import type { AuthContext, AuthMethod } from '../auth-context';

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
 * The base of each credential method: a passport-custom strategy, named after its method (the design
 * card's `PassportStrategy(Strategy, 'api-key')`). The AuthGuard calls its `validate` directly rather
 * than through `passport.authenticate`: bench/passport-path.ts counted passport's own path at about
 * 21,000 instructions a check against 450, some 11% of an authenticated request (docs/architecture.md).
 */
export const CredentialPassportStrategy = (method: AuthMethod) =>
  PassportStrategy<typeof CustomStrategy, AuthContext, StrategyOutcome>(CustomStrategy, method);
