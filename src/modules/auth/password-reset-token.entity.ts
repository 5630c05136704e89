import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { ProviderIdentity } from './provider-identity.entity';

/** Single-use, 15 minutes; stored as SHA-256. A new request replaces the identity's earlier tokens. */
@Entity('password_reset_token')
export class PasswordResetToken {
  @PrimaryColumn('text')
  id: string;

  @Index('IDX_password_reset_token_provider_identity_id')
  @Column('text')
  provider_identity_id: string;

  @ManyToOne(() => ProviderIdentity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'provider_identity_id' })
  provider_identity?: ProviderIdentity;

  @Column('text')
  actor_type: string;

  @Index('IDX_password_reset_token_hash', { unique: true })
  @Column('text')
  token_hash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at: Date;

  @Column('timestamptz')
  expires_at: Date;
}
