import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { withAllEntities } from '../../ormconfig';
import { NormalizeEmails1795546100000 } from '../../src/migrations/1795546100000-NormalizeEmails';
import { BUILT_IN_ROLES } from '../../src/common/auth/permissions';
import { createTestDatabase } from '../helpers/database';

describe('Migrations', () => {
  let database: { url: string; drop: () => Promise<void> };
  let dataSource: DataSource;
  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(withAllEntities(database.url)).initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  async function tables(): Promise<string[]> {
    const rows: { table_name: string }[] = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`,
    );
    return rows.map((row) => row.table_name);
  }

  it('run up, all the way down, and up again', async () => {
    const applied = await dataSource.runMigrations();
    expect(applied.length).toBe(dataSource.migrations.length);
    const created = await tables();
    expect(created).toEqual(
      expect.arrayContaining(['auth_identity', 'provider_identity', 'user', 'customer']),
    );

    for (let i = 0; i < applied.length; i++) await dataSource.undoLastMigration();
    expect(await tables()).toEqual([]);

    await dataSource.runMigrations();
    expect(await tables()).toEqual(created);
  });

  it('seed the built-in roles exactly as the code defines them', async () => {
    await dataSource.runMigrations();
    const rows: {
      id: string;
      name: string;
      description: string;
      permissions: string[];
      built_in: boolean;
    }[] = await dataSource.query(
      'SELECT id, name, description, permissions, built_in FROM role ORDER BY id',
    );
    const expected = BUILT_IN_ROLES.map((role) => ({
      ...role,
      permissions: [...role.permissions],
      built_in: true,
    }));
    expect(rows).toEqual(expected.sort((a, b) => a.id.localeCompare(b.id)));
  });

  it('match the entities exactly (generating a migration would yield nothing)', async () => {
    await dataSource.runMigrations();
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });
});

describe('The email normalisation migration', () => {
  let database: { url: string; drop: () => Promise<void> };
  let dataSource: DataSource;
  const options = () => withAllEntities(database.url);

  beforeEach(async () => {
    database = await createTestDatabase();
    // Every migration before it, then rows as an earlier Gatehouse stored them.
    const migrations = (options().migrations as (new () => unknown)[]).filter(
      (migration) => migration !== NormalizeEmails1795546100000,
    );
    dataSource = await new DataSource({ ...options(), migrations }).initialize();
    await dataSource.runMigrations();
  });
  afterEach(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  async function insertUser(id: string, email: string): Promise<void> {
    await dataSource.query(`INSERT INTO "user" ("id", "email") VALUES ($1, $2)`, [id, email]);
  }
  const emails = () =>
    dataSource.query<{ id: string; email: string }[]>(
      `SELECT "id", "email" FROM "user" ORDER BY "id"`,
    );
  const migrate = async () => {
    const all = await new DataSource(options()).initialize();
    try {
      await all.runMigrations();
    } finally {
      await all.destroy();
    }
  };

  it('stores every email as it is normalised now', async () => {
    await insertUser('user_1', 'ａｄａ@example.com');
    await insertUser('user_2', 'bob@exämple.com');
    await insertUser('user_3', 'carol@example.com');
    await migrate();
    expect(await emails()).toEqual([
      { id: 'user_1', email: 'ada@example.com' },
      { id: 'user_2', email: 'bob@xn--exmple-cua.com' },
      { id: 'user_3', email: 'carol@example.com' },
    ]);
  });

  it('stops with a clear message, changing nothing, when two accounts are one email', async () => {
    await insertUser('user_1', 'ann@example.com');
    await insertUser('user_2', 'ａｎｎ@example.com');
    await insertUser('user_3', 'bob@exämple.com');
    // TypeORM prints a failed migration on the console; the assertion below reads the same error.
    const printed = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await expect(migrate()).rejects.toThrow(
      'user user_1 and user_2 are both ann@example.com once normalised',
    );
    printed.mockRestore();
    expect((await emails()).map(({ email }) => email)).toEqual([
      'ann@example.com',
      'ａｎｎ@example.com',
      'bob@exämple.com',
    ]);
  });
});
