import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, TestApp } from '../helpers/app';
import { createAdmin, type Actor } from '../helpers/factories';
import { bearer, createAccessKey, createOrganization } from '../helpers/organizations';

/**
 * The built `gatehouse` (cli/, built by `npm ci` and by `npm run test:e2e`) run as a separate process
 * against a listening app, as a person and as a CI job would run it.
 */
const BIN = join(__dirname, '../../cli/bin/gatehouse.js');

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('the gatehouse CLI', () => {
  let t: TestApp;
  let url: string;
  let admin: Actor;
  let configDir: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    admin = await createAdmin(t);
    configDir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
  });
  afterAll(async () => {
    rmSync(configDir, { recursive: true, force: true });
    await t.close();
  });

  function environment(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: configDir,
      GATEHOUSE_URL: url,
      GATEHOUSE_CONFIG_DIR: configDir,
    };
    for (const [name, value] of Object.entries(extra)) if (value !== undefined) env[name] = value;
    return env;
  }

  function finished(child: ChildProcess): Promise<Ran> {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((done, fail) => {
      child.on('error', fail);
      child.on('close', (code) => done({ code, stdout, stderr }));
    });
  }

  /** `gatehouse …args` with no terminal, as in CI. */
  function gatehouse(
    args: string[],
    options: { env?: Record<string, string | undefined>; input?: string } = {},
  ): Promise<Ran> {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: environment(options.env ?? {}),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin?.end(options.input ?? '');
    return finished(child);
  }

  const json = (ran: Ran) => {
    expect(ran).toMatchObject({ code: 0 });
    return JSON.parse(ran.stdout);
  };

  describe('in CI, with an organization access key', () => {
    let orgId: string;
    let key: string;
    let ci: { GATEHOUSE_ACCESS_KEY: string };
    const transcripts: Ran[] = [];
    const ciRun = async (args: string[]) => {
      const ran = await gatehouse(args, { env: ci });
      transcripts.push(ran);
      return ran;
    };

    beforeAll(async () => {
      orgId = await createOrganization(t, admin.token, 'Acme CLI');
      await t.http
        .post(`/cloud/organizations/${orgId}/projects`)
        .set(bearer(admin.token))
        .send({ name: 'web' })
        .expect(200);
      key = (await createAccessKey(t, admin.token, orgId, 'github actions')).token;
      ci = { GATEHOUSE_ACCESS_KEY: key };
    });

    it('creates, lists and deletes a preview environment', async () => {
      const created = json(
        await ciRun(['environments', 'create', 'preview-42', '--project', 'web', '--json']),
      );
      expect(created.environment).toMatchObject({ name: 'preview-42', id: expect.any(String) });

      const listed = json(await ciRun(['environments', 'list', '--project', 'web', '--json']));
      expect(listed.environments.map((e: { name: string }) => e.name)).toEqual(['preview-42']);

      const table = await ciRun(['environments', 'list', '--project', 'web']);
      expect(table.code).toBe(0);
      expect(table.stdout).toMatch(/^ID\s+NAME\s+CREATED\n/);
      expect(table.stdout).toContain('preview-42');

      // A removal in a script needs --yes.
      const unconfirmed = await ciRun(['environments', 'delete', 'preview-42', '--project', 'web']);
      expect(unconfirmed).toMatchObject({ code: 2, stdout: '' });
      expect(unconfirmed.stderr).toMatch(/--yes/);

      const deleted = json(
        await ciRun([
          'environments',
          'delete',
          'preview-42',
          '--project',
          'web',
          '--yes',
          '--json',
        ]),
      );
      expect(deleted).toEqual({ id: created.environment.id, object: 'environment', deleted: true });
      const after = json(await ciRun(['environments', 'list', '--project', 'web', '--json']));
      expect(after.environments).toEqual([]);
    });

    it('says who it is: the organization, by its key', async () => {
      expect(json(await ciRun(['whoami', '--json']))).toEqual({
        url,
        credential: 'organization_access_key',
        organization: { id: orgId, name: 'Acme CLI' },
      });
    });

    it.each([
      [['access-keys', 'create', 'another', '--org', 'Acme CLI']],
      [['access-keys', 'delete', 'ak_x', '--org', 'Acme CLI', '--yes']],
      [['members', 'add', 'someone@example.com']],
      [['api-keys', 'list']],
    ])('refuses %p, which needs a person, with exit 4 and a pointer to login', async (args) => {
      const ran = await ciRun(args);
      expect(ran).toMatchObject({ code: 4, stdout: '' });
      expect(ran.stderr).toMatch(/^gatehouse: .*needs a person.*gatehouse login/);
    });

    it('reads the key from stdin with --access-key-stdin, before the environment', async () => {
      const ran = await gatehouse(['--access-key-stdin', 'whoami', '--json'], {
        input: `${key}\n`,
        env: { GATEHOUSE_ACCESS_KEY: 'pak_not_this_one' },
      });
      expect(json(ran).credential).toBe('organization_access_key');
    });

    it.each([
      ['an unknown project', ['projects', 'rename', 'nope', 'x'], 5, /No project "nope"/],
      ['an unknown command', ['frobnicate'], 2, /unknown command/],
      ['a missing argument', ['projects', 'create'], 2, /missing required argument/],
      ['a group without its command', ['members'], 2, /Usage: gatehouse members/],
      ['an invalid choice', ['members', 'add', 'a@b.c', '--role', 'king'], 2, /king/],
      ['a bad name', ['projects', 'create', ''], 1, /name/],
    ])('exits on %s with its documented code', async (_case, args, code, message) => {
      const ran = await ciRun(args);
      expect(ran.code).toBe(code);
      expect(ran.stderr).toMatch(message);
      expect(ran.stderr).not.toMatch(/\n\s+at /); // never a stack
    });

    it('exits 3 for a key the server does not know', async () => {
      const ran = await gatehouse(['whoami'], {
        env: { GATEHOUSE_ACCESS_KEY: `${key.slice(0, -8)}AAAAAAAA` },
      });
      expect(ran.code).toBe(3);
      expect(ran.stderr).toMatch(/^gatehouse: /);
    });

    it('exits 1 with the address when the server cannot be reached', async () => {
      const ran = await gatehouse(['whoami', '--url', 'http://127.0.0.1:1'], { env: ci });
      expect(ran.code).toBe(1);
      expect(ran.stderr).toMatch(/Cannot reach http:\/\/127\.0\.0\.1:1/);
    });

    it('never printed the key', () => {
      expect(transcripts.length).toBeGreaterThan(10);
      for (const ran of transcripts) expect(ran.stdout + ran.stderr).not.toContain(key.slice(4));
    });
  });

  describe('at a desk, logged in through the browser', () => {
    // The CLI polls at the server's interval: five seconds before it sees an approval.
    const LOGIN_TIMEOUT_MS = 20_000;
    /** `gatehouse login` in a pseudo-terminal (util-linux `script`): it refuses to run without one. */
    async function login(approve: (userCode: string) => Promise<void>): Promise<Ran> {
      const command = [process.execPath, BIN, 'login', '--no-browser']
        .map((word) => `'${word}'`)
        .join(' ');
      const child = spawn('script', ['-qefc', command, '/dev/null'], {
        env: environment({ TERM: 'dumb' }),
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const result = finished(child);
      let seen = '';
      await new Promise<void>((done, fail) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          seen += chunk.toString();
          const code = /one-time code: ([A-Z]{4}-[A-Z]{4})/.exec(seen)?.[1];
          if (code && !approved) {
            approved = true;
            approve(code).then(done, fail);
          }
        });
        let approved = false;
        child.on('close', () => (approved ? undefined : fail(new Error(`no code in: ${seen}`))));
      });
      return result;
    }

    const stored = () =>
      JSON.parse(readFileSync(join(configDir, 'credentials.json'), 'utf8')).logins[url] as {
        token: string;
        refresh_token: string;
      };

    it('refuses to log in without a terminal, and points to GATEHOUSE_ACCESS_KEY', async () => {
      const ran = await gatehouse(['login']);
      expect(ran.code).toBe(2);
      expect(ran.stderr).toMatch(/GATEHOUSE_ACCESS_KEY/);
    });

    it('is not authenticated before a login (exit 3)', async () => {
      const ran = await gatehouse(['whoami']);
      expect(ran.code).toBe(3);
      expect(ran.stderr).toMatch(/gatehouse login/);
    });

    it(
      'logs in once approved, keeps a CLI session of its own in a private file, and acts in person',
      async () => {
        const ran = await login(async (userCode) => {
          await t.http
            .post('/auth/device/approve')
            .set(bearer(admin.token))
            .send({ user_code: userCode })
            .expect(200);
        });
        expect(ran.code).toBe(0);
        expect(ran.stdout).toContain(`Logged in to ${url} as ${admin.email}`);

        const file = join(configDir, 'credentials.json');
        expect(statSync(file).mode & 0o777).toBe(0o600);
        expect(statSync(configDir).mode & 0o077).toBe(0);
        const sessions = await t.http.get('/auth/sessions').set(bearer(admin.token)).expect(200);
        expect(sessions.body.sessions).toContainEqual(
          expect.objectContaining({ name: expect.stringMatching(/^gatehouse CLI on /) }),
        );

        expect(json(await gatehouse(['whoami', '--json']))).toMatchObject({
          url,
          credential: 'login',
          user: { id: admin.id, email: admin.email },
        });

        // A personal access key: the token once, alone on stdout; never again.
        const created = await gatehouse(['access-keys', 'create', 'laptop']);
        expect(created.code).toBe(0);
        const token = created.stdout.trim();
        expect(token).toMatch(/^pak_[0-9A-Za-z]{49}$/);
        expect(created.stderr).toMatch(/will not be shown again/);
        const listed = json(await gatehouse(['access-keys', 'list', '--json']));
        const mine = listed.access_keys.find((k: { name: string }) => k.name === 'laptop');
        expect(mine.redacted).toMatch(/^pak_/);
        expect(JSON.stringify(listed)).not.toContain(token);
        await t.http.get('/cloud/me').set(bearer(token)).expect(200);

        const renamed = json(
          await gatehouse(['access-keys', 'rename', mine.id, 'old laptop', '--json']),
        );
        expect(renamed.access_key.name).toBe('old laptop');
        json(await gatehouse(['access-keys', 'delete', mine.id, '--yes', '--json']));
        await t.http.get('/cloud/me').set(bearer(token)).expect(401);
      },
      LOGIN_TIMEOUT_MS,
    );

    /** A JWT-shaped token the server never signed, expiring at `exp` (seconds). */
    const unsigned = (exp: number) =>
      ['{"alg":"HS256"}', JSON.stringify({ exp })]
        .map((part) => Buffer.from(part).toString('base64url'))
        .concat('x')
        .join('.');

    it.each([
      ['an expiring JWT, before sending it', unsigned(Math.floor(Date.now() / 1000) + 30)],
      ['a JWT the server refuses, after the 401', unsigned(Math.floor(Date.now() / 1000) + 3600)],
    ])('refreshes %s, and stores the new pair', async (_case, token) => {
      const file = join(configDir, 'credentials.json');
      const contents = JSON.parse(readFileSync(file, 'utf8'));
      const before = contents.logins[url];
      contents.logins[url] = { ...before, token };
      writeFileSync(file, JSON.stringify(contents), { mode: 0o600 });

      expect(json(await gatehouse(['whoami', '--json'])).user.id).toBe(admin.id);
      expect(stored().refresh_token).not.toBe(before.refresh_token);
      expect(stored().token).not.toBe(token);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    });

    it('logs out: the session is revoked on the server and forgotten here', async () => {
      const { token } = stored();
      const ran = json(await gatehouse(['logout', '--json']));
      expect(ran).toEqual({ url, logged_out: true, revoked_on_server: true });
      await t.http.get('/cloud/me').set(bearer(token)).expect(401);
      expect(() => statSync(join(configDir, 'credentials.json'))).toThrow();
      expect((await gatehouse(['whoami'])).code).toBe(3);
      expect((await gatehouse(['logout'])).code).toBe(3);
    });

    it(
      'exits 4 when the login is denied in the browser',
      async () => {
        const ran = await login(async (userCode) => {
          await t.http
            .post('/auth/device/deny')
            .set(bearer(admin.token))
            .send({ user_code: userCode })
            .expect(200);
        });
        expect(ran.code).toBe(4);
        expect(ran.stdout).toMatch(/not approved/);
      },
      LOGIN_TIMEOUT_MS,
    );
  });

  it('documents every command, the credentials and the exit codes in --help', async () => {
    const help = await gatehouse(['--help']);
    expect(help.code).toBe(0);
    for (const command of [
      'login',
      'logout',
      'whoami',
      'orgs',
      'members',
      'projects',
      'environments',
      'access-keys',
      'api-keys',
    ])
      expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(help.stdout).toMatch(
      /Exit codes: 0 ok, 1 error, 2 usage, 3 not authenticated, 4 forbidden, 5 not found/,
    );
    const sub = await gatehouse(['environments', 'create', '--help']);
    expect(sub.stdout).toMatch(/--project <project>/);
    expect((await gatehouse(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
