import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** An invitation to become an admin user; the token is stored as SHA-256 and works once. */
@Entity('invite')
export class Invite {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  email: string;

  @Index('IDX_invite_token_hash', { unique: true })
  @Column('text')
  token_hash: string;

  @Column('text', { array: true })
  role_ids: string[];

  @Column('text')
  created_by: string;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at: Date;

  @Column('timestamptz')
  expires_at: Date;

  @Column('timestamptz', { nullable: true })
  accepted_at: Date | null;

  @Column('text', { nullable: true })
  accepted_by: string | null;
}
