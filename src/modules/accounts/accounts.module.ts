import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Invite } from './invite.entity';
import { AuthModule } from '../auth/auth.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { UsersModule } from '../users/users.module';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { InvitesController } from './invites.controller';
import { InvitesService } from './invites.service';

/** Admin users' lives: creation with a login (CLI, invites), changes and deletion across modules. */
@Module({
  imports: [TypeOrmModule.forFeature([Invite]), AuthModule, OrganizationsModule, UsersModule],
  controllers: [AccountsController, InvitesController],
  providers: [AccountsService, InvitesService],
  exports: [AccountsService, InvitesService],
})
export class AccountsModule {}
