import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import { AuthIdentity } from './auth-identity.entity';

/** What the emailpass provider keeps; never serialised to a client. */
export interface EmailPassMetadata {
  password_hash: string;
}

@Entity('provider_identity')
@Index('IDX_provider_identity_provider_entity', ['provider', 'entity_id'], { unique: true })
export class ProviderIdentity {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  provider: string;

  /** For emailpass: the email, trimmed and lower-cased. */
  @Column('text')
  entity_id: string;

  @Index('IDX_provider_identity_auth_identity_id')
  @Column('text')
  auth_identity_id: string;

  @ManyToOne(() => AuthIdentity, (identity) => identity.provider_identities, {
    onDelete: 'CASCADE',
  })
  @JoinColumn({ name: 'auth_identity_id' })
  auth_identity?: Relation<AuthIdentity>;

  @Column('jsonb')
  provider_metadata: EmailPassMetadata;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updated_at: Date;
}
