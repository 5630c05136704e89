import { Command, InvalidArgumentError, Option } from 'commander';
import type { Api } from '../api';
import { Output, table, when } from '../output';
import * as resolve from '../resolve';
import type { AccessKey, ApiKey, Deleted } from '../types';
import { confirm, run } from './run';

const ORG_KEYS_HELP = "the organization's keys (id or name); without it, your personal keys";
const ONCE = 'Copy it now: it will not be shown again.';

function seconds(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new InvalidArgumentError('a whole number of seconds');
  return parsed;
}

/** Where a key's token goes: alone on stdout (so `$(gatehouse … create …)` captures it), the words on stderr. */
function showTokenOnce(
  out: Output,
  envelope: object,
  token: string | undefined,
  what: string,
): void {
  if (!out.json) out.note(`${what}. ${ONCE}`);
  out.result(envelope, () => token ?? '');
}

export function accessKeyCommands(program: Command): void {
  const keys = program
    .command('access-keys')
    .description(
      'Organization access keys (--org) and your personal access keys, for CI and scripts',
    );

  /** The keys' collection: an organization's, or the caller's own. */
  async function collection(api: Api, org: string | undefined) {
    if (org === undefined) return { path: '/cloud/me/access-keys', owner: 'your personal' };
    const organization = await resolve.organization(api, org);
    return { path: `${resolve.orgPath(organization)}/access-keys`, owner: organization.name };
  }

  keys
    .command('list')
    .option('--org <org>', ORG_KEYS_HELP)
    .description('List keys with their redacted previews (never the tokens)')
    .action(
      run(async (ctx, options: { org?: string }) => {
        const api = await ctx.api();
        const { path } = await collection(api, options.org);
        const list = await api.all<AccessKey>(path, 'access_keys');
        ctx.out.result({ access_keys: list }, () =>
          table(
            list,
            [
              ['id', (k) => k.id],
              ['name', (k) => k.name],
              ['key', (k) => k.redacted],
              ['created', (k) => when(k.created_at)],
              ['last used', (k) => when(k.last_used_at)],
              ['created by', (k) => k.created_by],
            ],
            'No access keys.',
          ),
        );
      }),
    );
  keys
    .command('create <name>')
    .option('--org <org>', ORG_KEYS_HELP)
    .description('Create a key; its token is printed once, alone on stdout')
    .action(
      run(async (ctx, name: string, options: { org?: string }) => {
        const api = await ctx.person('Creating an access key');
        const { path, owner } = await collection(api, options.org);
        const created = await api.request<{ access_key: AccessKey }>('POST', path, {
          body: { name },
        });
        showTokenOnce(
          ctx.out,
          created,
          created.access_key.token,
          `Created ${owner} access key ${name} (${created.access_key.id})`,
        );
      }),
    );
  keys
    .command('rename <id> <name>')
    .option('--org <org>', ORG_KEYS_HELP)
    .description('Rename a key')
    .action(
      run(async (ctx, id: string, name: string, options: { org?: string }) => {
        const api = await ctx.person('Renaming an access key');
        const { path } = await collection(api, options.org);
        const { access_key } = await api.request<{ access_key: AccessKey }>(
          'PATCH',
          `${path}/${id}`,
          { body: { name } },
        );
        ctx.out.result({ access_key }, () => `Renamed ${access_key.id} to ${access_key.name}`);
      }),
    );
  keys
    .command('delete <id>')
    .option('--org <org>', ORG_KEYS_HELP)
    .option('-y, --yes', 'do not ask for confirmation')
    .description('Delete a key: whatever uses it loses access at once; this cannot be undone')
    .action(
      run(async (ctx, id: string, options: { org?: string; yes?: boolean }) => {
        const api = await ctx.person('Deleting an access key');
        const { path } = await collection(api, options.org);
        await confirm(
          `Delete ${id}? Whatever uses it loses access at once; this cannot be undone.`,
          options.yes,
        );
        const deleted = await api.request<Deleted>('DELETE', `${path}/${id}`);
        ctx.out.result(deleted, () => `Deleted ${id}`);
      }),
    );
}

