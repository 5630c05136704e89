import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

export const DEVICE_AUTHORIZATION_STATUSES = ['pending', 'approved', 'denied', 'spent'] as const;
export type DeviceAuthorizationStatus = (typeof DEVICE_AUTHORIZATION_STATUSES)[number];

/**
 * One device login (RFC 8628): a CLI asked, a person approves or denies it, the CLI collects its session
 * once. The device code and the user code are kept as their SHA-256 only. The approval holds only while
 * the approver's session does: signing it out, changing the password or deleting the user (each revokes
 * the session) voids an approval the CLI has not collected yet.
 */
@Entity('device_authorization')
@Check('CHK_device_authorization_status', `status IN ('pending', 'approved', 'denied', 'spent')`)
export class DeviceAuthorization {
  @PrimaryColumn('text')
  id: string;

  @Index('IDX_device_authorization_device_code_hash', { unique: true })
  @Column('text')
  device_code_hash: string;

  @Index('IDX_device_authorization_user_code_hash', { unique: true })
  @Column('text')
  user_code_hash: string;

  /** What the CLI calls itself, with its machine: shown to the approver and named on the session. */
  @Column('text')
  client_name: string;

  /** The requester's address and user agent. */
  @Column('text', { nullable: true })
  ip: string | null;

  @Column('text', { nullable: true })
  user_agent: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at: Date;

  @Column('timestamptz')
  expires_at: Date;

  /** Seconds the CLI must wait between polls; `slow_down` adds five. */
  @Column('integer')
  interval_seconds: number;

  @Column('timestamptz', { nullable: true })
  last_polled_at: Date | null;

  @Column('text', { default: 'pending' })
  status: DeviceAuthorizationStatus;

  /** The approver (or the person who denied), their identity and the session they decided in. */
  @Column('text', { nullable: true })
  @ForeignKey('User', { onDelete: 'CASCADE' })
  user_id: string | null;

  @Column('text', { nullable: true })
  @ForeignKey('AuthIdentity', { onDelete: 'CASCADE' })
  auth_identity_id: string | null;

  @Column('text', { nullable: true })
  @ForeignKey('Session', { onDelete: 'CASCADE' })
  decided_in_session_id: string | null;

  @Column('text', { nullable: true })
  decided_from_ip: string | null;

  @Column('timestamptz', { nullable: true })
  decided_at: Date | null;

  /** The CLI session it was spent on. */
  @Column('text', { nullable: true })
  @ForeignKey('Session', { onDelete: 'SET NULL' })
  session_id: string | null;
}
