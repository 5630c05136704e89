import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { Body, Param, Query } from '../../common/validation';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthContext } from '../../common/auth/decorators';
import { CloudRoute } from '../../common/auth/route-access';
import { listBody, PaginationQuery } from '../../common/pagination';
import { ErrorResponses } from '../../common/swagger';
import {
  EnvironmentEnvelope,
  EnvironmentList,
  ProjectEnvelope,
  ProjectList,
} from './dto/organization.dto';
import { ProjectsService } from './projects.service';
import { DeletedObject, NameDto } from '../../common/dto';

@ApiTags('Cloud projects and environments')
@Controller('cloud/organizations/:org_id/projects')
@CloudRoute()
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Get()
  @ApiOperation({ summary: "The organization's projects" })
  @ApiOkResponse({ type: ProjectList })
  @ErrorResponses(400, 401, 404)
  async list(
    @AuthContext() auth: AuthContext,
    @Param('org_id') orgId: string,
    @Query() query: PaginationQuery,
  ): Promise<ProjectList> {
    return listBody('projects', await this.projects.listProjects(auth, orgId, query));
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Create a project' })
  @ApiOkResponse({ type: ProjectEnvelope })
  @ErrorResponses(400, 401, 404)
  async create(
    @AuthContext() auth: AuthContext,
    @Param('org_id') orgId: string,
    @Body() body: NameDto,
  ): Promise<ProjectEnvelope> {
    return { project: await this.projects.createProject(auth, orgId, body.name) };
  }

  @Get(':project_id')
  @ApiOperation({ summary: 'A project' })
  @ApiOkResponse({ type: ProjectEnvelope })
  @ErrorResponses(401, 404)
  async retrieve(
    @AuthContext() auth: AuthContext,
    @Param('org_id') orgId: string,
    @Param('project_id') projectId: string,
  ): Promise<ProjectEnvelope> {
    return { project: await this.projects.retrieveProject(auth, orgId, projectId) };
  }

  @Patch(':project_id')
  @ApiOperation({ summary: 'Rename a project' })
  @ApiOkResponse({ type: ProjectEnvelope })
  @ErrorResponses(400, 401, 404)
  async rename(
    @AuthContext() auth: AuthContext,
    @Param('org_id') orgId: string,
    @Param('project_id') projectId: string,
    @Body() body: NameDto,
  ): Promise<ProjectEnvelope> {
    return { project: await this.projects.renameProject(auth, orgId, projectId, body.name) };
  }

  @Delete(':project_id')
  @ApiOperation({ summary: 'Delete a project and its environments' })
  @ApiOkResponse({ type: DeletedObject })
  @ErrorResponses(401, 404)
  delete(
    @AuthContext() auth: AuthContext,
    @Param('org_id') orgId: string,
    @Param('project_id') projectId: string,
  ): Promise<DeletedObject> {
    return this.projects.deleteProject(auth, orgId, projectId);
  }

  @Get(':project_id/environments')
  @ApiOperation({ summary: "A project's environments" })
  @ApiOkResponse({ type: EnvironmentList })
  @ErrorResponses(400, 401, 404)
  async listEnvironments(
    @AuthContext() auth: AuthContext,
    @Param('org_id') orgId: string,
    @Param('project_id') projectId: string,
    @Query() query: PaginationQuery,
  ): Promise<EnvironmentList> {
    return listBody(
      'environments',
      await this.projects.listEnvironments(auth, orgId, projectId, query),
    );
  }

  @Post(':project_id/environments')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create an environment' })
  @ApiOkResponse({ type: EnvironmentEnvelope })
  @ErrorResponses(400, 401, 404)
  async createEnvironment(
    @AuthContext() auth: AuthContext,
    @Param('org_id') orgId: string,
    @Param('project_id') projectId: string,
    @Body() body: NameDto,
  ): Promise<EnvironmentEnvelope> {
    return {
      environment: await this.projects.createEnvironment(auth, orgId, projectId, body.name),
    };
  }

  @Get(':project_id/environments/:environment_id')
  @ApiOperation({ summary: 'An environment' })
  @ApiOkResponse({ type: EnvironmentEnvelope })
  @ErrorResponses(401, 404)
  async retrieveEnvironment(
    @AuthContext() auth: AuthContext,
    @Param('org_id') orgId: string,
    @Param('project_id') projectId: string,
    @Param('environment_id') id: string,
  ): Promise<EnvironmentEnvelope> {
    return { environment: await this.projects.retrieveEnvironment(auth, orgId, projectId, id) };
  }

  @Patch(':project_id/environments/:environment_id')
  @ApiOperation({ summary: 'Rename an environment' })
  @ApiOkResponse({ type: EnvironmentEnvelope })
  @ErrorResponses(400, 401, 404)
  async renameEnvironment(
    @AuthContext() auth: AuthContext,
    @Param('org_id') orgId: string,
    @Param('project_id') projectId: string,
    @Param('environment_id') id: string,
    @Body() body: NameDto,
  ): Promise<EnvironmentEnvelope> {
    return {
      environment: await this.projects.renameEnvironment(auth, orgId, projectId, id, body.name),
    };
  }

  @Delete(':project_id/environments/:environment_id')
  @ApiOperation({ summary: 'Delete an environment' })
  @ApiOkResponse({ type: DeletedObject })
  @ErrorResponses(401, 404)
  deleteEnvironment(
    @AuthContext() auth: AuthContext,
    @Param('org_id') orgId: string,
    @Param('project_id') projectId: string,
    @Param('environment_id') id: string,
  ): Promise<DeletedObject> {
    return this.projects.deleteEnvironment(auth, orgId, projectId, id);
  }
}
