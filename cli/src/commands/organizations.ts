import { Command, Option } from 'commander';
import { table, when } from '../output';
import * as resolve from '../resolve';
import type { Deleted, Environment, Member, Organization, Project } from '../types';
import { confirm, run } from './run';

const ORG_HELP = 'organization id or name (default: GATEHOUSE_ORG, or your only organization)';
const ROLES = ['owner', 'admin', 'member'];

export function organizationCommands(program: Command): void {
  const orgs = program.command('orgs').description('Organizations you belong to');
  orgs
    .command('list')
    .description('List your organizations and your role in each')
    .action(
      run(async (ctx) => {
        const api = await ctx.api();
        const organizations = await api.all<Organization>('/cloud/organizations', 'organizations');
        ctx.out.result({ organizations }, () =>
          table(
            organizations,
            [
              ['id', (o) => o.id],
              ['name', (o) => o.name],
              ['role', (o) => o.role],
              ['plan', (o) => o.plan],
              ['created', (o) => when(o.created_at)],
            ],
            'No organizations.',
          ),
        );
      }),
    );
  orgs
    .command('create <name>')
    .description('Create an organization; you become its owner')
    .action(
      run(async (ctx, name: string) => {
        const api = await ctx.api();
        const { organization } = await api.request<{ organization: Organization }>(
          'POST',
          '/cloud/organizations',
          { body: { name } },
        );
        ctx.out.result(
          { organization },
          () => `Created the organization ${organization.name} (${organization.id})`,
        );
      }),
    );

  const members = program.command('members').description("An organization's members");
  members
    .command('list')
    .description('List the members and their roles')
    .option('--org <org>', ORG_HELP)
    .action(
      run(async (ctx, options: { org?: string }) => {
        const api = await ctx.api();
        const org = await resolve.organization(api, options.org);
        const list = await api.all<Member>(`${resolve.orgPath(org)}/members`, 'members');
        ctx.out.result({ members: list }, () =>
          table(
            list,
            [
              ['user id', (m) => m.user_id],
              ['email', (m) => m.email],
              ['role', (m) => m.role],
              ['joined', (m) => when(m.joined_at)],
            ],
            'No members.',
          ),
        );
      }),
    );
  members
    .command('add <email>')
    .description('Add an existing user by email (owners and admins; only owners add owners)')
    .addOption(new Option('--role <role>', 'their role').choices(ROLES).default('member'))
    .option('--org <org>', ORG_HELP)
    .action(
      run(async (ctx, email: string, options: { role: string; org?: string }) => {
        const api = await ctx.person('Managing members');
        const org = await resolve.organization(api, options.org);
        const { member } = await api.request<{ member: Member }>(
          'POST',
          `${resolve.orgPath(org)}/members`,
          { body: { email, role: options.role } },
        );
        ctx.out.result({ member }, () => `Added ${member.email} to ${org.name} as ${member.role}`);
      }),
    );
  members
    .command('set-role <member> <role>')
    .description("Change a member's role (member: user id or email)")
    .option('--org <org>', ORG_HELP)
    .action(
      run(async (ctx, reference: string, role: string, options: { org?: string }) => {
        const api = await ctx.person('Managing members');
        const org = await resolve.organization(api, options.org);
        const target = await resolve.member(api, org, reference);
        const { member } = await api.request<{ member: Member }>(
          'PATCH',
          `${resolve.orgPath(org)}/members/${target.user_id}`,
          { body: { role } },
        );
        ctx.out.result({ member }, () => `${member.email} is now ${member.role} in ${org.name}`);
      }),
    );
  members
    .command('remove <member>')
    .description(
      'Remove a member (user id or email); the organization keys they created stop working',
    )
    .option('--org <org>', ORG_HELP)
    .option('-y, --yes', 'do not ask for confirmation')
    .action(
      run(async (ctx, reference: string, options: { org?: string; yes?: boolean }) => {
        const api = await ctx.person('Managing members');
        const org = await resolve.organization(api, options.org);
        const target = await resolve.member(api, org, reference);
        await confirm(`Remove ${target.email} from ${org.name}?`, options.yes);
        const removed = await api.request<Deleted & { revoked_access_keys: string[] }>(
          'DELETE',
          `${resolve.orgPath(org)}/members/${target.user_id}`,
        );
        ctx.out.result(
          removed,
          () =>
            `Removed ${target.email} from ${org.name}` +
            (removed.revoked_access_keys.length
              ? `; ${removed.revoked_access_keys.length} of their organization keys stopped working`
              : ''),
        );
      }),
    );

  const projects = program.command('projects').description("An organization's projects");
  projects
    .command('list')
    .option('--org <org>', ORG_HELP)
    .description('List the projects')
    .action(
      run(async (ctx, options: { org?: string }) => {
        const api = await ctx.api();
        const org = await resolve.organization(api, options.org);
        const list = await api.all<Project>(`${resolve.orgPath(org)}/projects`, 'projects');
        ctx.out.result({ projects: list }, () =>
          table(
            list,
            [
              ['id', (p) => p.id],
              ['name', (p) => p.name],
              ['created', (p) => when(p.created_at)],
            ],
            'No projects.',
          ),
        );
      }),
    );
  projects
    .command('create <name>')
    .option('--org <org>', ORG_HELP)
    .description('Create a project')
    .action(
      run(async (ctx, name: string, options: { org?: string }) => {
        const api = await ctx.api();
        const org = await resolve.organization(api, options.org);
        const { project } = await api.request<{ project: Project }>(
          'POST',
          `${resolve.orgPath(org)}/projects`,
          { body: { name } },
        );
        ctx.out.result({ project }, () => `Created the project ${project.name} (${project.id})`);
      }),
    );
  projects
    .command('rename <project> <name>')
    .option('--org <org>', ORG_HELP)
    .description('Rename a project (project: id or name)')
    .action(
      run(async (ctx, reference: string, name: string, options: { org?: string }) => {
        const api = await ctx.api();
        const org = await resolve.organization(api, options.org);
        const target = await resolve.project(api, org, reference);
        const { project } = await api.request<{ project: Project }>(
          'PATCH',
          resolve.projectPath(org, target),
          { body: { name } },
        );
        ctx.out.result({ project }, () => `Renamed ${target.name} to ${project.name}`);
      }),
    );
  projects
    .command('delete <project>')
    .option('--org <org>', ORG_HELP)
    .option('-y, --yes', 'do not ask for confirmation')
    .description('Delete a project and its environments (project: id or name)')
    .action(
      run(async (ctx, reference: string, options: { org?: string; yes?: boolean }) => {
        const api = await ctx.api();
        const org = await resolve.organization(api, options.org);
        const target = await resolve.project(api, org, reference);
        await confirm(`Delete the project ${target.name} and its environments?`, options.yes);
        const deleted = await api.request<Deleted>('DELETE', resolve.projectPath(org, target));
        ctx.out.result(deleted, () => `Deleted the project ${target.name}`);
      }),
    );

  const environments = program
    .command('environments')
    .description("A project's environments (production, staging, previews)");
  const projectOption = () =>
    new Option('--project <project>', 'project id or name').makeOptionMandatory();
  environments
    .command('list')
    .addOption(projectOption())
    .option('--org <org>', ORG_HELP)
    .description("List a project's environments")
    .action(
      run(async (ctx, options: { project: string; org?: string }) => {
        const api = await ctx.api();
        const org = await resolve.organization(api, options.org);
        const project = await resolve.project(api, org, options.project);
        const list = await api.all<Environment>(
          `${resolve.projectPath(org, project)}/environments`,
          'environments',
        );
        ctx.out.result({ environments: list }, () =>
          table(
            list,
            [
              ['id', (e) => e.id],
              ['name', (e) => e.name],
              ['created', (e) => when(e.created_at)],
            ],
            'No environments.',
          ),
        );
      }),
    );
  environments
    .command('create <name>')
    .addOption(projectOption())
    .option('--org <org>', ORG_HELP)
    .description('Create an environment')
    .action(
      run(async (ctx, name: string, options: { project: string; org?: string }) => {
        const api = await ctx.api();
        const org = await resolve.organization(api, options.org);
        const project = await resolve.project(api, org, options.project);
        const { environment } = await api.request<{ environment: Environment }>(
          'POST',
          `${resolve.projectPath(org, project)}/environments`,
          { body: { name } },
        );
        ctx.out.result(
          { environment },
          () =>
            `Created the environment ${environment.name} (${environment.id}) in ${project.name}`,
        );
      }),
    );
  environments
    .command('delete <environment>')
    .addOption(projectOption())
    .option('--org <org>', ORG_HELP)
    .option('-y, --yes', 'do not ask for confirmation')
    .description('Delete an environment (environment: id or name)')
    .action(
      run(
        async (
          ctx,
          reference: string,
          options: { project: string; org?: string; yes?: boolean },
        ) => {
          const api = await ctx.api();
          const org = await resolve.organization(api, options.org);
          const project = await resolve.project(api, org, options.project);
          const target = await resolve.environment(api, org, project, reference);
          await confirm(`Delete the environment ${target.name} of ${project.name}?`, options.yes);
          const deleted = await api.request<Deleted>(
            'DELETE',
            `${resolve.projectPath(org, project)}/environments/${target.id}`,
          );
          ctx.out.result(deleted, () => `Deleted the environment ${target.name}`);
        },
      ),
    );
}
