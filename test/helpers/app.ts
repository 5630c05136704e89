import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { createApp } from '../../src/app';
import { Clock } from '../../src/common/clock';
import { loadConfig } from '../../src/config/config';
import { createTestDatabase } from './database';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export interface TestApp {
  app: NestFastifyApplication;
  http: TestAgent;
  databaseUrl: string;
  /** A temporary DATA_DIR of this app alone: its outbox (test/helpers/mail.ts) is read by the tests. */
  dataDir: string;
  clock: Clock;
  /** Every log line the app wrote, when started with `captureLogs`. */
  logs: string[];
  /** Moves the service's clock forward (for expiry, `revoke_in`, grace periods) without sleeping. */
  advanceClock(seconds: number): void;
  close(): Promise<void>;
}

/**
 * Boots the real application (createApp, as main.ts does) on a fresh, migrated database. Several may
 * run at once in one process: no strategy is looked up in passport's process-wide registry.
 */
export async function startTestApp(
  options: {
    env?: Record<string, string>;
    captureLogs?: boolean;
    /** Another instance on that app's database (as after a restart, or beside it); that app drops it. */
    beside?: TestApp;
  } = {},
): Promise<TestApp> {
  const database = options.beside
    ? { url: options.beside.databaseUrl, drop: () => Promise.resolve() }
    : await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-test-'));
  const logs: string[] = [];
  const logStream = options.captureLogs
    ? new Writable({
        write(chunk: Buffer, _encoding, done) {
          logs.push(chunk.toString());
          done();
        },
      })
    : undefined;
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Suites log in far more often than a person; the rate-limit suite sets its own limit.
    RATE_LIMIT_PER_MINUTE: '100000',
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    ...options.env,
  });
  const app = await createApp(config, { databaseUrl: database.url, logStream });
  const clock = app.get(Clock);
  let offsetMs = 0;
  const realNowMs = clock.nowMs.bind(clock);
  jest.spyOn(clock, 'nowMs').mockImplementation(() => realNowMs() + offsetMs);

  return {
    app,
    http: request(app.getHttpServer()),
    databaseUrl: database.url,
    dataDir,
    clock,
    logs,
    advanceClock: (seconds) => {
      offsetMs += seconds * 1000;
    },
    close: async () => {
      await app.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The SQL statements any app in this process sent to PostgreSQL while `work` ran. */
export async function queriesDuring(work: () => Promise<unknown>): Promise<string[]> {
  const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
  try {
    await work();
    return spy.mock.calls.map(([sql]) => sql);
  } finally {
    spy.mockRestore();
  }
}
