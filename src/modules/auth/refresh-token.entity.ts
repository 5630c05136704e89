import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { Session } from './session.entity';

/**
 * A session's refresh tokens form one family (a chain through `parent_id`). Each is used once; using one
 * again outside the grace window revokes the whole session.
 */
@Entity('refresh_token')
export class RefreshToken {
  @PrimaryColumn('text')
  id: string;

  @Index('IDX_refresh_token_session_id')
  @Column('text')
  session_id: string;

  @ManyToOne(() => Session, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: Session;

  @Index('IDX_refresh_token_hash', { unique: true })
  @Column('text')
  token_hash: string;

  @Index('IDX_refresh_token_parent_id')
  @Column('text', { nullable: true })
  parent_id: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at: Date;

  @Column('timestamptz', { nullable: true })
  used_at: Date | null;
}
