import type { FastifyRequest } from 'fastify';

/**
 * Where a request came from, as the audit log and the sessions list record it. It is passed explicitly
 * (on the AuthContext, or as an argument where no one is authenticated yet) rather than through
 * AsyncLocalStorage, whose promise hooks cost 2–5 µs of every request (issue #7).
 */
export interface ClientInfo {
  ip: string | null;
  user_agent: string | null;
}

export const UNKNOWN_CLIENT: ClientInfo = { ip: null, user_agent: null };

export function clientOf(request: FastifyRequest): ClientInfo {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip, user_agent: typeof userAgent === 'string' ? userAgent : null };
}
