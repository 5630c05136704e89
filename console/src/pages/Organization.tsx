import * as Tabs from '@radix-ui/react-tabs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Redirect, useLocation, useParams } from 'wouter';
import { api, data, type Schemas } from '../api/client';
import { ErrorText, Field, Loading, Modal, useNotify, when } from '../ui';
import { organizationsQuery } from '../queries';
import { AccessKeysTab } from './AccessKeys';
import { MembersTab } from './Members';
import { ProjectsTab } from './Projects';

/** `/console/`: the first organization's settings, or a start for someone in none. */
export function HomePage() {
  const organizations = useQuery(organizationsQuery);
  if (organizations.isPending) return <Loading what="your organizations" />;
  if (organizations.error) return <ErrorText error={organizations.error} />;
  const [first] = organizations.data;
  if (first) return <Redirect to={`/organizations/${first.id}/org-access-keys`} replace />;
  return (
    <section className="narrow">
      <h1>Welcome</h1>
      <p>You are not a member of any organization yet.</p>
      <CreateOrganization />
    </section>
  );
}

function CreateOrganization() {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const client = useQueryClient();
  const [, navigate] = useLocation();
  const notify = useNotify();
  const create = useMutation({
    mutationFn: () => data(api.POST('/cloud/organizations', { body: { name } })),
    onSuccess: ({ organization }) => {
      void client.invalidateQueries({ queryKey: ['organizations'] });
      setOpen(false);
      setName('');
      notify(`Organization ${organization.name} created`);
      navigate(`/organizations/${organization.id}/general`);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <>
      <Modal
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) create.reset();
        }}
        title="Create organization"
        trigger={<button className="button secondary">Create organization</button>}
      >
        <form onSubmit={submit} className="form">
          <Field
            id="organization-name"
            label="Name"
            required
            maxLength={100}
            value={name}
            onChange={setName}
          />
          {create.error && <ErrorText error={create.error} />}
          <div className="actions">
            <button className="button" type="submit" disabled={create.isPending}>
              Create
            </button>
          </div>
        </form>
      </Modal>
    </>
  );
}

const TABS = [
  ['general', 'General'],
  ['members', 'Members'],
  ['projects', 'Projects'],
  ['billing', 'Billing'],
  ['org-access-keys', 'Org Access Keys'],
  ['personal-access-keys', 'Personal Access Keys'],
] as const;
type Tab = (typeof TABS)[number][0];

/** An organization's settings: the switcher, and the tabs of the sidebar. */
export function OrganizationPage() {
  const { orgId = '', tab = 'general' } = useParams<{ orgId: string; tab?: string }>();
  const [, navigate] = useLocation();
  const organizations = useQuery(organizationsQuery);
  if (organizations.isPending) return <Loading what="the organization" />;
  if (organizations.error) return <ErrorText error={organizations.error} />;
  const organization = organizations.data.find((org) => org.id === orgId);
  if (!organization) return <Redirect to="/" replace />;
  const manages = organization.role === 'owner' || organization.role === 'admin';
  const tabs = TABS.filter(([id]) => id !== 'billing' || manages);
  const current = (tabs.some(([id]) => id === tab) ? tab : 'general') as Tab;

  return (
    <>
      <div className="page-header">
        <div>
          <label htmlFor="organization-switcher" className="muted small">
            Organization
          </label>
          <select
            id="organization-switcher"
            value={organization.id}
            onChange={(event) => navigate(`/organizations/${event.target.value}/${current}`)}
          >
            {organizations.data.map((org) => (
              <option key={org.id} value={org.id}>
                {org.name}
              </option>
            ))}
          </select>
        </div>
        <CreateOrganization />
      </div>
      <h1>{organization.name} settings</h1>
      <Tabs.Root
        className="settings"
        orientation="vertical"
        value={current}
        onValueChange={(next) => navigate(`/organizations/${organization.id}/${next}`)}
      >
        <Tabs.List className="sidebar" aria-label="Organization settings">
          {tabs.map(([id, label]) => (
            <Tabs.Trigger key={id} value={id} className="tab">
              {label}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        <Tabs.Content value="general" className="panel">
          <General organization={organization} />
        </Tabs.Content>
        <Tabs.Content value="members" className="panel">
          <MembersTab organization={organization} />
        </Tabs.Content>
        <Tabs.Content value="projects" className="panel">
          <ProjectsTab orgId={organization.id} />
        </Tabs.Content>
        {manages && (
          <Tabs.Content value="billing" className="panel">
            <Billing orgId={organization.id} />
          </Tabs.Content>
        )}
        <Tabs.Content value="org-access-keys" className="panel">
          <AccessKeysTab owner="organization" orgId={organization.id} />
        </Tabs.Content>
        <Tabs.Content value="personal-access-keys" className="panel">
          <AccessKeysTab owner="personal" orgId={organization.id} />
        </Tabs.Content>
      </Tabs.Root>
    </>
  );
}

function General({ organization }: { organization: Schemas['OrganizationResponse'] }) {
  const manages = organization.role === 'owner' || organization.role === 'admin';
  const [name, setName] = useState(organization.name);
  const client = useQueryClient();
  const notify = useNotify();
  const rename = useMutation({
    mutationFn: () =>
      data(
        api.PATCH('/cloud/organizations/{org_id}', {
          params: { path: { org_id: organization.id } },
          body: { name },
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['organizations'] });
      notify('Organization renamed');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    rename.mutate();
  };
  return (
    <>
      <h2>General</h2>
      {manages ? (
        <form onSubmit={submit} className="form narrow">
          <Field
            id="organization-rename"
            label="Name"
            required
            maxLength={100}
            value={name}
            onChange={setName}
          />
          {rename.error && <ErrorText error={rename.error} />}
          <div className="actions">
            <button className="button" type="submit" disabled={rename.isPending}>
              Save
            </button>
          </div>
        </form>
      ) : (
        <p className="muted">Owners and admins can rename the organization.</p>
      )}
      <dl className="facts">
        <dt>Your role</dt>
        <dd>{organization.role}</dd>
        <dt>Plan</dt>
        <dd>{organization.plan}</dd>
        <dt>Created</dt>
        <dd>{when(organization.created_at)}</dd>
      </dl>
    </>
  );
}

function Billing({ orgId }: { orgId: string }) {
  const billing = useQuery({
    queryKey: ['billing', orgId],
    queryFn: () =>
      data(
        api.GET('/cloud/organizations/{org_id}/billing', {
          params: { path: { org_id: orgId } },
        }),
      ),
  });
  return (
    <>
      <h2>Billing</h2>
      {billing.isPending && <Loading what="billing" />}
      {billing.error && <ErrorText error={billing.error} />}
      {billing.data && (
        <dl className="facts">
          <dt>Plan</dt>
          <dd>{billing.data.billing.plan}</dd>
          <dt>Seats used</dt>
          <dd>{billing.data.billing.seats_used}</dd>
        </dl>
      )}
    </>
  );
}
