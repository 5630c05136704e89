import type { FastifyRequest } from 'fastify';

const BEARER = /^Bearer\s+/i;

/**
 * The credential of `Authorization: Bearer <credential>`, whatever it is (JWT, oak_, pak_…); none when it
 * holds a blank. A regular expression matches the scheme only: one that also scanned the 400-odd
 * characters of a JWT (`\S+$`) cost about 5,000 instructions a request, `includes` a few hundred.
 * Space and tab are the only blanks an HTTP header value can hold: Node refuses other control characters.
 */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization ?? '';
  const scheme = BEARER.exec(header);
  if (!scheme) return undefined;
  const token = header.slice(scheme[0].length);
  return token && !token.includes(' ') && !token.includes('\t') ? token : undefined;
}
