import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync, statSync } from 'node:fs';
import { join, normalize, resolve } from 'node:path';

/**
 * The console's built files (`npm run build` puts them in `dist/console`): from `dist/src` when the
 * service runs compiled, from `src` when it runs from source (tests, `start:dev`).
 */
export const CONSOLE_DIR = resolve(
  __dirname,
  __filename.endsWith('.ts') ? '../dist/console' : '../console',
);

/**
 * The console's pages may run only their own scripts, talk only to this service, and never be framed.
 * Styles may be inline: the dialog library sets them.
 */
const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Vite names every built asset after its content: it may be kept for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * `GET /console/…`: a built file when one has that path, else the single page's `index.html` (its
 * router draws the page), never cached, so a new deployment is picked up at the next load.
 */
export async function serveConsole(fastify: FastifyInstance, dir = CONSOLE_DIR): Promise<void> {
  if (!existsSync(join(dir, 'index.html'))) return;
  await fastify.register(fastifyStatic, { root: dir, serve: false });
  const page = (reply: FastifyReply) =>
    reply
      .header('cache-control', 'no-store')
      .header('content-security-policy', CONSOLE_CSP)
      .sendFile('index.html', { cacheControl: false });
  fastify.get('/console', (_request, reply) => reply.redirect('/console/', 301));
  fastify.get<{ Params: { '*': string } }>('/console/*', (request, reply) => {
    const path = normalize(request.params['*'] || 'index.html');
    const file = join(dir, path);
    if (path.startsWith('..') || !file.startsWith(dir) || path === 'index.html') return page(reply);
    if (!existsSync(file) || !statSync(file).isFile()) return page(reply);
    return reply
      .header('cache-control', path.startsWith('assets/') ? IMMUTABLE : 'no-cache')
      .header('content-security-policy', CONSOLE_CSP)
      .sendFile(path, { cacheControl: false });
  });
}
