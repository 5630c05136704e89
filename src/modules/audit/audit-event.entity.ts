import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import type { AuditMetadata, AuditOutcome } from '../../common/audit-entry';

/**
 * Append-only (a trigger refuses UPDATE and DELETE). `metadata` never holds a token, password or hash:
 * callers pass only names, ids, emails and counts.
 */
@Entity('audit_event')
@Index('IDX_audit_event_occurred_at', ['occurred_at'])
@Index('IDX_audit_event_actor', ['actor_id', 'occurred_at'])
@Index('IDX_audit_event_organization', ['organization_id', 'occurred_at'])
export class AuditEvent {
  @PrimaryColumn('text')
  id: string;

  @Column('timestamptz')
  occurred_at: Date;

  /** `user`, `customer`, `organization` (an organization key) or `anonymous`. */
  @Column('text')
  actor_type: string;

  @Column('text', { nullable: true })
  actor_id: string | null;

  /** `bearer`, `api-key`, `access-key`, `password` (a login) or null. */
  @Column('text', { nullable: true })
  auth_method: string | null;

  /** The key the actor used, when it was an API key or an access key. */
  @Column('text', { nullable: true })
  credential_id: string | null;

  @Column('text')
  action: string;

  @Column('text', { nullable: true })
  target_type: string | null;

  @Index('IDX_audit_event_target_id')
  @Column('text', { nullable: true })
  target_id: string | null;

  /** For events inside an organization, so its owners and admins can read them. */
  @Column('text', { nullable: true })
  organization_id: string | null;

  @Column('text', { nullable: true })
  ip: string | null;

  @Column('text', { nullable: true })
  user_agent: string | null;

  @Column('text')
  outcome: AuditOutcome;

  @Column('jsonb')
  metadata: AuditMetadata;
}
