import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthContext } from '../../common/auth/auth-context';
import { NotFoundError } from '../../common/errors/app-errors';
import { newId } from '../../common/ids';
import { Page, paginate, PaginationQuery } from '../../common/pagination';
import type { AuditMetadata } from '../../common/audit-entry';
import { AuditService } from '../audit/audit.service';
import type { EnvironmentResponse, ProjectResponse } from './dto/organization.dto';
import { Environment } from './environment.entity';
import { OrganizationsService } from './organizations.service';
import { Project } from './project.entity';

type Deleted<O extends string> = { id: string; object: O; deleted: true };

/**
 * The organization-level resources the access keys unlock (seed: "projects, environments, and billing").
 * Any member, and the organization's own keys, may manage them; everyone else gets 404.
 */
@Injectable()
export class ProjectsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
  ) {}

  async listProjects(
    auth: AuthContext,
    orgId: string,
    query: PaginationQuery,
  ): Promise<Page<ProjectResponse>> {
    await this.organizations.access(auth, orgId);
    const builder = this.dataSource.manager
      .createQueryBuilder(Project, 'project')
      .where('project.organization_id = :orgId', { orgId });
    return paginate(builder, query, (project) => this.project(project));
  }

  async createProject(auth: AuthContext, orgId: string, name: string): Promise<ProjectResponse> {
    await this.organizations.access(auth, orgId);
    const project = this.dataSource.manager.create(Project, {
      id: newId('proj'),
      organization_id: orgId,
      name,
    });
    await this.audited(auth, orgId, 'project.create', project.id, { name }, (manager) =>
      manager.save(project),
    );
    return this.project(project);
  }

  async retrieveProject(auth: AuthContext, orgId: string, id: string): Promise<ProjectResponse> {
    return this.project(await this.findProject(auth, orgId, id));
  }

  async renameProject(
    auth: AuthContext,
    orgId: string,
    id: string,
    name: string,
  ): Promise<ProjectResponse> {
    const project = await this.findProject(auth, orgId, id);
    project.name = name;
    await this.audited(auth, orgId, 'project.rename', id, { name }, (manager) =>
      manager.save(project),
    );
    return this.project(project);
  }

  async deleteProject(auth: AuthContext, orgId: string, id: string): Promise<Deleted<'project'>> {
    const project = await this.findProject(auth, orgId, id);
    await this.audited(auth, orgId, 'project.delete', id, { name: project.name }, (manager) =>
      manager.delete(Project, { id: project.id }),
    );
    return { id, object: 'project', deleted: true };
  }

  async listEnvironments(
    auth: AuthContext,
    orgId: string,
    projectId: string,
    query: PaginationQuery,
  ): Promise<Page<EnvironmentResponse>> {
    await this.findProject(auth, orgId, projectId);
    const builder = this.dataSource.manager
      .createQueryBuilder(Environment, 'environment')
      .where('environment.project_id = :projectId', { projectId });
    return paginate(builder, query, (environment) => this.environment(environment));
  }

  async createEnvironment(
    auth: AuthContext,
    orgId: string,
    projectId: string,
    name: string,
  ): Promise<EnvironmentResponse> {
    await this.findProject(auth, orgId, projectId);
    const environment = this.dataSource.manager.create(Environment, {
      id: newId('env'),
      project_id: projectId,
      name,
    });
    await this.audited(
      auth,
      orgId,
      'environment.create',
      environment.id,
      { name, project_id: projectId },
      (manager) => manager.save(environment),
    );
    return this.environment(environment);
  }

  async retrieveEnvironment(
    auth: AuthContext,
    orgId: string,
    projectId: string,
    id: string,
  ): Promise<EnvironmentResponse> {
    return this.environment(await this.findEnvironment(auth, orgId, projectId, id));
  }

  async renameEnvironment(
    auth: AuthContext,
    orgId: string,
    projectId: string,
    id: string,
    name: string,
  ): Promise<EnvironmentResponse> {
    const environment = await this.findEnvironment(auth, orgId, projectId, id);
    environment.name = name;
    await this.audited(
      auth,
      orgId,
      'environment.rename',
      id,
      { name, project_id: projectId },
      (manager) => manager.save(environment),
    );
    return this.environment(environment);
  }

  async deleteEnvironment(
    auth: AuthContext,
    orgId: string,
    projectId: string,
    id: string,
  ): Promise<Deleted<'environment'>> {
    const environment = await this.findEnvironment(auth, orgId, projectId, id);
    await this.audited(
      auth,
      orgId,
      'environment.delete',
      id,
      { name: environment.name, project_id: projectId },
      (manager) => manager.delete(Environment, { id: environment.id }),
    );
    return { id, object: 'environment', deleted: true };
  }

  /** Runs a change and records it in the organization's audit trail, in one transaction. */
  private async audited(
    auth: AuthContext,
    organizationId: string,
    action: string,
    targetId: string,
    metadata: AuditMetadata,
    change: (manager: EntityManager) => Promise<unknown>,
  ): Promise<void> {
    const [type] = action.split('.');
    await this.dataSource.transaction(async (manager) => {
      await change(manager);
      await this.audit.record(
        {
          auth,
          action,
          target: { type: type ?? action, id: targetId },
          organization_id: organizationId,
          metadata,
        },
        manager,
      );
    });
  }

  private async findProject(auth: AuthContext, orgId: string, id: string): Promise<Project> {
    await this.organizations.access(auth, orgId);
    const project = await this.dataSource.manager.findOneBy(Project, {
      id,
      organization_id: orgId,
    });
    if (!project) throw new NotFoundError(`Project with id: ${id} was not found`);
    return project;
  }

  private async findEnvironment(
    auth: AuthContext,
    orgId: string,
    projectId: string,
    id: string,
  ): Promise<Environment> {
    await this.findProject(auth, orgId, projectId);
    const environment = await this.dataSource.manager.findOneBy(Environment, {
      id,
      project_id: projectId,
    });
    if (!environment) throw new NotFoundError(`Environment with id: ${id} was not found`);
    return environment;
  }

  private project(project: Project): ProjectResponse {
    const { id, organization_id, name, created_at, updated_at } = project;
    return { id, organization_id, name, created_at, updated_at };
  }

  private environment(environment: Environment): EnvironmentResponse {
    const { id, project_id, name, created_at, updated_at } = environment;
    return { id, project_id, name, created_at, updated_at };
  }
}
