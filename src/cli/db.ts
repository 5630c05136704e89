import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { loadConfigOrExit } from '../config/config';
import { openDatabase, runningGatehouse } from '../database/embedded-postgres';

const USAGE = `Back up and restore the embedded database (an external PostgreSQL: use your own tools).

  npm run db:backup [-- --to DIR]     a consistent copy while Gatehouse runs (default: backups/<time>)
  npm run db:restore -- DIR           into DATA_DIR, which must hold no database; Gatehouse stopped`;

/**
 * What PostgreSQL rebuilds at start, or that belongs to the running server only: left out of a backup
 * (the directories themselves are kept, empty). pg_wal is copied last, once the backup has ended.
 */
const EMPTIED = [
  'pg_wal',
  'pg_replslot',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_stat_tmp',
  'pg_subtrans',
];
const SKIPPED = new Set(['postmaster.pid', 'postmaster.opts']);
/** Beside the cluster in DATA_DIR: its password (needed to connect) and, outside production, the JWT secret. */
const BESIDE = ['postgres.password', 'jwt-secret'];

class UsageError extends Error {}

/** The files of BESIDE that `from` holds, copied into `to`. */
async function copyBeside(from: string, to: string): Promise<void> {
  for (const file of BESIDE)
    if (existsSync(join(from, file))) await copyFile(join(from, file), join(to, file));
}

function embeddedOnly(databaseUrl: string | undefined): void {
  if (databaseUrl)
    throw new UsageError(
      'DATABASE_URL is set: back up that PostgreSQL with its own tools (pg_dump, pg_basebackup, your provider).',
    );
}

/**
 * PostgreSQL's low-level online backup: pg_backup_start (a checkpoint), a copy of the data directory
 * while the server runs, pg_backup_stop, whose backup_label goes into the copy, and then the WAL written
 * meanwhile. Started from the copy, PostgreSQL replays that WAL to the moment the backup ended.
 */
async function backup(to: string | undefined): Promise<void> {
  const config = loadConfigOrExit();
  embeddedOnly(config.databaseUrl);
  const dataDir = resolve(config.dataDir);
  const cluster = join(dataDir, 'postgres');
  if (!existsSync(join(cluster, 'PG_VERSION')))
    throw new UsageError(`No embedded database in ${dataDir}: nothing to back up.`);
  const target = resolve(to ?? join('backups', new Date().toISOString().replace(/[:.]/g, '-')));
  if (existsSync(target) && (await readdir(target)).length)
    throw new UsageError(`${target} is not empty: name a new directory.`);

  // The running Gatehouse's server, or one started (and stopped again) for the backup.
  const database = await openDatabase(undefined, dataDir, () => undefined, { shareRunning: true });
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(`SELECT pg_backup_start('gatehouse db:backup', true)`);
    await cp(cluster, join(target, 'postgres'), {
      recursive: true,
      filter: (source) => {
        const path = relative(cluster, source);
        const top = path.split('/')[0] ?? '';
        return !SKIPPED.has(path) && !(EMPTIED.includes(top) && path !== top);
      },
    });
    const { rows } = await client.query<{ labelfile: string; spcmapfile: string }>(
      'SELECT labelfile, spcmapfile FROM pg_backup_stop(false)',
    );
    const [stop] = rows;
    await writeFile(join(target, 'postgres', 'backup_label'), stop!.labelfile);
    if (stop!.spcmapfile)
      await writeFile(join(target, 'postgres', 'tablespace_map'), stop!.spcmapfile);
    await cp(join(cluster, 'pg_wal'), join(target, 'postgres', 'pg_wal'), { recursive: true });
  } finally {
    await client.end();
    await database.stop();
  }
  await copyBeside(dataDir, target);
  await chmod(target, 0o700);
  console.log(`Backed up the embedded database of ${dataDir} to ${target}`);
}

/** Into DATA_DIR: refused while a Gatehouse runs on it, or when it holds a database already. */
async function restore(from: string | undefined): Promise<void> {
  if (!from) throw new UsageError('Name the backup directory: npm run db:restore -- DIR');
  const config = loadConfigOrExit();
  embeddedOnly(config.databaseUrl);
  const source = resolve(from);
  if (!existsSync(join(source, 'postgres', 'backup_label')))
    throw new UsageError(`${source} is not a backup made by npm run db:backup.`);
  const dataDir = resolve(config.dataDir);
  if (runningGatehouse(dataDir))
    throw new UsageError(`A Gatehouse runs on ${dataDir}: stop it first.`);
  const cluster = join(dataDir, 'postgres');
  if (existsSync(cluster) && (await readdir(cluster)).length)
    throw new UsageError(
      `${cluster} holds a database: move it aside (or set DATA_DIR to an empty directory) first.`,
    );

  await mkdir(dataDir, { recursive: true });
  await rm(cluster, { recursive: true, force: true });
  await cp(join(source, 'postgres'), cluster, { recursive: true });
  await chmod(cluster, 0o700);
  await copyBeside(source, dataDir);
  // As root, PostgreSQL runs as the `postgres` user (embedded-postgres), which must own its data.
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', cluster]);
  console.log(
    `Restored ${source} into ${dataDir}. At its next start PostgreSQL replays the backup's WAL; then it is the database as it was when the backup ended.`,
  );
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { to: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, path] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  if (command === 'backup') await backup(values.to);
  else if (command === 'restore') await restore(path);
  else throw new UsageError(`Unknown command ${command}.\n\n${USAGE}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
