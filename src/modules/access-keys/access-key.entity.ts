import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

export const ACCESS_KEY_OWNERS = ['organization', 'personal'] as const;
export type AccessKeyOwner = (typeof ACCESS_KEY_OWNERS)[number];

/**
 * Organization (`oak_…`) and personal (`pak_…`) access keys. Only the SHA-256 of the token is kept.
 * A deleted key keeps its row (for the audit trail) with `deleted_at` set, and never authenticates again.
 */
@Entity('access_key')
@Check(
  'CHK_access_key_owner',
  `(owner = 'organization' AND organization_id IS NOT NULL AND user_id IS NULL) OR (owner = 'personal' AND user_id IS NOT NULL AND organization_id IS NULL)`,
)
@Index('IDX_access_key_organization', ['organization_id', 'created_at'], {
  where: 'deleted_at IS NULL',
})
@Index('IDX_access_key_user', ['user_id', 'created_at'], { where: 'deleted_at IS NULL' })
export class AccessKey {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  owner: AccessKeyOwner;

  @Column('text', { nullable: true })
  @ForeignKey('Organization', { onDelete: 'CASCADE' })
  organization_id: string | null;

  @Column('text', { nullable: true })
  @ForeignKey('User', { onDelete: 'CASCADE' })
  user_id: string | null;

  @Column('text')
  name: string;

  @Index('IDX_access_key_token_hash', { unique: true })
  @Column('text')
  token_hash: string;

  @Column('text')
  redacted: string;

  /** The user who created the key (for an organization key: the member who did). */
  @Column('text')
  created_by: string;

  /**
   * The owner or admin who adopted an organization key; the key then carries their role instead of its
   * creator's, and outlives the creator's membership.
   */
  @Column('text', { nullable: true })
  adopted_by: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at: Date;

  @Column('timestamptz', { nullable: true })
  last_used_at: Date | null;

  @Column('timestamptz', { nullable: true })
  deleted_at: Date | null;
}
