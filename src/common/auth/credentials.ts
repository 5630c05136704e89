import type { FastifyRequest } from 'fastify';
import { KEY_KINDS, prefixPattern, TokenKind } from '../tokens/token-kinds';

const BEARER = /^Bearer\s+/i;
const BASIC = /^Basic\s+/i;
const bearerOf = (kinds: readonly TokenKind[]) =>
  new RegExp(`^Bearer\\s+${prefixPattern(kinds)}_`, 'i');

/** Any key (token-kinds.ts) as a Bearer token: never a JWT. */
export const KEY_BEARER = bearerOf(KEY_KINDS);
/** An organization or personal access key: the access-key strategy's. */
export const ACCESS_KEY_BEARER = bearerOf(['organization_access_key', 'personal_access_key']);
/** A secret key sent as a Bearer token: the guard hands it to the API-key strategy, which says where it
 * goes. */
export const SECRET_KEY_BEARER = bearerOf(['secret_api_key']);
/** A credential that is a key of ours, not a JWT. */
export const KEY_TOKEN = new RegExp(`^${prefixPattern(KEY_KINDS)}_`);

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
