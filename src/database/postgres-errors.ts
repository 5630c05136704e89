import { QueryFailedError } from 'typeorm';

/** PostgreSQL's unique_violation (23505): the loser of a race for a unique value. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505'
  );
}

/** Codes of a server not (yet) reachable, as opposed to a wrong database, role or password. */
const TRANSIENT = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', '57P03']);

/**
 * Worth connecting again: the server is starting or briefly unreachable. A database or role that does not
 * exist, or a wrong password, fails at once (in seconds, not after TypeORM's nine retries).
 */
export function isTransientConnectionError(error: unknown): boolean {
  return TRANSIENT.has((error as { code?: string } | null)?.code ?? '');
}
