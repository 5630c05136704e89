import { Module } from '@nestjs/common';
import { MemberExits } from './member-exits';
import { MembersService } from './members.service';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsService } from './organizations.service';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';

@Module({
  controllers: [OrganizationsController, ProjectsController],
  providers: [OrganizationsService, MembersService, ProjectsService, MemberExits],
  exports: [OrganizationsService, MembersService, MemberExits],
})
export class OrganizationsModule {}
