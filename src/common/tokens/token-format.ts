import { crc32 } from 'node:zlib';

/**
 * DESIGN §4: `<prefix>_` + 32 random bytes in base62 (43 chars) + a 6-char base62 CRC32 of everything
 * before it. The checksum lets the server (and secret scanners) reject a mistyped or invented token
 * without touching the database.
 */
export const TOKEN_PREFIXES = {
  secret_api_key: 'sk',
  publishable_api_key: 'pk',
  organization_access_key: 'oak',
  personal_access_key: 'pak',
} as const;

export type TokenKind = keyof typeof TOKEN_PREFIXES;
export type TokenPrefix = (typeof TOKEN_PREFIXES)[TokenKind];

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BODY_LENGTH = 43; // ceil(256 / log2(62))
const CHECKSUM_LENGTH = 6; // 62^6 > 2^32
const KIND_BY_PREFIX = new Map<string, TokenKind>(
  Object.entries(TOKEN_PREFIXES).map(([kind, prefix]) => [prefix, kind as TokenKind]),
);
const TOKEN_SHAPE = /^(sk|pk|oak|pak)_[0-9A-Za-z]{43}([0-9A-Za-z]{6})$/;

export function toBase62(bytes: Uint8Array, length: number): string {
  let value = BigInt(bytes.length ? `0x${Buffer.from(bytes).toString('hex')}` : 0);
  let out = '';
  while (value > 0n) {
    out = ALPHABET[Number(value % 62n)] + out;
    value /= 62n;
  }
  return out.padStart(length, '0');
}

/** The CRC32 in base62, with plain numbers (it fits in 32 bits): parseToken runs on every key request. */
function checksum(payload: string): string {
  let crc = crc32(payload);
  let out = '';
  for (let digit = 0; digit < CHECKSUM_LENGTH; digit++) {
    out = ALPHABET[crc % 62] + out;
    crc = Math.floor(crc / 62);
  }
  return out;
}

/** Builds a token from 32 random bytes (the caller supplies them, from the CSPRNG). */
export function formatToken(kind: TokenKind, randomBytes: Uint8Array): string {
  if (randomBytes.length !== 32) throw new Error('a token body needs exactly 32 random bytes');
  const payload = `${TOKEN_PREFIXES[kind]}_${toBase62(randomBytes, BODY_LENGTH)}`;
  return payload + checksum(payload);
}

/** The token's kind when its shape and checksum are right; undefined otherwise (no I/O involved). */
export function parseToken(token: string): TokenKind | undefined {
  const match = TOKEN_SHAPE.exec(token);
  if (!match) return undefined;
  if (checksum(token.slice(0, -CHECKSUM_LENGTH)) !== match[2]) return undefined;
  return KIND_BY_PREFIX.get(match[1] ?? '');
}

/** `sk_AbCd…wXyZ`: the prefix, the first 4 body characters, an ellipsis and the last 4 characters. */
export function redactToken(token: string): string {
  const separator = token.indexOf('_');
  const prefix = token.slice(0, separator + 1);
  return `${prefix}${token.slice(separator + 1, separator + 5)}…${token.slice(-4)}`;
}
