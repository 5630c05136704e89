import { ApiKey } from '../modules/api-keys/api-key.entity';
import { AuthIdentity } from '../modules/auth/auth-identity.entity';
import { ProviderIdentity } from '../modules/auth/provider-identity.entity';
import { Customer } from '../modules/customers/customer.entity';
import { Product } from '../modules/products/product.entity';
import { SalesChannel } from '../modules/sales-channels/sales-channel.entity';
import { User } from '../modules/users/user.entity';

export const ENTITIES = [
  AuthIdentity,
  ProviderIdentity,
  User,
  Customer,
  SalesChannel,
  Product,
  ApiKey,
];
