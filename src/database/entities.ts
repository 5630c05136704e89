import { AuthIdentity } from '../modules/auth/auth-identity.entity';
import { ProviderIdentity } from '../modules/auth/provider-identity.entity';
import { Customer } from '../modules/customers/customer.entity';
import { User } from '../modules/users/user.entity';

export const ENTITIES = [AuthIdentity, ProviderIdentity, User, Customer];
