import { QueryFailedError } from 'typeorm';

/** PostgreSQL's unique_violation (23505): the loser of a race for a unique value. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505'
  );
}
