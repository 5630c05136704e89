import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

/**
 * Gatehouse's API, typed from its own OpenAPI document (`npm run console:api` regenerates schema.d.ts; a
 * test fails when it and the API drift apart). Same origin: the session cookie goes along, and every
 * change carries the page's Origin, which the server checks.
 */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

export type Schemas = components['schemas'];

/** An answer other than 2xx, with the API's message (`{type, message}`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The body of a 2xx answer; otherwise an ApiError in the API's words. */
export async function data<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data: body, error, response } = await call;
  if (!response.ok || error !== undefined) {
    const message = (error as { message?: unknown } | undefined)?.message;
    throw new ApiError(
      response.status,
      typeof message === 'string' ? message : `The server answered ${response.status}`,
    );
  }
  return body as T;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong';
}
