import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError, loadConfig, loadDotEnv, parseDurationSeconds } from './config';

const SECRET = { JWT_SECRET: 'a-test-secret-that-is-long-enough-0123456789' };
const PRODUCTION = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db.internal/gatehouse' };

describe('loadConfig', () => {
  it('has working defaults for development', () => {
    const config = loadConfig(SECRET);
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 9000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: 'data',
      jwtExpiresInSeconds: 86400,
      allowQueryToken: true,
      cookieSecure: false,
      corsOrigins: true,
    });
  });

  describe('without JWT_SECRET outside production', () => {
    let dataDir: string;
    beforeEach(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-config-'));
    });
    afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

    it('signs with a random secret made at the first start and kept, mode 0600, in DATA_DIR', () => {
      const first = loadConfig({ DATA_DIR: dataDir });
      const file = join(dataDir, 'jwt-secret');
      expect(first.jwtSecretFile).toBe(file);
      expect(first.jwtSecret).toBe(readFileSync(file, 'utf8'));
      expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(loadConfig({ DATA_DIR: dataDir }).jwtSecret).toBe(first.jwtSecret);
    });

    it('never signs two installations with the same secret (none comes from the source)', () => {
      const other = mkdtempSync(join(tmpdir(), 'gatehouse-config-'));
      try {
        expect(loadConfig({ DATA_DIR: other }).jwtSecret).not.toBe(
          loadConfig({ DATA_DIR: dataDir }).jwtSecret,
        );
      } finally {
        rmSync(other, { recursive: true, force: true });
      }
    });

    it('uses JWT_SECRET when it is set, and writes nothing', () => {
      const config = loadConfig({ ...SECRET, DATA_DIR: dataDir });
      expect(config).toMatchObject({ jwtSecret: SECRET.JWT_SECRET, jwtSecretFile: undefined });
      expect(() => statSync(join(dataDir, 'jwt-secret'))).toThrow();
    });
  });

  it('refuses the embedded database in production unless EMBEDDED_DATABASE=true says it is meant', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) };
    expect(() => loadConfig(production)).toThrow(
      'DATABASE_URL is required when NODE_ENV=production (set EMBEDDED_DATABASE=true to run the embedded PostgreSQL on purpose)',
    );
    expect(loadConfig({ ...production, EMBEDDED_DATABASE: 'true' }).databaseUrl).toBeUndefined();
  });

  it('listens on every interface only in production, unless HOST says otherwise', () => {
    expect(loadConfig(SECRET).host).toBe('127.0.0.1');
    expect(loadConfig({ ...SECRET, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ ...PRODUCTION, JWT_SECRET: 'x'.repeat(40) }).host).toBe('0.0.0.0');
  });

  it('requires a real JWT_SECRET in production', () => {
    expect(() => loadConfig(PRODUCTION)).toThrow('JWT_SECRET is required when NODE_ENV=production');
    expect(() => loadConfig({ ...PRODUCTION, JWT_SECRET: 'supersecret' })).toThrow(
      'JWT_SECRET must be a random value of at least 32 characters in production',
    );
    const config = loadConfig({ ...PRODUCTION, JWT_SECRET: 'x'.repeat(40) });
    expect(config.cookieSecure).toBe(true);
  });

  it('lists every bad value at once', () => {
    let error: unknown;
    try {
      loadConfig({
        ...SECRET,
        PORT: 'abc',
        JWT_EXPIRES_IN: 'forever',
        ALLOW_QUERY_TOKEN: 'maybe',
        DATABASE_URL: 'mysql://x',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'PORT must be an integer between 0 and 65535 (got "abc")',
      'JWT_EXPIRES_IN must be a duration such as 3600, 15m, 12h or 1d (got "forever")',
      'DATABASE_URL must be a postgres:// URL',
      'ALLOW_QUERY_TOKEN must be true or false (got "maybe")',
    ]);
  });

  it('trusts no proxy unless TRUST_PROXY names them', () => {
    expect(loadConfig(SECRET).trustProxy).toBe(false);
    expect(loadConfig({ ...SECRET, TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ ...SECRET, TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(
      loadConfig({ ...SECRET, TRUST_PROXY: '10.0.0.0/8, 192.0.2.7,loopback, fd00::/8' }).trustProxy,
    ).toEqual(['10.0.0.0/8', '192.0.2.7', 'loopback', 'fd00::/8']);
    expect(() => loadConfig({ ...SECRET, TRUST_PROXY: '2' })).toThrow(
      'TRUST_PROXY must be true, false, or proxy addresses and CIDR ranges (got "2")',
    );
    expect(() =>
      loadConfig({ ...SECRET, TRUST_PROXY: '10.0.0.0/33,proxy.internal,127.0.0.1' }),
    ).toThrow('(got "10.0.0.0/33, proxy.internal")');
  });

  it('refuses in production TRUST_PROXY=true, a weak previous secret, and a previous secret equal to the current', () => {
    const production = { ...PRODUCTION, ...SECRET };
    expect(() => loadConfig({ ...production, TRUST_PROXY: 'true' })).toThrow(
      'TRUST_PROXY=true is refused in production',
    );
    expect(loadConfig({ ...production, TRUST_PROXY: '10.0.0.0/8' }).trustProxy).toEqual([
      '10.0.0.0/8',
    ]);
    expect(() => loadConfig({ ...production, JWT_SECRET_PREVIOUS: 'supersecret' })).toThrow(
      'JWT_SECRET_PREVIOUS must be a random value of at least 32 characters in production',
    );
    expect(() => loadConfig({ ...SECRET, JWT_SECRET_PREVIOUS: SECRET.JWT_SECRET })).toThrow(
      'JWT_SECRET_PREVIOUS is the same as JWT_SECRET',
    );
    const previous = 'the-secret-before-the-rotation-0123456789';
    expect(loadConfig({ ...production, JWT_SECRET_PREVIOUS: previous }).jwtSecretPrevious).toBe(
      previous,
    );
  });

  it('serves Swagger outside production, and in production only with DOCS=true', () => {
    expect(loadConfig(SECRET).docs).toBe(true);
    expect(loadConfig({ ...PRODUCTION, ...SECRET }).docs).toBe(false);
    expect(loadConfig({ ...PRODUCTION, ...SECRET, DOCS: 'true' }).docs).toBe(true);
    expect(loadConfig({ ...SECRET, DOCS: 'false' }).docs).toBe(false);
  });

  it('.env.example is a valid configuration as it stands, and names every variable Gatehouse reads', () => {
    const example = parseEnv(readFileSync(join(__dirname, '../../.env.example'), 'utf8'));
    expect(() => loadConfig(example)).not.toThrow();
    const source = readFileSync(join(__dirname, 'config.ts'), 'utf8');
    const start = source.indexOf('class Environment {');
    const schema = source.slice(start, source.indexOf('\n}\n', start));
    const read = [...schema.matchAll(/\b([A-Z][A-Z_]+)\?: /g)].map((match) => match[1]);
    expect(read.length).toBeGreaterThan(20);
    expect(read.filter((name) => !(name! in example))).toEqual([]);
  });

  it('reads .env when there is one; the environment wins over it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-dotenv-'));
    const file = join(dir, '.env');
    writeFileSync(file, 'GATEHOUSE_DOTENV_A=from-file\nGATEHOUSE_DOTENV_B=from-file\n');
    const env: NodeJS.ProcessEnv = { GATEHOUSE_DOTENV_A: 'from-environment' };
    try {
      expect(loadDotEnv(join(dir, 'missing.env'), env)).toBe(false);
      expect(loadDotEnv(file, env)).toBe(true);
      expect(env).toEqual({
        GATEHOUSE_DOTENV_A: 'from-environment',
        GATEHOUSE_DOTENV_B: 'from-file',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads CORS origins as a list', () => {
    expect(
      loadConfig({ ...SECRET, CORS_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins,
    ).toEqual(['https://a.example', 'https://b.example']);
  });
});

describe('parseDurationSeconds', () => {
  it.each([
    ['3600', 3600],
    ['30s', 30],
    ['15m', 900],
    ['12h', 43200],
    ['1d', 86400],
    ['2w', 1209600],
    ['1.5h', 5400],
  ])('%s → %i seconds', (input, seconds) => expect(parseDurationSeconds(input)).toBe(seconds));

  it.each(['', '0', '-5m', '500ms', 'soon'])('rejects %p', (input) =>
    expect(parseDurationSeconds(input)).toBeUndefined(),
  );
});
