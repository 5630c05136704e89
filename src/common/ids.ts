import { randomFillSync } from 'node:crypto';

/**
 * DESIGN §2: ids are a prefix and a ULID (`user_01J…`), sortable by creation time. No id prefix is a token
 * prefix (token-kinds.ts), so an id never looks like a credential, in a log or to a secret scanner.
 */
export const ID_PREFIXES = [
  'authid',
  'provid',
  'user',
  'cus',
  'apk',
  'sc',
  'prod',
  'ak',
  'org',
  'orgmem',
  'proj',
  'env',
  'role',
  'sess',
  'aud',
  'rtk',
  'pwr',
  'inv',
  'devauth',
] as const;
export type IdPrefix = (typeof ID_PREFIXES)[number];

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_CHARS = 16; // 80 bits: 5 from each byte (256 is a multiple of 32, so no bias)
const pool = Buffer.alloc(RANDOM_CHARS * 256);
let used = pool.length;

/**
 * A ULID (https://github.com/ulid/spec): 10 characters of millisecond time, 16 of randomness, Crockford
 * base32. The `ulid` package asks the CSPRNG for every character (27 µs an id, three ids a login); this
 * draws from a pooled randomFillSync, as uuid does, for about 0.4 µs.
 */
export function ulid(nowMs: number = Date.now()): string {
  let time = '';
  for (let rest = nowMs, char = 0; char < 10; char++, rest = Math.floor(rest / 32))
    time = CROCKFORD[rest % 32] + time;
  if (used + RANDOM_CHARS > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  let random = '';
  for (let char = 0; char < RANDOM_CHARS; char++) random += CROCKFORD[pool[used + char]! & 31];
  used += RANDOM_CHARS;
  return time + random;
}

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid()}`;
}
