import { AddressInfo, connect } from 'node:net';
import { startTestApp, TestApp } from '../helpers/app';
import { Actor, createAdmin } from '../helpers/factories';

/** Input that is malformed before any route's rules apply: the answer is a 400 in our shape, never a 500. */
describe('Request validation', () => {
  let t: TestApp;
  let admin: Actor;
  const auth = () => ({ Authorization: `Bearer ${admin.token}` });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());

  describe('NUL characters, which PostgreSQL cannot store', () => {
    it('are refused in a JSON body, naming the field, and nothing is written', async () => {
      const response = await t.http
        .post('/admin/products')
        .set(auth())
        .send({ title: 'Shirt\u0000' })
        .expect(400);
      expect(response.body).toEqual({
        type: 'invalid_data',
        message: 'title must not contain the NUL character (\\u0000)',
      });
      const nested = await t.http
        .post('/admin/roles')
        .set(auth())
        .send({ name: 'support', permissions: ['products:read', 'x\u0000'] })
        .expect(400);
      expect(nested.body.message).toBe(
        'permissions.1 must not contain the NUL character (\\u0000)',
      );
      const products = await t.http.get('/admin/products').set(auth()).expect(200);
      expect(products.body.count).toBe(0);
    });

    it('are refused in a path parameter and in the query', async () => {
      const byId = await t.http.get('/admin/products/prod_%00').set(auth()).expect(400);
      expect(byId.body).toEqual({
        type: 'invalid_data',
        message: 'id must not contain the NUL character (\\u0000)',
      });
      const search = await t.http.get('/admin/users?q=ada%00').set(auth()).expect(400);
      expect(search.body.message).toBe('q must not contain the NUL character (\\u0000)');
    });

    it('are refused at login before any lookup (the guard validates the body itself)', async () => {
      const response = await t.http
        .post('/auth/user/emailpass')
        .send({ email: admin.email, password: `${admin.password}\u0000` })
        .expect(400);
      expect(response.body.message).toBe('password must not contain the NUL character (\\u0000)');
    });
  });

  describe('request bodies are JSON', () => {
    // Medusa's JS SDK sends `Content-Type: application/json` with no body on revoke and refresh.
    it('an empty body with a JSON content type is an empty object', async () => {
      const key = await t.http
        .post('/admin/api-keys')
        .set(auth())
        .send({ title: 'to revoke', type: 'secret' })
        .expect(200);
      const revoked = await t.http
        .post(`/admin/api-keys/${key.body.api_key.id}/revoke`)
        .set(auth())
        .set('Content-Type', 'application/json')
        .expect(200);
      expect(revoked.body.api_key.revoked_at).not.toBeNull();
      const missing = await t.http
        .post('/admin/products')
        .set(auth())
        .set('Content-Type', 'application/json')
        .expect(400);
      expect(missing.body).toEqual({ type: 'invalid_data', message: 'title must be a string' });
    });

    it.each([
      ['form-encoded', 'application/x-www-form-urlencoded', 'title=Shirt'],
      ['plain text', 'text/plain', '{"title": "Shirt"}'],
      ['XML', 'application/xml', '<title>Shirt</title>'],
    ])('a %s body gets 415, saying to send JSON', async (_kind, type, body) => {
      const response = await t.http
        .post('/admin/products')
        .set(auth())
        .set('Content-Type', type)
        .send(body)
        .expect(415);
      expect(response.body).toEqual({
        type: 'invalid_data',
        message: 'Send the request body as JSON, with Content-Type: application/json',
      });
    });
  });

  describe('values PostgreSQL cannot store, and unbounded ones, are 400 naming the field', () => {
    it.each([
      [
        'an audit filter before the year 1',
        'get',
        '/admin/audit-events?from=-271821-04-20T00:00:00Z',
        undefined,
        'from must be in the year 1 or later',
      ],
      [
        'an audit filter after the year 9999',
        'get',
        '/admin/audit-events?to=%2B275760-09-13T00:00:00Z',
        undefined,
        'to must be in the year 9999 or earlier',
      ],
      [
        'an audit filter that is no date',
        'get',
        '/admin/audit-events?from=yesterday',
        undefined,
        'from must be an ISO 8601 date',
      ],
      [
        'a key expiring after the year 9999',
        'post',
        '/admin/api-keys',
        { title: 'far', type: 'secret', expires_at: '+010000-01-01T00:00:00Z' },
        'expires_at must be in the year 9999 or earlier',
      ],
      [
        'a revocation a century away',
        'post',
        '/admin/api-keys/apk_x/revoke',
        { revoke_in: 1e12 },
        'revoke_in must not be greater than',
      ],
      [
        'a page offset past 2^53',
        'get',
        '/admin/users?offset=9007199254740993',
        undefined,
        'offset must not be greater than',
      ],
      [
        'a role id of 101 characters',
        'post',
        `/admin/users/user_x/roles`,
        { add: ['r'.repeat(101)] },
        'each value in add must be shorter than or equal to 100 characters',
      ],
    ] as const)('%s', async (_case, method, path, body, message) => {
      const response = await t.http[method](path).set(auth()).send(body);
      expect(response.status).toBe(400);
      expect(response.body.type).toBe('invalid_data');
      expect(response.body.message).toContain(message);
    });
  });

  it('refuses a lone surrogate, which PostgreSQL would store as U+FFFD while we answered with the original', async () => {
    const response = await t.http
      .post('/admin/products')
      .set('content-type', 'application/json')
      .set(auth())
      .send('{"title":"Shirt \\ud800"}')
      .expect(400);
    expect(response.body.message).toBe('title must not contain a lone surrogate (invalid Unicode)');
    const paired = await t.http.post('/admin/products').set(auth()).send({ title: 'Shirt 😀' });
    expect(paired.status).toBe(200);
    expect(paired.body.product.title).toBe('Shirt 😀');
  });

  it('refuses JSON nested deeper than 32 levels instead of running out of stack', async () => {
    const depth = 20_000;
    const response = await t.http
      .post('/admin/roles')
      .set('content-type', 'application/json')
      .set(auth())
      .send(`{"name":"deep","permissions":${'['.repeat(depth)}${']'.repeat(depth)}}`)
      .expect(400);
    expect(response.body).toEqual({
      type: 'invalid_data',
      message: 'permissions must not nest deeper than 32 levels',
    });
  });

  it('refuses an offset past the largest safe integer (it overflowed PostgreSQL before)', async () => {
    const response = await t.http
      .get('/admin/users?offset=99999999999999999999')
      .set(auth())
      .expect(400);
    expect(response.body.message).toBe('offset must not be greater than 9007199254740991');
  });

  describe('URLs the router refuses before any route runs', () => {
    it('answers malformed percent-encoding in our shape, with the usual headers', async () => {
      const response = await t.http.get('/admin/products/%E0%A4%A').set(auth()).expect(400);
      expect(response.body).toEqual({
        type: 'invalid_data',
        message: 'Request URL is not valid: malformed percent-encoding',
      });
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('answers an over-long path parameter with 414 in our shape', async () => {
      const response = await t.http
        .get(`/admin/products/${'a'.repeat(101)}`)
        .set(auth())
        .expect(414);
      expect(response.body).toEqual({
        type: 'invalid_data',
        message: 'A path parameter is longer than 100 characters',
      });
    });
  });

  describe('requests the HTTP parser refuses', () => {
    /** Sends raw bytes to the listening app and returns everything it answers before closing. */
    async function rawHttp(request: string): Promise<string> {
      const server = t.app.getHttpServer();
      if (!server.listening) await t.app.listen(0, '127.0.0.1');
      const { port } = server.address() as AddressInfo;
      return new Promise((done, fail) => {
        let answer = '';
        const socket = connect(port, '127.0.0.1', () => socket.write(request));
        socket.on('data', (chunk) => (answer += chunk.toString()));
        socket.on('close', () => done(answer));
        socket.on('error', fail);
      });
    }

    it('answers headers over 16 KB with 431 in our shape', async () => {
      const answer = await rawHttp(
        `GET /health HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
      expect(answer).toContain('\r\nCache-Control: no-store\r\n');
      expect(answer.split('\r\n\r\n')[1]).toBe(
        '{"type":"invalid_data","message":"Request headers are too large"}',
      );
    });

    it('answers a malformed request line with 400 in our shape', async () => {
      const answer = await rawHttp('GET /health HTTP/1.1 extra\r\nHost: localhost\r\n\r\n');
      expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(answer.split('\r\n\r\n')[1]).toBe(
        '{"type":"invalid_data","message":"Malformed HTTP request"}',
      );
    });
  });

  describe('messages for a missing or mistyped field', () => {
    it('say what the field must be, not a length rule it trivially fails', async () => {
      const missing = await t.http.post('/auth/user/emailpass/reset-password').send({}).expect(400);
      expect(missing.body.message).toBe('identifier must be a string');
      const mistyped = await t.http.post('/admin/products').set(auth()).send({ title: 42 });
      expect(mistyped.status).toBe(400);
      expect(mistyped.body.message).toBe('title must be a string');
      const noArray = await t.http.post('/admin/roles').set(auth()).send({ name: 'support' });
      expect(noArray.body.message).toBe('permissions must be an array');
    });

    it('still name the rule a well-typed value breaks', async () => {
      const tooLong = await t.http
        .post('/admin/products')
        .set(auth())
        .send({ title: 'x'.repeat(256) })
        .expect(400);
      expect(tooLong.body.message).toBe('title must be shorter than or equal to 255 characters');
      const notAnInteger = await t.http.get('/admin/users?limit=abc').set(auth()).expect(400);
      expect(notAnInteger.body.message).toBe('limit must be an integer number');
    });
  });
});
