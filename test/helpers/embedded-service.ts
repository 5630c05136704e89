import type { ChildProcess } from 'node:child_process';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/database/embedded-postgres';

/**
 * What a built service needs to run on its own embedded PostgreSQL: a fresh data directory (which, as
 * root, PostgreSQL's own user must be able to reach), a free port and the environment naming both.
 */
export async function embeddedServiceSetting(
  label: string,
): Promise<{ dataDir: string; base: string; env: NodeJS.ProcessEnv }> {
  const dataDir = await mkdtemp(join(tmpdir(), `gatehouse-${label}-`));
  await chmod(dataDir, 0o755);
  const port = await freePort();
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  return {
    dataDir,
    base: `http://127.0.0.1:${port}`,
    env: {
      ...inherited,
      NODE_ENV: 'development',
      DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
    },
  };
}

/** A process's exit code and everything it printed. */
export function finished(child: ChildProcess): Promise<{ code: number | null; output: string }> {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((done) => child.once('exit', (code) => done({ code, output })));
}

/**
 * Waits until `url` answers 2xx, asking every 200 ms. Fails with everything the child printed (`exit`,
 * from `finished(child)` right after the spawn) if it exits first, and after `withinMs` if it never does.
 */
export async function untilServing(
  child: ChildProcess,
  exit: ReturnType<typeof finished>,
  url: string,
  withinMs = 120_000,
): Promise<void> {
  for (const deadline = Date.now() + withinMs; Date.now() < deadline;) {
    if (child.exitCode !== null) throw new Error(`exited: ${(await exit).output}`);
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((wait) => setTimeout(wait, 200));
  }
  throw new Error(`${url} did not answer within ${withinMs / 1000} s`);
}
