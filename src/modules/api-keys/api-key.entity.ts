import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinTable,
  ManyToMany,
  PrimaryColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import type { SalesChannel } from '../sales-channels/sales-channels.service';

export const API_KEY_TYPES = ['secret', 'publishable'] as const;
export type ApiKeyType = (typeof API_KEY_TYPES)[number];

/**
 * DESIGN §4: only the SHA-256 of a token is stored. After a roll, the previous token's hash stays valid
 * until `previous_token_expires_at` (Stripe-style grace period).
 */
@Entity('api_key')
export class ApiKey {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  title: string;

  @Index('IDX_api_key_type')
  @Column('text')
  type: ApiKeyType;

  @Index('IDX_api_key_token_hash', { unique: true })
  @Column('text')
  token_hash: string;

  @Column('text')
  redacted: string;

  @Index('IDX_api_key_previous_token_hash', {
    unique: true,
    where: 'previous_token_hash IS NOT NULL',
  })
  @Column('text', { nullable: true })
  previous_token_hash: string | null;

  @Column('timestamptz', { nullable: true })
  previous_token_expires_at: Date | null;

  /** Permissions the key is narrowed to; null means the creator's own. */
  @Column('text', { array: true, nullable: true })
  scopes: string[] | null;

  /** The user the key acts as. */
  @Index('IDX_api_key_created_by')
  @Column('text')
  created_by: string;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updated_at: Date;

  @Column('timestamptz', { nullable: true })
  expires_at: Date | null;

  @Column('timestamptz', { nullable: true })
  last_used_at: Date | null;

  /** A time in the future means "scheduled": the key works until then. */
  @Column('timestamptz', { nullable: true })
  revoked_at: Date | null;

  @Column('text', { nullable: true })
  revoked_by: string | null;

  @ManyToMany('SalesChannel')
  @JoinTable({
    name: 'publishable_api_key_sales_channel',
    joinColumn: { name: 'api_key_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'sales_channel_id', referencedColumnName: 'id' },
  })
  sales_channels?: Relation<SalesChannel[]>;
}
