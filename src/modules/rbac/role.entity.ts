import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('role')
export class Role {
  @PrimaryColumn('text')
  id: string;

  @Index('IDX_role_name_unique', { unique: true })
  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('text', { array: true })
  permissions: string[];

  @Column('boolean', { default: false })
  built_in: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updated_at: Date;
}
