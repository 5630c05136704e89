import { AccessKeyAuth, Api, LoginAuth } from './api';
import { LoginStore } from './credentials';
import { CliError, EXIT } from './errors';
import { Output } from './output';

/** The options every command takes (commander's global options). */
export interface GlobalOptions {
  url?: string;
  json?: boolean;
  accessKeyStdin?: boolean;
}

export const DEFAULT_URL = 'http://localhost:9000';

/** What a command runs with: the server, the output, and the caller's credentials when it asks. */
export class Context {
  readonly url: string;
  readonly out: Output;
  readonly store = new LoginStore();
  private authenticated?: Promise<Api>;

  constructor(
    private readonly options: GlobalOptions,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.url = (options.url ?? env.GATEHOUSE_URL ?? DEFAULT_URL).replace(/\/+$/, '');
    try {
      new URL(this.url);
    } catch {
      throw new CliError(`Not a URL: ${this.url}`, EXIT.usage);
    }
    this.out = new Output(options.json ?? false);
  }

  /** For the routes anyone may call (the device login's own). */
  publicApi(): Api {
    return new Api(this.url);
  }

  /**
   * The caller, from the first of: `--access-key-stdin`, `GATEHOUSE_ACCESS_KEY`, the stored login of
   * this server. Never from an argument, which would land in shell history and process lists.
   */
  api(): Promise<Api> {
    this.authenticated ??= this.resolve();
    return this.authenticated;
  }

  /**
   * For what only a person may do (create, rename or delete access keys, manage members, the Admin API):
   * a stored login. Under an access key: exit 4, pointing to `gatehouse login`.
   */
  async person(action: string): Promise<Api> {
    const api = await this.api();
    if (api.credential !== 'login')
      throw new CliError(
        `${action} needs a person, not an access key: run \`gatehouse login\` at a terminal and run it without GATEHOUSE_ACCESS_KEY or --access-key-stdin`,
        EXIT.forbidden,
      );
    return api;
  }

  private async resolve(): Promise<Api> {
    if (this.options.accessKeyStdin) {
      const key = (await readStdin()).trim();
      if (!key) throw new CliError('--access-key-stdin: nothing was read from stdin', EXIT.usage);
      return new Api(this.url, new AccessKeyAuth(key));
    }
    const fromEnv = this.env.GATEHOUSE_ACCESS_KEY?.trim();
    if (fromEnv) return new Api(this.url, new AccessKeyAuth(fromEnv));
    const login = this.store.get(this.url);
    if (!login)
      throw new CliError(
        `Not logged in to ${this.url}: run \`gatehouse login\`, or set GATEHOUSE_ACCESS_KEY (in CI)`,
        EXIT.unauthenticated,
      );
    return new Api(this.url, new LoginAuth(this.url, this.store, login));
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
