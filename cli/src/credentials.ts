import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A CLI session from `gatehouse login`, kept per server. */
export interface StoredLogin {
  token: string;
  refresh_token: string;
  user: { id: string; email: string };
  logged_in_at: string;
}

interface LoginFile {
  version: 1;
  logins: Record<string, StoredLogin>;
}

/**
 * `$GATEHOUSE_CONFIG_DIR`, else the platform's user configuration directory: `$XDG_CONFIG_HOME` or
 * `~/.config` (Linux, macOS), `%APPDATA%` (Windows); then `gatehouse/`.
 */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GATEHOUSE_CONFIG_DIR) return env.GATEHOUSE_CONFIG_DIR;
  const base =
    env.XDG_CONFIG_HOME ||
    (process.platform === 'win32' && env.APPDATA) ||
    join(homedir(), '.config');
  return join(base, 'gatehouse');
}

/** The stored logins: readable and writable by the user alone (0600, in a 0700 directory). */
export class LoginStore {
  readonly path: string;

  constructor(private readonly dir: string = configDir()) {
    this.path = join(dir, 'credentials.json');
  }

  get(url: string): StoredLogin | undefined {
    return this.read().logins[url];
  }

  set(url: string, login: StoredLogin): void {
    const file = this.read();
    file.logins[url] = login;
    this.write(file);
  }

  /** True when there was a login to forget. */
  delete(url: string): boolean {
    const file = this.read();
    if (!file.logins[url]) return false;
    delete file.logins[url];
    if (Object.keys(file.logins).length) this.write(file);
    else rmSync(this.path, { force: true });
    return true;
  }

  private read(): LoginFile {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return { version: 1, logins: {} };
    }
    const parsed = JSON.parse(text) as Partial<LoginFile>;
    return { version: 1, logins: parsed.logins ?? {} };
  }

  /** Written whole to a private temporary file, then renamed over: never a half-written or readable file. */
  private write(file: LoginFile): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.path);
  }
}

/** Seconds since the epoch at which a JWT expires, read without verifying it (the server does). */
export function jwtExpiry(token: string): number | undefined {
  try {
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp : undefined;
  } catch {
    return undefined;
  }
}
