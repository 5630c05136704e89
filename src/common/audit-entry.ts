import type { EntityManager } from 'typeorm';
import type { AuthContext } from './auth/auth-context';
import type { ClientInfo } from './client-info';

export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Plain values only: names, ids, emails, counts, lists of them. */
export type AuditMetadata = Record<string, string | number | boolean | null | string[]>;

/** One security event, as every module records it (the audit module stores it). */
export interface AuditEntry {
  /** The authenticated caller; omitted for logins and registrations (see `actor`). */
  auth?: AuthContext;
  /** Who acted when there is no AuthContext yet (a login attempt). */
  actor?: { type: string; id: string | null; method: string | null };
  /** Where from, when there is no AuthContext (which carries its own). */
  client?: ClientInfo;
  action: string;
  outcome?: AuditOutcome;
  target?: { type: string; id: string | null };
  organization_id?: string | null;
  /** Names, ids, emails, counts: never a token, password or hash. */
  metadata?: AuditMetadata;
}

/**
 * The port through which code below the modules (the global guards) records an event; the audit module
 * binds its AuditService to it.
 */
export abstract class AuditLog {
  /** Pass the transaction's manager so the event commits (or not) with the change. */
  abstract record(entry: AuditEntry, manager?: EntityManager): Promise<void>;
}
