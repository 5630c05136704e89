import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One login (DESIGN §3: the JWT carries `sid`). Revoking it (logout, password change, refresh-token reuse)
 * makes every JWT and refresh token of the login fail, on every instance.
 */
@Entity('session')
@Index('IDX_session_auth_identity', ['auth_identity_id', 'created_at'])
// Housekeeping's batches, oldest first (migration SessionPurgeIndexes).
@Index('IDX_session_expires_at', ['expires_at'])
@Index('IDX_session_revoked_at', ['revoked_at'], { where: '"revoked_at" IS NOT NULL' })
export class Session {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  auth_identity_id: string;

  @Column('text')
  actor_type: string;

  /** Empty for a registration session (no actor linked yet). */
  @Column('text')
  actor_id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at: Date;

  @Column('timestamptz')
  last_seen_at: Date;

  @Column('timestamptz')
  expires_at: Date;

  @Column('timestamptz', { nullable: true })
  revoked_at: Date | null;

  @Column('text', { nullable: true })
  ip: string | null;

  @Column('text', { nullable: true })
  user_agent: string | null;

  /** What opened it, when not a browser or a script's login: a device login names its CLI and machine. */
  @Column('text', { nullable: true })
  name: string | null;
}
