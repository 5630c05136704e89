import { randomBytes } from 'node:crypto';
import { ID_PREFIXES } from '../ids';
import { redactUrl } from '../logging';
import { formatToken, parseToken } from './token-format';
import { KEY_KINDS, prefixOf, TOKEN_KIND_NAMES, TOKEN_KINDS } from './token-kinds';

describe('the table of token kinds', () => {
  it('gives every kind its own prefix, and no id shares one', () => {
    const prefixes = TOKEN_KIND_NAMES.map(prefixOf);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    expect(
      prefixes.filter((prefix) => (ID_PREFIXES as readonly string[]).includes(prefix)),
    ).toEqual([]);
  });

  it.each(TOKEN_KIND_NAMES)(
    'formats %s as its prefix and 43 characters, plus a checksum for keys',
    (kind) => {
      const token = formatToken(kind, randomBytes(32));
      const checksum = TOKEN_KINDS[kind].checksum ? 6 : 0;
      expect(token).toMatch(new RegExp(`^${prefixOf(kind)}_[0-9A-Za-z]{${43 + checksum}}$`));
      expect(parseToken(token)).toBe(TOKEN_KINDS[kind].checksum ? kind : undefined);
    },
  );

  it('makes the long-lived keys the ones with a checksum', () => {
    expect(KEY_KINDS).toEqual([
      'secret_api_key',
      'publishable_api_key',
      'organization_access_key',
      'personal_access_key',
    ]);
  });

  it.each(TOKEN_KIND_NAMES)('keeps a %s out of the logs under any parameter name', (kind) => {
    const token = formatToken(kind, randomBytes(32));
    expect(redactUrl(`/x?note=${token}&${token}=1`)).not.toContain(token.slice(-8));
  });
});
