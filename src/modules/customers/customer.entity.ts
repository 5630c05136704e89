import {
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';

@Entity('customer')
// Guest customers may share an email; only one customer per email may hold an account.
@Index('IDX_customer_email_has_account', ['email'], {
  unique: true,
  where: 'has_account = true AND deleted_at IS NULL',
})
export class Customer {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  email: string;

  @Column('text', { nullable: true })
  first_name: string | null;

  @Column('text', { nullable: true })
  last_name: string | null;

  @Column('text', { nullable: true })
  phone: string | null;

  @Column('boolean', { default: false })
  has_account: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updated_at: Date;

  @DeleteDateColumn({ type: 'timestamptz', nullable: true })
  deleted_at: Date | null;
}
