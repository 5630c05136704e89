import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApiKey } from '../helpers/api-keys';
import { startTestApp, TestApp } from '../helpers/app';
import { createAdmin, uniqueEmail } from '../helpers/factories';
import { routes } from '../helpers/routes';

const ROOT = join(__dirname, '../..');

describe('Platform: route access, Swagger, health, logs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ captureLogs: true });
  });
  afterAll(() => t.close());

  const routeTable = () => routes(t.app);

  it('every route declares @Public() or @AllowedAuth() (secure by default)', () => {
    const table = routeTable();
    expect(table.length).toBeGreaterThan(5);
    expect(table.filter((entry) => !entry.access).map((entry) => entry.route)).toEqual([]);
  });

  it('only login, register, device login, health, customer sign-up and the (publishable-key) store catalogue are reachable without credentials', () => {
    const open = routeTable()
      .filter(({ access }) => access?.public || (access && !access.public && access.optional))
      .map(({ route }) => route)
      .sort();
    expect(open).toEqual([
      'GET /health',
      'GET /health/live',
      'GET /health/ready',
      'GET /store/products',
      'POST /auth/:actor/emailpass',
      'POST /auth/:actor/emailpass/register',
      'POST /auth/:actor/emailpass/reset-password',
      'POST /auth/:actor/emailpass/update',
      'POST /auth/device/code',
      'POST /auth/device/token',
      'POST /auth/token/refresh',
      'POST /store/customers',
    ]);
  });

  it('every /cloud route takes a JWT (Bearer or cookie) or an access key; only organization-wide ones admit an organization key', () => {
    const cloud = routeTable().filter(({ route }) => route.includes(' /cloud/'));
    expect(cloud.length).toBeGreaterThan(20);
    for (const { route, access } of cloud) {
      const personal = route.includes('/cloud/me') || route === 'POST /cloud/organizations';
      expect(access).toMatchObject({
        public: false,
        methods: ['bearer', 'session', 'access-key'],
        actors: personal ? ['user'] : ['user', 'organization'],
      });
    }
  });

  it('every /admin route declares its permissions (@RequirePermissions), none is left unguarded', () => {
    const admin = routeTable().filter(({ route }) => route.includes(' /admin/'));
    expect(admin.filter(({ permissions }) => !permissions).map(({ route }) => route)).toEqual([]);
    expect(routeTable().find(({ route }) => route === 'GET /admin/users/me')?.permissions).toEqual(
      [],
    );
  });

  it('every /admin route is for users only', () => {
    const admin = routeTable().filter(({ route }) => route.includes(' /admin/'));
    expect(admin.length).toBeGreaterThan(0);
    for (const { access } of admin)
      expect(access).toMatchObject({ public: false, actors: ['user'] });
  });

  it('serves the OpenAPI document committed in docs/openapi.json, from which the console client is generated', async () => {
    const served = (await t.http.get('/docs-json').expect(200)).body;
    const committed = JSON.parse(readFileSync(join(ROOT, 'docs/openapi.json'), 'utf8'));
    // When this fails, the API changed: run `npm run console:api` and commit both files.
    expect(served).toEqual(committed);
    // The console workspace's openapi-typescript (its own copy, or the hoisted one), as
    // `npm run console:api` runs it.
    const bin = ['console/node_modules/.bin', 'node_modules/.bin']
      .map((dir) => join(ROOT, dir, 'openapi-typescript'))
      .find((path) => existsSync(path));
    const generated = execFileSync(bin ?? 'openapi-typescript', ['../docs/openapi.json'], {
      cwd: join(ROOT, 'console'),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    expect(generated).toBe(readFileSync(join(ROOT, 'console/src/api/schema.d.ts'), 'utf8'));
  });

  it('serves the console: pages never cached, hashed assets for a year, its own strict CSP', async () => {
    await t.http.get('/console').expect(301).expect('location', '/console/');
    const index = await t.http.get('/console/').expect(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect(index.headers['cache-control']).toBe('no-store');
    expect(index.headers['content-security-policy']).toMatch(/script-src 'self';/);
    expect(index.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    // The page's own routes are the same page; its router draws them.
    const deep = await t.http.get('/console/organizations/org_1/members').expect(200);
    expect(deep.text).toBe(index.text);
    const asset = /\/console\/(assets\/[^"]+\.js)"/.exec(index.text)?.[1];
    expect(asset).toBeDefined();
    const script = await t.http.get(`/console/${asset}`).expect(200);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // Nothing outside the build is reachable, however the path is spelled.
    for (const path of [
      '/console/../package.json',
      '/console/%2e%2e/package.json',
      '/console/..%2fpackage.json',
    ]) {
      const response = await t.http.get(path);
      expect(response.text).not.toContain('"name": "gatehouse"');
    }
    // The API keeps its own CSP.
    const api = await t.http.get('/health').expect(200);
    expect(api.headers['content-security-policy']).toMatch(/script-src 'self' 'unsafe-inline'/);
  });

  it('serves Swagger UI at /docs and the OpenAPI document at /docs-json', async () => {
    const ui = await t.http.get('/docs').expect(200);
    expect(ui.text).toContain('swagger-ui');
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(
      [
        'access-key',
        'api-key',
        'api-key-basic',
        'api-key-query',
        'jwt',
        'publishable-key',
        'session-cookie',
        'reset-token',
      ].sort(),
    );
    const adminSecurity = [
      { jwt: [] },
      { 'session-cookie': [] },
      { 'api-key': [] },
      { 'api-key-query': [] },
      { 'api-key-basic': [] },
    ];
    for (const [path, operations] of Object.entries(
      doc.paths as Record<string, Record<string, { security?: unknown }>>,
    )) {
      if (!path.startsWith('/admin/')) continue;
      for (const operation of Object.values(operations))
        expect(operation.security).toEqual(adminSecurity);
    }
    for (const [path, operations] of Object.entries(
      doc.paths as Record<string, Record<string, { security?: unknown }>>,
    )) {
      if (!path.startsWith('/cloud/')) continue;
      for (const operation of Object.values(operations)) {
        expect(operation.security).toEqual([
          { jwt: [] },
          { 'session-cookie': [] },
          { 'access-key': [] },
        ]);
      }
    }
    expect(doc.components.schemas.ApiKeyList).toMatchObject({
      type: 'object',
      properties: {
        api_keys: { type: 'array', items: { $ref: '#/components/schemas/ApiKeyResponse' } },
        count: { type: 'number' },
        offset: { type: 'number' },
        limit: { type: 'number' },
      },
    });
    expect(
      doc.paths['/admin/users'].get.responses['200'].content['application/json'].schema.$ref,
    ).toBe('#/components/schemas/UserList');
    expect(doc.paths['/store/products'].get.security).toEqual([{ 'publishable-key': [] }]);
    expect(doc.paths['/store/customers/me'].get.security).toEqual([
      { jwt: [] },
      { 'session-cookie': [] },
    ]);
    expect(
      doc.paths['/auth/{actor}/emailpass'].post.requestBody.content['application/json'].schema.$ref,
    ).toBe('#/components/schemas/EmailPassLoginDto');
    expect(
      doc.paths['/store/customers'].post.responses['200'].content['application/json'].schema.$ref,
    ).toBe('#/components/schemas/CustomerEnvelope');
  });

  it('GET /health reports the database', async () => {
    const response = await t.http.get('/health').expect(200);
    expect(response.body).toEqual({ status: 'ok', database: 'up' });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'referrer-policy': 'no-referrer',
    });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    const notFound = await t.http.get('/nothing').expect(404);
    expect(notFound.headers['x-content-type-options']).toBe('nosniff');
  });

  it("keeps a caller's x-request-id when it looks like an id, and replaces any other", async () => {
    const traced = await t.http.get('/health').set('X-Request-Id', 'trace-42.a:b').expect(200);
    expect(traced.headers['x-request-id']).toBe('trace-42.a:b');
    for (const unfit of ['x'.repeat(129), 'a b', '<script>']) {
      const replaced = await t.http.get('/health').set('X-Request-Id', unfit).expect(200);
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('forbids caching of API responses (tokens, keys, errors), not of Swagger UI files', async () => {
    const admin = await createAdmin(t, uniqueEmail('cached'), 'a-password-to-cache');
    const login = await t.http
      .post('/auth/user/emailpass')
      .send({ email: admin.email, password: 'a-password-to-cache' })
      .expect(200);
    expect(login.headers['cache-control']).toBe('no-store');
    const me = await t.http.get('/admin/users/me').set('Authorization', `Bearer ${admin.token}`);
    expect(me.headers['cache-control']).toBe('no-store');
    const refused = await t.http.get('/admin/users/me').expect(401);
    expect(refused.headers['cache-control']).toBe('no-store');
    const stylesheet = await t.http.get('/docs/swagger-ui.css').expect(200);
    expect(stylesheet.headers['cache-control']).toBe('public, max-age=0');
  });

  it('logs one JSON line a request, and never a password or token', async () => {
    const admin = await createAdmin(t, uniqueEmail('logged'), 'my-very-secret-password');
    await t.http.get('/admin/users/me').set('Authorization', `Bearer ${admin.token}`).expect(200);
    await t.http.get(`/admin/users/me?api_token=${admin.token}`).expect(401);
    await t.http
      .post('/auth/user/emailpass')
      .send({ email: admin.email, password: 'my-very-secret-password' })
      .expect(200);
    await t.http
      .post('/auth/user/emailpass')
      .send({ email: admin.email, password: 'wrong-password-here' })
      .expect(401);

    // The server decodes `api%5Ftoken` as `api_token`, and authenticates with it: the log must not keep it.
    const key = await createApiKey(t, admin.token, 'secret');
    await t.http.get(`/admin/users/me?api%5Ftoken=${key.token}`).expect(200);
    await t.http.get(`/admin/users/me?whatever=${encodeURIComponent(key.token)}`).expect(401);

    const logs = t.logs.join('');
    expect(logs).not.toContain(key.token);
    expect(logs).not.toContain(key.token.slice(3));
    expect(logs).not.toContain('my-very-secret-password');
    expect(logs).not.toContain('wrong-password-here');
    expect(logs).not.toContain(admin.token);
    expect(logs).not.toContain(admin.token.split('.')[2]);
    const lines = t.logs
      .flatMap((chunk) => chunk.trim().split('\n'))
      .map((line) => JSON.parse(line));
    const meLine = lines.find((line) => line.url === '/admin/users/me' && line.status === 200);
    expect(meLine).toMatchObject({ method: 'GET', status: 200, msg: 'request' });
    expect(typeof meLine.reqId).toBe('string');
    expect(typeof meLine.ms).toBe('number');
    expect(lines.some((line) => line.url === '/admin/users/me?api_token=[redacted]')).toBe(true);
  });
});
