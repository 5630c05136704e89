/**
 * Every token Gatehouse mints, one row each: the only place a prefix is spelled. The guard's dispatch,
 * the formats (token-format.ts), the log redaction and the tests read this table. JWTs are not here:
 * they carry no prefix (`eyJ…`) and are recognised by their shape.
 *
 * Every token is the prefix, `_`, and 32 CSPRNG bytes in base62 (43 characters). The long-lived keys add
 * a 6-character CRC32 checksum (DESIGN §4), so a mistyped or invented key is refused without a database
 * read and secret scanners can recognise them; the short-lived internal tokens need none. All are stored
 * as their SHA-256, never in clear.
 */
export const TOKEN_KINDS = {
  secret_api_key: {
    prefix: 'sk',
    presented: 'x-medusa-access-token, HTTP Basic (as the username), or ?api_token=',
    checksum: true,
  },
  publishable_api_key: {
    prefix: 'pk',
    presented: 'x-publishable-api-key',
    checksum: true,
  },
  organization_access_key: {
    prefix: 'oak',
    presented: 'Authorization: Bearer',
    checksum: true,
  },
  personal_access_key: {
    prefix: 'pak',
    presented: 'Authorization: Bearer',
    checksum: true,
  },
  refresh_token: {
    prefix: 'rt',
    presented: 'the body of POST /auth/token/refresh',
    checksum: false,
  },
  password_reset_token: {
    prefix: 'prt',
    presented: 'Authorization: Bearer, on POST /auth/{actor}/emailpass/update only',
    checksum: false,
  },
  invite_token: {
    prefix: 'invite',
    presented: 'the query of POST /admin/invites/accept (?token=)',
    checksum: false,
  },
  /** The CLI's half of a device login; the person's half, the user code, is a short code, not a token. */
  device_code: {
    prefix: 'dc',
    presented: 'the body of POST /auth/device/token',
    checksum: false,
  },
} as const satisfies Record<string, { prefix: string; presented: string; checksum: boolean }>;

export type TokenKind = keyof typeof TOKEN_KINDS;
/** The kinds with a checksum: the keys people keep and paste. */
export type KeyKind = {
  [Kind in TokenKind]: (typeof TOKEN_KINDS)[Kind]['checksum'] extends true ? Kind : never;
}[TokenKind];

export const TOKEN_KIND_NAMES = Object.keys(TOKEN_KINDS) as TokenKind[];
export const KEY_KINDS = TOKEN_KIND_NAMES.filter(
  (kind): kind is KeyKind => TOKEN_KINDS[kind].checksum,
);

export function prefixOf(kind: TokenKind): string {
  return TOKEN_KINDS[kind].prefix;
}

/** `(?:sk|pk|…)`: an alternation of these kinds' prefixes, for regular expressions. */
export function prefixPattern(kinds: readonly TokenKind[]): string {
  return `(?:${kinds.map(prefixOf).join('|')})`;
}
