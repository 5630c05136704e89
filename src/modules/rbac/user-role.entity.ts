import {
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { Role } from './role.entity';

/** Primary key (user_id, role_id): a user's permissions are one indexed read. */
@Entity('user_role')
export class UserRole {
  @PrimaryColumn('text')
  @ForeignKey('User', { onDelete: 'CASCADE' })
  user_id: string;

  @Index('IDX_user_role_role_id')
  @PrimaryColumn('text')
  role_id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at: Date;

  @ManyToOne(() => Role, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'role_id' })
  role?: Role;
}
