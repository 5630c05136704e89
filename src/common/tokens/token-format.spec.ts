import { randomBytes } from 'node:crypto';
import { formatToken, parseToken, redactToken, toBase62 } from './token-format';

describe('token format', () => {
  const bytes = Buffer.alloc(32, 7);

  it('builds prefix + 43 base62 body characters + 6 checksum characters', () => {
    const token = formatToken('secret_api_key', bytes);
    expect(token).toMatch(/^sk_[0-9A-Za-z]{49}$/);
    expect(formatToken('personal_access_key', bytes)).toMatch(/^pak_[0-9A-Za-z]{49}$/);
  });

  it('is deterministic for the same bytes and differs for different bytes', () => {
    expect(formatToken('publishable_api_key', bytes)).toBe(
      formatToken('publishable_api_key', bytes),
    );
    expect(formatToken('publishable_api_key', bytes)).not.toBe(
      formatToken('publishable_api_key', Buffer.alloc(32, 8)),
    );
  });

  it('parses each kind back from a well-formed token', () => {
    for (const kind of [
      'secret_api_key',
      'publishable_api_key',
      'organization_access_key',
      'personal_access_key',
    ] as const) {
      expect(parseToken(formatToken(kind, randomBytes(32)))).toBe(kind);
    }
  });

  it('rejects a token with any single character changed', () => {
    const token = formatToken('secret_api_key', randomBytes(32));
    for (let i = 3; i < token.length; i++) {
      const replacement = token[i] === 'a' ? 'b' : 'a';
      const mistyped = token.slice(0, i) + replacement + token.slice(i + 1);
      expect(parseToken(mistyped)).toBeUndefined();
    }
  });

  it('rejects a swapped prefix, a truncated token and garbage', () => {
    const token = formatToken('secret_api_key', randomBytes(32));
    expect(parseToken(`pk_${token.slice(3)}`)).toBeUndefined();
    expect(parseToken(token.slice(0, -1))).toBeUndefined();
    expect(parseToken('sk_not-a-token')).toBeUndefined();
    expect(parseToken('')).toBeUndefined();
  });

  it('redacts to the prefix, 4 body characters, an ellipsis and the last 4', () => {
    const token = formatToken('organization_access_key', bytes);
    expect(redactToken(token)).toBe(`oak_${token.slice(4, 8)}…${token.slice(-4)}`);
  });

  it('pads base62 to the requested width', () => {
    expect(toBase62(Buffer.from([0]), 3)).toBe('000');
    expect(toBase62(Buffer.from([61]), 2)).toBe('0z');
    expect(toBase62(Buffer.from([62]), 2)).toBe('10');
  });
});
