import type { AuthMethod } from './auth-context';

/** The passport strategy registered for each credential kind. */
export const STRATEGY_FOR_METHOD: Record<AuthMethod, string> = {
  bearer: 'jwt',
  session: 'session-cookie',
  'api-key': 'api-key',
  'access-key': 'access-key',
};

export const EMAILPASS_STRATEGY = 'emailpass';
