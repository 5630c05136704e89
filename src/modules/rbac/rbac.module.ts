import { Global, Module } from '@nestjs/common';
import { PermissionSource } from '../../common/auth/ports';
import { RbacController } from './rbac.controller';
import { RbacService } from './rbac.service';

/** Global, so user creation and API keys can read permissions; the auth core's PermissionSource. */
@Global()
@Module({
  controllers: [RbacController],
  providers: [RbacService, { provide: PermissionSource, useExisting: RbacService }],
  exports: [RbacService, PermissionSource],
})
export class RbacModule {}
