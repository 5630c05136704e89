import type { FastifyRequest } from 'fastify';
import passport from 'passport';
import type { Strategy } from 'passport';

/**
 * Runs one strategy instance through `passport.authenticate`: what it accepts, or `false`. The instance,
 * never a name: passport's registry is process-wide, so a second application in the process would
 * answer this one's requests. A strategy object per call, as passport makes for a named strategy: it
 * sets its per-request callbacks on it.
 */
export function authenticateWith<T>(
  strategy: Strategy,
  request: FastifyRequest,
): Promise<T | false> {
  return new Promise((resolve, reject) => {
    const authenticate = passport.authenticate(
      Object.create(strategy) as Strategy,
      { session: false },
      (error: Error | null, user: T | false) => (error ? reject(error) : resolve(user)),
    ) as (req: unknown, res: unknown, next: (error?: unknown) => void) => void;
    authenticate(request, {}, reject);
  });
}
