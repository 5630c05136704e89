import { ConfigError, loadConfig, parseDurationSeconds } from './config';

describe('loadConfig', () => {
  it('has working defaults for development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 9000,
      databaseUrl: undefined,
      dataDir: 'data',
      jwtExpiresInSeconds: 86400,
      allowQueryToken: true,
      cookieSecure: false,
      corsOrigins: true,
    });
  });

  it('requires a real JWT_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      'JWT_SECRET is required when NODE_ENV=production',
    );
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'supersecret' })).toThrow(
      'JWT_SECRET must be a random value of at least 32 characters in production',
    );
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) });
    expect(config.cookieSecure).toBe(true);
  });

  it('lists every bad value at once', () => {
    let error: unknown;
    try {
      loadConfig({
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
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(
      loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.7,loopback, fd00::/8' }).trustProxy,
    ).toEqual(['10.0.0.0/8', '192.0.2.7', 'loopback', 'fd00::/8']);
    expect(() => loadConfig({ TRUST_PROXY: '2' })).toThrow(
      'TRUST_PROXY must be true, false, or proxy addresses and CIDR ranges (got "2")',
    );
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33,proxy.internal,127.0.0.1' })).toThrow(
      '(got "10.0.0.0/33, proxy.internal")',
    );
  });

  it('reads CORS origins as a list', () => {
    expect(
      loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins,
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
  ])('%s → %i seconds', (input, seconds) => expect(parseDurationSeconds(input)).toBe(seconds));

  it.each(['', '0', '-5m', '1w', 'soon'])('rejects %p', (input) =>
    expect(parseDurationSeconds(input)).toBeUndefined(),
  );
});
