import type { Api } from './api';
import { CliError, EXIT } from './errors';
import type { Environment, Member, Organization, Project } from './types';

/**
 * Commands name things by id or by name: `--org acme` or `--org org_01J…`. A name must match exactly one
 * (case-insensitively); an id is used as given and the server says whether it exists.
 */
function byIdOrName<T extends { id: string; name: string }>(
  items: T[],
  reference: string,
  what: string,
): T {
  const exact = items.find((item) => item.id === reference);
  if (exact) return exact;
  const named = items.filter((item) => item.name.toLowerCase() === reference.toLowerCase());
  if (named.length === 1) return named[0]!;
  if (named.length > 1)
    throw new CliError(
      `${named.length} ${what}s are named "${reference}": use the id (${named.map((item) => item.id).join(', ')})`,
    );
  throw new CliError(`No ${what} "${reference}"`, EXIT.notFound);
}

/**
 * `--org`, else `GATEHOUSE_ORG`, else the only organization the caller reaches (an organization key
 * reaches its own).
 */
export async function organization(api: Api, reference: string | undefined): Promise<Organization> {
  const wanted = reference ?? process.env.GATEHOUSE_ORG;
  const organizations = await api.all<Organization>('/cloud/organizations', 'organizations');
  if (wanted) return byIdOrName(organizations, wanted, 'organization');
  if (organizations.length === 1) return organizations[0]!;
  throw new CliError(
    organizations.length
      ? `Pass --org: you are a member of ${organizations.length} organizations (${organizations.map((org) => org.name).join(', ')})`
      : 'You are not a member of any organization: create one with `gatehouse orgs create NAME`',
    EXIT.usage,
  );
}

export const orgPath = (org: Organization) => `/cloud/organizations/${org.id}`;

export async function project(api: Api, org: Organization, reference: string): Promise<Project> {
  return byIdOrName(
    await api.all<Project>(`${orgPath(org)}/projects`, 'projects'),
    reference,
    'project',
  );
}

export const projectPath = (org: Organization, p: Project) => `${orgPath(org)}/projects/${p.id}`;

export async function environment(
  api: Api,
  org: Organization,
  p: Project,
  reference: string,
): Promise<Environment> {
  return byIdOrName(
    await api.all<Environment>(`${projectPath(org, p)}/environments`, 'environments'),
    reference,
    'environment',
  );
}

/** A member by user id or email. */
export async function member(api: Api, org: Organization, reference: string): Promise<Member> {
  const members = await api.all<Member>(`${orgPath(org)}/members`, 'members');
  const found = members.find(
    (m) => m.user_id === reference || m.email.toLowerCase() === reference.toLowerCase(),
  );
  if (!found) throw new CliError(`No member "${reference}" in ${org.name}`, EXIT.notFound);
  return found;
}
