import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserRole } from './user-role.entity';
import { Role } from './role.entity';
import { PermissionSource } from '../../common/auth/ports';
import { UsersModule } from '../users/users.module';
import { MeController } from './me.controller';
import { RbacController } from './rbac.controller';
import { RbacService } from './rbac.service';

/** Global, so user creation and API keys can read permissions; the auth core's PermissionSource. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Role, UserRole]), UsersModule],
  controllers: [RbacController, MeController],
  providers: [RbacService, { provide: PermissionSource, useExisting: RbacService }],
  exports: [RbacService, PermissionSource],
})
export class RbacModule {}
