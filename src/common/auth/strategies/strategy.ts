import type { FastifyRequest } from 'fastify';
import type { Awaitable } from '../../awaitable';
import type { AuthContext } from '../auth-context';

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
