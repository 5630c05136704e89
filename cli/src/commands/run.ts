import type { Command } from 'commander';
import { createInterface } from 'node:readline/promises';
import { Context, GlobalOptions } from '../context';
import { CliError, EXIT } from '../errors';

/**
 * Wraps a command's action: commander calls it with the positional arguments, the command's options and
 * the command; the action receives a Context built from the global options, then the same arguments.
 */
export function run<A extends unknown[]>(action: (ctx: Context, ...args: A) => Promise<void>) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args[args.length - 1] as Command;
    await action(
      new Context(command.optsWithGlobals<GlobalOptions>()),
      ...(args.slice(0, -1) as A),
    );
  };
}
export type Run = typeof run;

/**
 * Asks before a removal: `--yes` answers for scripts; at a terminal the person is asked; anywhere else
 * the command refuses rather than guess.
 */
export async function confirm(question: string, yes: boolean | undefined): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY || !process.stderr.isTTY)
    throw new CliError(`${question} Pass --yes to confirm.`, EXIT.usage);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`${question} [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new CliError('Cancelled', EXIT.error);
  } finally {
    prompt.close();
  }
}
