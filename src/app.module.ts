import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthCoreModule } from './common/auth/auth-core.module';
import { CommonModule } from './common/common.module';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import type { AppConfig } from './config/config';
import { dataSourceOptions } from './database/data-source-options';
import { isTransientConnectionError } from './database/postgres-errors';
import { AccessKeysModule } from './modules/access-keys/access-keys.module';
import { AccountsModule } from './modules/accounts/accounts.module';
import { ApiKeysModule } from './modules/api-keys/api-keys.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { CustomersModule } from './modules/customers/customers.module';
import { HealthModule } from './modules/health/health.module';
import { HousekeepingModule } from './modules/housekeeping/housekeeping.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { OrganizationsModule } from './modules/organizations/organizations.module';
import { ProductsModule } from './modules/products/products.module';
import { RbacModule } from './modules/rbac/rbac.module';
import { SalesChannelsModule } from './modules/sales-channels/sales-channels.module';
import { UsersModule } from './modules/users/users.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CommonModule.forRoot(config),
        RateLimitModule,
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...dataSourceOptions(databaseUrl),
            autoLoadEntities: true,
            retryAttempts: 5,
            retryDelay: 1000,
            toRetry: isTransientConnectionError,
          }),
        }),
        AuthCoreModule.forRoot({
          bindings: [AuthModule, ApiKeysModule, AccessKeysModule, RbacModule, AuditModule],
        }),
        AuthModule,
        RbacModule,
        AuditModule,
        NotificationsModule,
        UsersModule,
        AccountsModule,
        CustomersModule,
        ApiKeysModule,
        SalesChannelsModule,
        ProductsModule,
        OrganizationsModule,
        AccessKeysModule,
        HealthModule,
        HousekeepingModule,
      ],
    };
  }
}
