import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * helmet's security headers (CSP that lets Swagger UI run, HSTS, nosniff, frame and referrer policies…),
 * computed once at start-up: they are the same for every response, and helmet per request cost a third of
 * /health's throughput here (issue 7: no per-request work that can be done at start-up).
 */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string) => {
      headers[name.toLowerCase()] = value;
    },
    removeHeader: () => undefined,
  } as unknown as ServerResponse;
  helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'", "'unsafe-inline'"],
      },
    },
  })({} as IncomingMessage, response, () => undefined);
  return headers;
}
