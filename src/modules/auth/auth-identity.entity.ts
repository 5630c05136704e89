import {
  Column,
  CreateDateColumn,
  Entity,
  OneToMany,
  PrimaryColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import type { AppMetadata } from '../../common/auth/auth-context';
import { ProviderIdentity } from './provider-identity.entity';

/** Links of one login to its actors: `{user_id?, customer_id?}` (one email may be both). */
@Entity('auth_identity')
export class AuthIdentity {
  @PrimaryColumn('text')
  id: string;

  @Column('jsonb')
  app_metadata: AppMetadata;

  @OneToMany(() => ProviderIdentity, (provider) => provider.auth_identity)
  provider_identities?: Relation<ProviderIdentity[]>;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updated_at: Date;
}
