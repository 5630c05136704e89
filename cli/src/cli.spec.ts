import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessKeyAuth } from './api';
import { configDir, jwtExpiry, LoginStore } from './credentials';
import { EXIT, exitCodeFor } from './errors';
import { table } from './output';

describe('the login store', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'gatehouse-store-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const login = (token: string) => ({
    token,
    refresh_token: `rt_${token}`,
    user: { id: 'user_1', email: 'a@example.com' },
    logged_in_at: '2026-12-03T00:00:00.000Z',
  });

  it('keeps one login per server, in a file only its user can read, leaving no temporary file', () => {
    const store = new LoginStore(join(dir, 'gatehouse'));
    store.set('http://a', login('one'));
    store.set('http://b', login('two'));
    expect(store.get('http://a')?.token).toBe('one');
    expect(store.get('http://b')?.token).toBe('two');
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'gatehouse')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(dir, 'gatehouse'))).toEqual(['credentials.json']);
  });

  it('forgets a login, and removes the file with the last one', () => {
    const store = new LoginStore(dir);
    store.set('http://a', login('one'));
    store.set('http://b', login('two'));
    expect(store.delete('http://a')).toBe(true);
    expect(store.get('http://a')).toBeUndefined();
    expect(store.delete('http://a')).toBe(false);
    store.delete('http://b');
    expect(() => statSync(store.path)).toThrow();
  });

  it('lives in GATEHOUSE_CONFIG_DIR, else XDG_CONFIG_HOME/gatehouse', () => {
    expect(configDir({ GATEHOUSE_CONFIG_DIR: '/x' })).toBe('/x');
    expect(configDir({ XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/gatehouse');
  });
});

describe('credentials and answers', () => {
  it('reads a JWT expiry without verifying it, and nothing from a non-JWT', () => {
    const payload = Buffer.from(JSON.stringify({ exp: 1234 })).toString('base64url');
    expect(jwtExpiry(`e30.${payload}.sig`)).toBe(1234);
    expect(jwtExpiry('not a jwt')).toBeUndefined();
  });

  it('takes only access keys as access keys', () => {
    expect(new AccessKeyAuth('oak_x').kind).toBe('organization_access_key');
    expect(new AccessKeyAuth('pak_x').kind).toBe('personal_access_key');
    expect(() => new AccessKeyAuth('sk_x')).toThrow(/oak_ or pak_/);
  });

  it.each([
    [401, EXIT.unauthenticated],
    [403, EXIT.forbidden],
    [404, EXIT.notFound],
    [400, EXIT.error],
    [409, EXIT.error],
    [500, EXIT.error],
  ])('maps HTTP %i to exit %i', (status, code) => {
    expect(exitCodeFor(status)).toBe(code);
  });

  it('aligns a table under upper-case headers, with - for nothing', () => {
    const rows = [
      { id: 'a', name: 'first', used: null },
      { id: 'bbbb', name: 'x', used: 'today' },
    ];
    expect(
      table(
        rows,
        [
          ['id', (r) => r.id],
          ['name', (r) => r.name],
          ['last used', (r) => r.used],
        ],
        'none',
      ),
    ).toBe('ID    NAME   LAST USED\na     first  -\nbbbb  x      today');
    expect(table([], [['id', () => '']], 'No keys.')).toBe('No keys.');
  });
});
