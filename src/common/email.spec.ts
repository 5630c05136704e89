import { normalizeEmail } from './email';

describe('normalizeEmail', () => {
  it.each([
    ['trimmed and lower-cased', '  Admin@Example.COM ', 'admin@example.com'],
    ['full-width letters (NFKC)', 'ａｄｍｉｎ@ｅｘａｍｐｌｅ.com', 'admin@example.com'],
    ['a Unicode domain as its A-label', 'ana@exämple.com', 'ana@xn--exmple-cua.com'],
    ['an A-label as it is', 'ana@XN--EXMPLE-CUA.com', 'ana@xn--exmple-cua.com'],
    ['the ligature ﬁ (NFKC)', 'ﬁnance@example.com', 'finance@example.com'],
    ['plus addressing kept', 'a+shop@example.com', 'a+shop@example.com'],
  ])('%s', (_case, email, normalized) => {
    expect(normalizeEmail(email)).toBe(normalized);
  });

  it.each([
    ['a soft hyphen', 'ad\u00ADmin@example.com', 'email must not contain invisible characters'],
    [
      'a zero-width space in the domain',
      'admin@exa\u200Bmple.com',
      'email must not contain invisible characters',
    ],
    [
      'a zero-width joiner',
      'ad\u200Dmin@example.com',
      'email must not contain invisible characters',
    ],
    ['a blank inside', 'ad min@example.com', 'email must not contain invisible characters'],
    [
      'a non-ASCII local part',
      'josé@example.com',
      'email must have a local part (before the @) of printable ASCII characters',
    ],
    [
      'a Cyrillic look-alike local part',
      'аdmin@example.com',
      'email must have a local part (before the @) of printable ASCII characters',
    ],
    ['no @', 'admin.example.com', 'email must be a valid email address'],
    ['an empty domain', 'admin@', 'email must be a valid email address'],
  ])('refuses %s', (_case, email, message) => {
    expect(() => normalizeEmail(email)).toThrow(message);
  });
});
