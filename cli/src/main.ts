import { Command, CommanderError, Option } from 'commander';
import { accessKeyCommands, apiKeyCommands } from './commands/keys';
import { authCommands } from './commands/auth';
import { organizationCommands } from './commands/organizations';
import { CliError, EXIT } from './errors';
import { VERSION } from './version';

const EXIT_CODES_HELP = `
Credentials, first found: --access-key-stdin, GATEHOUSE_ACCESS_KEY, the login of \`gatehouse login\`.
Never pass a secret as an argument: it would stay in your shell history.

Environment: GATEHOUSE_URL (server), GATEHOUSE_ACCESS_KEY (CI), GATEHOUSE_ORG (default --org),
GATEHOUSE_CONFIG_DIR (where the login is kept).

Exit codes: 0 ok, 1 error, 2 usage, 3 not authenticated, 4 forbidden, 5 not found.`;

export function program(): Command {
  const root = new Command('gatehouse')
    .description(
      'Gatehouse from the command line: organizations, projects, environments, members, access keys and API keys',
    )
    .version(VERSION)
    .addOption(
      new Option('--url <url>', 'the Gatehouse server (default: http://localhost:9000)').env(
        'GATEHOUSE_URL',
      ),
    )
    .option('--json', 'print the result as JSON (stable shapes: docs/cli.md)')
    .option('--access-key-stdin', 'read an access key from standard input')
    .addHelpText('after', EXIT_CODES_HELP)
    .showHelpAfterError('(add --help for usage)')
    .configureHelp({ showGlobalOptions: true })
    // Set before the commands are added, so that each inherits them.
    .exitOverride();
  authCommands(root);
  organizationCommands(root);
  accessKeyCommands(root);
  apiKeyCommands(root);
  return root;
}

/** Runs the CLI on `argv` and sets the exit code; errors are words on stderr, never a stack. */
export async function run(argv: string[]): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (error) {
    process.exitCode = report(error);
  }
}

function report(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has printed the message (or the help, or the version) already.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof CliError) {
    process.stderr.write(`gatehouse: ${error.message}\n`);
    return error.exitCode;
  }
  process.stderr.write(
    `gatehouse: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  return EXIT.error;
}
