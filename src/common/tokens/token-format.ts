import { crc32 } from 'node:zlib';
import {
  KEY_KINDS,
  KeyKind,
  prefixOf,
  prefixPattern,
  TOKEN_KIND_NAMES,
  TokenKind,
} from './token-kinds';

/**
 * DESIGN §4: `<prefix>_` + 32 random bytes in base62 (43 chars); a key (token-kinds.ts) adds a 6-char
 * base62 CRC32 of everything before it. The checksum lets the server (and secret scanners) reject a
 * mistyped or invented key without touching the database.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BODY_LENGTH = 43; // ceil(256 / log2(62))
const CHECKSUM_LENGTH = 6; // 62^6 > 2^32
const KIND_BY_PREFIX = new Map<string, KeyKind>(KEY_KINDS.map((kind) => [prefixOf(kind), kind]));
const KEY_SHAPE = new RegExp(
  `^(${KEY_KINDS.map(prefixOf).join('|')})_[0-9A-Za-z]{${BODY_LENGTH}}([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`,
);

/** Any token of these kinds, anywhere in a text (at least 16 body characters: not an id or a word). */
export function tokensIn(kinds: readonly TokenKind[] = TOKEN_KIND_NAMES): RegExp {
  return new RegExp(`\\b${prefixPattern(kinds)}_[0-9A-Za-z]{16,}`, 'g');
}

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

/**
 * A token of `kind` from 32 random bytes (the caller supplies them, from the CSPRNG, or an HMAC for a
 * refresh token's successor), with the checksum when the kind carries one.
 */
export function formatToken(kind: TokenKind, randomBytes: Uint8Array): string {
  if (randomBytes.length !== 32) throw new Error('a token body needs exactly 32 random bytes');
  const payload = `${prefixOf(kind)}_${toBase62(randomBytes, BODY_LENGTH)}`;
  return KIND_BY_PREFIX.has(prefixOf(kind)) ? payload + checksum(payload) : payload;
}

/** The key's kind when its shape and checksum are right; undefined otherwise (no I/O involved). */
export function parseToken(token: string): KeyKind | undefined {
  const match = KEY_SHAPE.exec(token);
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
