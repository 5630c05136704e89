import { ApiError, CliError, EXIT, type GrantError } from './errors';
import { jwtExpiry, LoginStore, StoredLogin } from './credentials';
import { VERSION } from './version';

export type CredentialKind = 'login' | 'personal_access_key' | 'organization_access_key';

/** How requests prove who sends them. */
export interface Authenticator {
  readonly kind: CredentialKind;
  authorization(): Promise<string>;
  /** After a 401: whether a renewed credential is worth one more try (a refreshed login is). */
  renew(): Promise<boolean>;
}

type Query = Record<string, string | number | boolean | undefined>;

/** Gatehouse's HTTP API, authenticated or not. */
export class Api {
  constructor(
    readonly url: string,
    private readonly auth?: Authenticator,
  ) {}

  get credential(): CredentialKind | undefined {
    return this.auth?.kind;
  }

  async request<T>(
    method: string,
    path: string,
    options: { body?: unknown; query?: Query } = {},
  ): Promise<T> {
    let response = await this.send(method, path, options);
    if (response.status === 401 && this.auth && (await this.auth.renew()))
      response = await this.send(method, path, options);
    return parse<T>(response);
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  /** Every item of a paged list (`{count, offset, limit, [key]: [...]}`), page by page. */
  async all<T>(path: string, key: string, query: Query = {}): Promise<T[]> {
    const items: T[] = [];
    for (;;) {
      const page = await this.get<Record<string, unknown> & { count: number }>(path, {
        ...query,
        limit: 100,
        offset: items.length,
      });
      const batch = (page[key] ?? []) as T[];
      items.push(...batch);
      if (!batch.length || items.length >= page.count) return items;
    }
  }

  private async send(
    method: string,
    path: string,
    { body, query }: { body?: unknown; query?: Query },
  ): Promise<Response> {
    const target = new URL(this.url + path);
    for (const [name, value] of Object.entries(query ?? {}))
      if (value !== undefined) target.searchParams.set(name, String(value));
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': `gatehouse-cli/${VERSION} node/${process.versions.node}`,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.auth) headers.authorization = await this.auth.authorization();
    try {
      return await fetch(target, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(
        `Cannot reach ${this.url}: ${cause?.code ?? cause?.message ?? String(error)}`,
      );
    }
  }
}

async function parse<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (response.ok) return body as T;
  const error = (body ?? {}) as { type?: string; message?: string; error?: GrantError };
  throw new ApiError(
    response.status,
    error.type ?? 'unknown_error',
    error.message ?? `The server answered ${response.status} ${response.statusText}`,
    error.error,
  );
}

/** An organization (`oak_`) or personal (`pak_`) access key, from CI's environment or stdin. */
export class AccessKeyAuth implements Authenticator {
  readonly kind: CredentialKind;

  constructor(private readonly key: string) {
    if (key.startsWith('oak_')) this.kind = 'organization_access_key';
    else if (key.startsWith('pak_')) this.kind = 'personal_access_key';
    else throw new CliError('That is not an access key (they start with oak_ or pak_)', EXIT.usage);
  }

  authorization(): Promise<string> {
    return Promise.resolve(`Bearer ${this.key}`);
  }

  renew(): Promise<boolean> {
    return Promise.resolve(false);
  }
}

/** A JWT just received (by `gatehouse login`, before it is stored). */
export function bearerAuth(token: string): Authenticator {
  return {
    kind: 'login',
    authorization: () => Promise.resolve(`Bearer ${token}`),
    renew: () => Promise.resolve(false),
  };
}

/** Renew a JWT this many seconds before it expires, so that no request carries a dying one. */
const EARLY_REFRESH_SECONDS = 60;

/** The CLI session of `gatehouse login`, refreshed as needed and stored again after each refresh. */
export class LoginAuth implements Authenticator {
  readonly kind = 'login';
  private refreshed = false;

  constructor(
    private readonly url: string,
    private readonly store: LoginStore,
    private login: StoredLogin,
  ) {}

  async authorization(): Promise<string> {
    const expiry = jwtExpiry(this.login.token);
    if (expiry !== undefined && expiry - Date.now() / 1000 < EARLY_REFRESH_SECONDS)
      await this.refresh();
    return `Bearer ${this.login.token}`;
  }

  async renew(): Promise<boolean> {
    if (this.refreshed) return false;
    await this.refresh();
    return true;
  }

  private async refresh(): Promise<void> {
    this.refreshed = true;
    try {
      const next = await new Api(this.url).request<{ token: string; refresh_token: string }>(
        'POST',
        '/auth/token/refresh',
        { body: { refresh_token: this.login.refresh_token } },
      );
      this.login = { ...this.login, token: next.token, refresh_token: next.refresh_token };
      this.store.set(this.url, this.login);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      this.store.delete(this.url);
      throw new CliError(
        `Your login to ${this.url} has ended (signed out or expired): run \`gatehouse login\``,
        EXIT.unauthenticated,
      );
    }
  }
}
