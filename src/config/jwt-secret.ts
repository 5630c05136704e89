import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The signing secret used when JWT_SECRET is unset outside production (issue 19): random, made at the
 * first start and kept in `<dataDir>/jwt-secret` (mode 0600) for later ones, whichever database is used.
 * No secret from the source code ever signs a token, so reading the repository forges nothing.
 */
export function persistentJwtSecret(dataDir: string): { secret: string; file: string } {
  const root = resolve(dataDir);
  const file = join(root, 'jwt-secret');
  mkdirSync(root, { recursive: true });
  try {
    // `wx`: two instances starting together on one directory cannot each write their own.
    writeFileSync(file, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32)
    throw new Error(`${file} holds no usable secret: delete it to make a new one`);
  return { secret, file };
}
