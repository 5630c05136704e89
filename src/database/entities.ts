import { AccessKey } from '../modules/access-keys/access-key.entity';
import { AuditEvent } from '../modules/audit/audit-event.entity';
import { ApiKey } from '../modules/api-keys/api-key.entity';
import { PasswordResetToken } from '../modules/auth/password-reset-token.entity';
import { AuthIdentity } from '../modules/auth/auth-identity.entity';
import { ProviderIdentity } from '../modules/auth/provider-identity.entity';
import { Customer } from '../modules/customers/customer.entity';
import { Environment } from '../modules/organizations/environment.entity';
import { OrganizationMember } from '../modules/organizations/organization-member.entity';
import { Organization } from '../modules/organizations/organization.entity';
import { Project } from '../modules/organizations/project.entity';
import { Invite } from '../modules/users/invite.entity';
import { Product } from '../modules/products/product.entity';
import { Role } from '../modules/rbac/role.entity';
import { UserRole } from '../modules/rbac/user-role.entity';
import { SalesChannel } from '../modules/sales-channels/sales-channel.entity';
import { RefreshToken } from '../modules/auth/refresh-token.entity';
import { Session } from '../modules/auth/session.entity';
import { User } from '../modules/users/user.entity';

export const ENTITIES = [
  AuthIdentity,
  ProviderIdentity,
  User,
  Customer,
  SalesChannel,
  Product,
  ApiKey,
  Organization,
  OrganizationMember,
  Project,
  Environment,
  AccessKey,
  Role,
  UserRole,
  AuditEvent,
  Session,
  RefreshToken,
  PasswordResetToken,
  Invite,
];
