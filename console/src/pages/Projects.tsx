import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { api, data, type Schemas } from '../api/client';
import { ConfirmDialog, ErrorText, Loading, NameDialog, RowMenu, useNotify, when } from '../ui';

type Project = Schemas['ProjectResponse'];

/** Projects and their environments: create, rename and delete each (any member; keys may too). */
export function ProjectsTab({ orgId }: { orgId: string }) {
  const projects = useQuery({
    queryKey: ['projects', orgId],
    queryFn: () =>
      data(
        api.GET('/cloud/organizations/{org_id}/projects', {
          params: { path: { org_id: orgId }, query: { limit: 100 } },
        }),
      ),
  });
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: (name: string) =>
      data(
        api.POST('/cloud/organizations/{org_id}/projects', {
          params: { path: { org_id: orgId } },
          body: { name },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['projects', orgId] }),
  });
  return (
    <>
      <div className="section-header">
        <h2>Projects</h2>
        <NameDialog title="Create project" submitLabel="Create" mutation={create}>
          <button className="button">Create project</button>
        </NameDialog>
      </div>
      {projects.isPending && <Loading what="projects" />}
      {projects.error && <ErrorText error={projects.error} />}
      {projects.data &&
        (projects.data.projects.length ? (
          projects.data.projects.map((project) => (
            <ProjectCard key={project.id} orgId={orgId} project={project} />
          ))
        ) : (
          <p className="empty">No projects yet.</p>
        ))}
    </>
  );
}

function ProjectCard({ orgId, project }: { orgId: string; project: Project }) {
  const path = { org_id: orgId, project_id: project.id };
  const environments = useQuery({
    queryKey: ['environments', project.id],
    queryFn: () =>
      data(
        api.GET('/cloud/organizations/{org_id}/projects/{project_id}/environments', {
          params: { path, query: { limit: 100 } },
        }),
      ),
  });
  const client = useQueryClient();
  const notify = useNotify();
  const refresh = (key: string) => void client.invalidateQueries({ queryKey: [key] });
  const rename = useMutation({
    mutationFn: (name: string) =>
      data(
        api.PATCH('/cloud/organizations/{org_id}/projects/{project_id}', {
          params: { path },
          body: { name },
        }),
      ),
    onSuccess: () => {
      refresh('projects');
      notify('Project renamed');
    },
  });
  const remove = useMutation({
    mutationFn: () =>
      data(api.DELETE('/cloud/organizations/{org_id}/projects/{project_id}', { params: { path } })),
    onSuccess: () => {
      refresh('projects');
      notify(`Project ${project.name} deleted`);
    },
  });
  const addEnvironment = useMutation({
    mutationFn: (name: string) =>
      data(
        api.POST('/cloud/organizations/{org_id}/projects/{project_id}/environments', {
          params: { path },
          body: { name },
        }),
      ),
    onSuccess: () => refresh('environments'),
  });
  const menuButton = useRef<HTMLButtonElement>(null);
  const [dialog, setDialog] = useState<'rename' | 'delete'>();

  return (
    <section className="card" aria-label={`Project ${project.name}`}>
      <div className="section-header">
        <h3>{project.name}</h3>
        <RowMenu
          ref={menuButton}
          label={project.name}
          actions={[
            { label: 'Rename', onSelect: () => setDialog('rename') },
            { label: 'Delete', danger: true, onSelect: () => setDialog('delete') },
          ]}
        />
      </div>
      <p className="muted small">Created {when(project.created_at)}</p>
      <h4>Environments</h4>
      {environments.isPending && <Loading what="environments" />}
      {environments.error && <ErrorText error={environments.error} />}
      {environments.data && (
        <ul className="plain">
          {environments.data.environments.map((environment) => (
            <Environment key={environment.id} path={path} environment={environment} />
          ))}
          {environments.data.environments.length === 0 && (
            <li className="muted">No environments yet.</li>
          )}
        </ul>
      )}
      <NameDialog
        title={`Add an environment to ${project.name}`}
        submitLabel="Add"
        mutation={addEnvironment}
      >
        <button className="button secondary">Add environment</button>
      </NameDialog>
      {dialog === 'rename' && (
        <NameDialog
          title={`Rename ${project.name}`}
          submitLabel="Save"
          initial={project.name}
          mutation={rename}
          returnFocusTo={menuButton}
          onClose={() => setDialog(undefined)}
        />
      )}
      {dialog === 'delete' && (
        <ConfirmDialog
          open
          onOpenChange={(open) => open || setDialog(undefined)}
          title={`Delete ${project.name}?`}
          description="Its environments are deleted with it. This cannot be undone."
          returnFocusTo={menuButton}
          confirm="Delete"
          action={remove}
        />
      )}
    </section>
  );
}

function Environment(props: {
  path: { org_id: string; project_id: string };
  environment: Schemas['EnvironmentResponse'];
}) {
  const client = useQueryClient();
  const remove = useMutation({
    mutationFn: () =>
      data(
        api.DELETE(
          '/cloud/organizations/{org_id}/projects/{project_id}/environments/{environment_id}',
          { params: { path: { ...props.path, environment_id: props.environment.id } } },
        ),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['environments'] }),
  });
  const [confirming, setConfirming] = useState(false);
  return (
    <li className="environment">
      <span>{props.environment.name}</span>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Delete the environment ${props.environment.name}?`}
        trigger={
          <button
            className="button secondary small-button"
            aria-label={`Delete ${props.environment.name}`}
          >
            Delete
          </button>
        }
        confirm="Delete"
        action={remove}
      />
    </li>
  );
}