export function apiKeyCommands(program: Command): void {
  const keys = program
    .command('api-keys')
    .description(
      "The Admin API's secret and publishable API keys (needs a person with api_keys permissions)",
    );
  keys
    .command('list')
    .addOption(new Option('--type <type>', 'only this type').choices(['secret', 'publishable']))
    .option('--revoked', 'only revoked keys')
    .description('List API keys with their redacted previews')
    .action(
      run(async (ctx, options: { type?: string; revoked?: boolean }) => {
        const api = await ctx.person('The Admin API');
        const list = await api.all<ApiKey>('/admin/api-keys', 'api_keys', {
          type: options.type,
          revoked: options.revoked,
        });
        ctx.out.result({ api_keys: list }, () =>
          table(
            list,
            [
              ['id', (k) => k.id],
              ['title', (k) => k.title],
              ['type', (k) => k.type],
              ['key', (k) => k.redacted],
              ['created', (k) => when(k.created_at)],
              ['last used', (k) => when(k.last_used_at)],
              ['revoked', (k) => when(k.revoked_at)],
            ],
            'No API keys.',
          ),
        );
      }),
    );
  keys
    .command('create <title>')
    .addOption(
      new Option('--type <type>', 'secret (servers) or publishable (storefronts)')
        .choices(['secret', 'publishable'])
        .makeOptionMandatory(),
    )
    .description("Create an API key; a secret key's token is printed once, alone on stdout")
    .action(
      run(async (ctx, title: string, options: { type: string }) => {
        const api = await ctx.person('The Admin API');
        const created = await api.request<{ api_key: ApiKey }>('POST', '/admin/api-keys', {
          body: { title, type: options.type },
        });
        showTokenOnce(
          ctx.out,
          created,
          created.api_key.token,
          `Created the ${options.type} key ${title} (${created.api_key.id})`,
        );
      }),
    );
  keys
    .command('revoke <id>')
    .option('--in <seconds>', 'revoke later: keep it working this many seconds', seconds)
    .description('Revoke an API key, now or later')
    .action(
      run(async (ctx, id: string, options: { in?: number }) => {
        const api = await ctx.person('The Admin API');
        const { api_key } = await api.request<{ api_key: ApiKey }>(
          'POST',
          `/admin/api-keys/${id}/revoke`,
          { body: options.in === undefined ? {} : { revoke_in: options.in } },
        );
        ctx.out.result(
          { api_key },
          () => `${api_key.id} is revoked from ${when(api_key.revoked_at)}`,
        );
      }),
    );
  keys
    .command('roll <id>')
    .option('--expires-in <seconds>', 'keep the old token working this many seconds', seconds)
    .description('Replace a secret key with a new token (printed once), the old one expiring')
    .action(
      run(async (ctx, id: string, options: { expiresIn?: number }) => {
        const api = await ctx.person('The Admin API');
        const rolled = await api.request<{ api_key: ApiKey }>(
          'POST',
          `/admin/api-keys/${id}/roll`,
          {
            body: options.expiresIn === undefined ? {} : { expires_in: options.expiresIn },
          },
        );
        showTokenOnce(
          ctx.out,
          rolled,
          rolled.api_key.token,
          `Rolled ${id}: the new key is ${rolled.api_key.id}`,
        );
      }),
    );
  keys
    .command('delete <id>')
    .option('-y, --yes', 'do not ask for confirmation')
    .description('Delete an API key (revoked at once)')
    .action(
      run(async (ctx, id: string, options: { yes?: boolean }) => {
        const api = await ctx.person('The Admin API');
        await confirm(`Delete ${id}? Whatever uses it loses access at once.`, options.yes);
        const deleted = await api.request<Deleted>('DELETE', `/admin/api-keys/${id}`);
        ctx.out.result(deleted, () => `Deleted ${id}`);
      }),
    );
}
