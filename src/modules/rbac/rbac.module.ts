import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PermissionsGuard } from '../../common/auth/permissions.guard';
import { RbacController } from './rbac.controller';
import { RbacService } from './rbac.service';

/**
 * Global, so user creation and API keys can read permissions. Its guard is registered after the
 * AuthGuard (AppModule imports AuthModule first), so it always sees the authenticated caller.
 */
@Global()
@Module({
  controllers: [RbacController],
  providers: [RbacService, { provide: APP_GUARD, useClass: PermissionsGuard }],
  exports: [RbacService],
})
export class RbacModule {}
