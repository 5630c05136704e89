/**
 * `npm run bench:passport` (issue 21): what passport's own path costs a credential check, in instructions
 * under callgrind, against calling the strategy's `validate` directly as the AuthGuard does. The same
 * PassportStrategy (passport-custom, answering from a "cache" synchronously, as the real ones almost
 * always do) is checked both ways: `direct` calls `validate` and takes its answer as it comes; `passport`
 * runs it through `authenticateWith` (src/common/auth/passport.ts, the login guard's own path: a fresh
 * strategy object per request and a promise the guard awaits). Each way is counted at two request counts after the
 * same warm-up, and the difference divided by the extra requests is the cost of one.
 */
import 'reflect-metadata';
import { PassportStrategy } from '@nestjs/passport';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import { Strategy as CustomStrategy } from 'passport-custom';
import { authenticateWith } from '../src/common/auth/passport';

const CALLER = {
  actor_id: 'user_01',
  actor_type: 'user',
  auth_identity_id: 'authid_01',
  app_metadata: { user_id: 'user_01' },
  auth_method: 'bearer',
  session_id: 'sess_01',
};

type Request = { headers: Record<string, string> };

class CachedStrategy extends PassportStrategy(CustomStrategy, 'bench') {
  validate(request: Request): typeof CALLER | false {
    return request.headers.authorization ? CALLER : false;
  }
}

async function run(way: string, requests: number): Promise<void> {
  const strategy = new CachedStrategy();
  const check =
    way === 'passport'
      ? (request: Request) => authenticateWith(strategy, request as unknown as FastifyRequest)
      : (request: Request) => strategy.validate(request);
  let accepted = 0;
  for (let i = 0; i < requests; i++) {
    // A fresh request each time, as Fastify gives the guard.
    const outcome = check({ headers: { authorization: `Bearer token-${i & 1023}` } });
    if ((outcome instanceof Promise ? await outcome : outcome) !== false) accepted++;
  }
  if (accepted !== requests) throw new Error(`${way}: ${accepted} of ${requests} accepted`);
}

function instructions(way: string, requests: number, warm: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'passport-path-'));
  try {
    execFileSync(
      'valgrind',
      [
        '--tool=callgrind',
        `--callgrind-out-file=${join(dir, 'out')}`,
        process.execPath,
        '-r',
        'ts-node/register/transpile-only',
        __filename,
        way,
        String(requests),
        String(warm),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const [file] = readdirSync(dir);
    const summary = /^summary:\s+(\d+)/m.exec(readFileSync(join(dir, file!), 'utf8'));
    return Number(summary?.[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const [way, requests, warm] = process.argv.slice(2);
  if (way) {
    await run(way, Number(warm));
    await run(way, Number(requests));
    return;
  }
  const warmUp = 50_000;
  const [few, many] = [50_000, 150_000];
  for (const name of ['direct', 'passport']) {
    const perRequest =
      (instructions(name, many, warmUp) - instructions(name, few, warmUp)) / (many - few);
    console.log(
      `${name.padEnd(9)} ${Math.round(perRequest).toLocaleString('en')} instructions a check`,
    );
  }
}

void main();
