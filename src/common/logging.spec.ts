import { Writable } from 'node:stream';
import { createLog, PinoNestLogger, redactUrl } from './logging';

const SK = `sk_${'A1b2'.repeat(11)}abcdef`;
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOiJzZXNzXzEifQ.c2lnbmF0dXJl';

describe('redactUrl', () => {
  it.each([
    ['a path without a query, untouched', '/admin/users/me', '/admin/users/me'],
    [
      'a harmless query, untouched',
      '/admin/users?q=ada%20l&limit=5',
      '/admin/users?q=ada%20l&limit=5',
    ],
    ['api_token', `/admin/products?api_token=${SK}`, '/admin/products?api_token=[redacted]'],
    [
      'api_token spelled with a percent-escape, as the parser decodes it',
      `/admin/products?api%5Ftoken=${SK}&limit=1`,
      '/admin/products?api%5Ftoken=[redacted]&limit=1',
    ],
    [
      'a repeated api_token',
      '/x?api_token=a&api_token=b',
      '/x?api_token=[redacted]&api_token=[redacted]',
    ],
    ['a reset token', '/reset?token=prt_x&email=a%40b.c', '/reset?token=[redacted]&email=a%40b.c'],
    ['a key under another name', `/x?key=${SK}`, '/x?key=%5Bredacted%5D'],
    ['a percent-encoded key under another name', `/x?k=sk%5F${SK.slice(3)}`, '/x?k=%5Bredacted%5D'],
    ['a JWT under another name', `/x?jwt=${JWT}`, '/x?jwt=%5Bredacted%5D'],
    ['a refresh token as a parameter name', `/x?rt_${'z'.repeat(43)}`, '/x?%5Bredacted%5D'],
    [
      'access keys and invite tokens',
      `/x?a=oak_${'q'.repeat(49)}&b=pak_${'q'.repeat(49)}&c=invite_${'q'.repeat(43)}`,
      '/x?a=%5Bredacted%5D&b=%5Bredacted%5D&c=%5Bredacted%5D',
    ],
    [
      'malformed escapes, kept as sent',
      '/x?q=%E0%A4%A&api_token=%zz',
      '/x?q=%E0%A4%A&api_token=[redacted]',
    ],
  ])('%s', (_case, url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });
});

describe('PinoNestLogger', () => {
  function capture(level: Parameters<typeof createLog>[0]) {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    return { lines, logger: new PinoNestLogger(createLog(level, stream)) };
  }

  it("writes Nest's messages as pino JSON lines with their context, at pino's levels", () => {
    const { lines, logger } = capture('trace');
    logger.log('listening', 'Gatehouse');
    logger.warn('careful');
    logger.error('failed', 'Error: failed\n    at x', 'Mail');
    logger.verbose('details', 'Mail');
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, context: 'Gatehouse', msg: 'listening' }),
      expect.objectContaining({ level: 40, msg: 'careful' }),
      expect.objectContaining({
        level: 50,
        context: 'Mail',
        stack: 'Error: failed\n    at x',
        msg: 'failed',
      }),
      expect.objectContaining({ level: 10, context: 'Mail', msg: 'details' }),
    ]);
  });

  it('puts the route table at debug, and writes nothing below the level', () => {
    const { lines, logger } = capture('info');
    logger.log('Mapped {/health, GET} route', 'RouterExplorer');
    logger.debug('hidden');
    logger.log('shown', 'Gatehouse');
    expect(lines.map((line) => line.msg)).toEqual(['shown']);

    const verbose = capture('debug');
    verbose.logger.log('Mapped {/health, GET} route', 'RouterExplorer');
    expect(verbose.lines).toEqual([
      expect.objectContaining({ level: 20, context: 'RouterExplorer' }),
    ]);
  });
});
