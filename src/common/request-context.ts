import { AsyncLocalStorage } from 'node:async_hooks';

/** What the audit log records of a request, without services touching the request itself. */
export interface RequestContext {
  ip: string | null;
  user_agent: string | null;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

export function currentRequest(): RequestContext {
  return requestContext.getStore() ?? { ip: null, user_agent: null };
}
