import {
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { UserMetadata } from '../../common/dto';

@Entity('user')
@Index('IDX_user_email_unique', ['email'], { unique: true, where: 'deleted_at IS NULL' })
export class User {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  email: string;

  @Column('text', { nullable: true })
  first_name: string | null;

  @Column('text', { nullable: true })
  last_name: string | null;

  @Column('text', { nullable: true })
  avatar_url: string | null;

  /** Medusa's user `metadata`. */
  @Column('jsonb', { nullable: true })
  metadata: UserMetadata | null;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updated_at: Date;

  @DeleteDateColumn({ type: 'timestamptz', nullable: true })
  deleted_at: Date | null;
}
