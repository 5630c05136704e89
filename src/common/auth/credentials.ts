import type { FastifyRequest } from 'fastify';

const BEARER = /^Bearer\s+/i;
const BASIC = /^Basic\s+/i;
/** A secret key sent as a Bearer token: the guard hands it to the API-key strategy, which says where it
 * goes. */
export const SECRET_KEY_BEARER = /^Bearer\s+sk_/i;

/**
 * The credential after `scheme` in the Authorization header; none when it holds a blank. A regular
 * expression matches the scheme only: one that also scanned the credential (`\S+$`) cost about 5,000
 * instructions a request on the 400-odd characters of a JWT, `includes` a few hundred. Space and tab are
 * the only blanks an HTTP header value can hold: Node refuses other control characters.
 */
function credentialAfter(scheme: RegExp, request: FastifyRequest): string | undefined {
  const header = request.headers.authorization ?? '';
  const match = scheme.exec(header);
  if (!match) return undefined;
  const credential = header.slice(match[0].length);
  return credential && !credential.includes(' ') && !credential.includes('\t')
    ? credential
    : undefined;
}

/** The credential of `Authorization: Bearer <credential>`, whatever it is (JWT, oak_, pak_…). */
export function bearerToken(request: FastifyRequest): string | undefined {
  return credentialAfter(BEARER, request);
}

/** The credential of `Authorization: Basic <credential>`, still encoded. */
export function basicCredential(request: FastifyRequest): string | undefined {
  return credentialAfter(BASIC, request);
}
