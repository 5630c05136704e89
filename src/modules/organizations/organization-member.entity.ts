import {
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { Organization } from './organization.entity';

export const MEMBER_ROLES = ['owner', 'admin', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** Owners and admins manage members and keys, and see billing and the audit trail. */
export function isManager(role: string | undefined): boolean {
  return role === 'owner' || role === 'admin';
}

@Entity('organization_member')
export class OrganizationMember {
  @PrimaryColumn('text')
  organization_id: string;

  /** Lists "my organizations" and checks a personal key's reach by user. */
  @Index('IDX_organization_member_user_id')
  @PrimaryColumn('text')
  @ForeignKey('User', { onDelete: 'CASCADE' })
  user_id: string;

  @Column('text')
  role: MemberRole;

  @CreateDateColumn({ type: 'timestamptz' })
  joined_at: Date;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;
}
