import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Project } from './project.entity';
import { Organization } from './organization.entity';
import { OrganizationMember } from './organization-member.entity';
import { Environment } from './environment.entity';
import { MemberExits } from './member-exits.service';
import { MembersService } from './members.service';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsService } from './organizations.service';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';
import { UsersModule } from '../users/users.module';

@Module({
  imports: [
    TypeOrmModule.forFeature([Organization, OrganizationMember, Project, Environment]),
    UsersModule,
  ],
  controllers: [OrganizationsController, ProjectsController],
  providers: [OrganizationsService, MembersService, ProjectsService, MemberExits],
  exports: [OrganizationsService, MembersService, MemberExits],
})
export class OrganizationsModule {}
