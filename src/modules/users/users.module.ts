import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { CloudMeController } from './cloud-me.controller';
import { InvitesController } from './invites.controller';
import { InvitesService } from './invites.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [AuthModule, OrganizationsModule],
  controllers: [UsersController, CloudMeController, InvitesController],
  providers: [UsersService, InvitesService],
  exports: [UsersService],
})
export class UsersModule {}
