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

export const PRODUCT_STATUSES = ['draft', 'proposed', 'published', 'rejected'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

@Entity('product')
export class Product {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  title: string;

  @Index('IDX_product_handle_unique', { unique: true })
  @Column('text')
  handle: string;

  @Column('text', { default: 'draft' })
  status: ProductStatus;

  @Column('text', { nullable: true })
  description: string | null;

  @ManyToMany('SalesChannel')
  @JoinTable({
    name: 'product_sales_channel',
    joinColumn: { name: 'product_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'sales_channel_id', referencedColumnName: 'id' },
  })
  sales_channels?: Relation<SalesChannel[]>;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updated_at: Date;
}
