import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The node flags `bin/serve` (what `npm start` and the image run) passes to Gatehouse. That script is the
 * one place they are spelled (docs/performance.md says what each is worth): V8 reads them only on its
 * command line, or at least before the heap is set up, so no code sets them. main warns when one is
 * missing, and the benchmark starts the service with them.
 */
export function startFlags(from = __dirname): string[] {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    if (dirname(dir) === dir) return [];
    dir = dirname(dir);
  }
  const serve = join(dir, 'bin/serve');
  if (!existsSync(serve)) return [];
  const flags = /\bnode((?:\s+--\S+)*)\s+dist\/src\/main\.js/.exec(
    readFileSync(serve, 'utf8'),
  )?.[1];
  return flags?.split(/\s+/).filter(Boolean) ?? [];
}
