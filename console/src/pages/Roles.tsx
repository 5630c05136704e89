import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, data, type Schemas } from '../api/client';
import { rolesQuery } from '../queries';
import { CloseButton, ConfirmDialog, ErrorText, Field, Loading, Modal, useNotify } from '../ui';

type Role = Schemas['RoleResponse'];
type Permission = Schemas['CreateRoleDto']['permissions'][number];

/** Every permission the API knows, in its order; the compiler fails when the API adds one. */
const PERMISSIONS = [
  'api_keys:read',
  'api_keys:write',
  'products:read',
  'products:write',
  'sales_channels:read',
  'sales_channels:write',
  'customers:read',
  'users:read',
  'users:manage',
  'roles:manage',
  'audit:read',
] as const satisfies readonly Permission[];
const ALL_LISTED: Exclude<Permission, (typeof PERMISSIONS)[number]> extends never ? true : never =
  true;
void ALL_LISTED;

/** Roles (`roles:manage`): the built-in ones to read, custom ones to create, edit and delete. */
export function RolesPage() {
  const roles = useQuery(rolesQuery);
  const [editing, setEditing] = useState<Role | 'new'>();
  return (
    <section>
      <div className="section-header">
        <h1>Roles</h1>
        <button className="button" onClick={() => setEditing('new')}>
          Create role
        </button>
      </div>
      <p className="muted">
        Nobody hands out more than they hold: a role can carry only permissions you have.
      </p>
      {roles.isPending && <Loading what="roles" />}
      {roles.error && <ErrorText error={roles.error} />}
      {roles.data && (
        <div className="table-wrap">
          <table aria-label="Roles" className="cards">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Permissions</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {roles.data.roles.map((role) => (
                <tr key={role.id}>
                  <td data-label="Name">
                    {role.name}
                    {role.built_in && <span className="muted"> (built in)</span>}
                  </td>
                  <td data-label="Permissions">{role.permissions.join(', ')}</td>
                  <td className="row-actions">
                    {!role.built_in && (
                      <span className="inline-actions">
                        <button
                          className="button secondary small-button"
                          aria-label={`Edit ${role.name}`}
                          onClick={() => setEditing(role)}
                        >
                          Edit
                        </button>
                        <DeleteRole role={role} />
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && (
        <RoleDialog
          role={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
        />
      )}
    </section>
  );
}

function RoleDialog({ role, onClose }: { role?: Role; onClose: () => void }) {
  const [name, setName] = useState(role?.name ?? '');
  const [description, setDescription] = useState(role?.description ?? '');
  const [chosen, setChosen] = useState<Set<string>>(new Set(role?.permissions ?? []));
  const client = useQueryClient();
  const notify = useNotify();
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name,
        description: description || undefined,
        permissions: PERMISSIONS.filter((permission) => chosen.has(permission)),
      };
      return role
        ? data(api.POST('/admin/roles/{id}', { params: { path: { id: role.id } }, body }))
        : data(api.POST('/admin/roles', { body }));
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['roles'] });
      notify(role ? `Role ${name} saved` : `Role ${name} created`);
      onClose();
    },
  });
  const toggle = (permission: string) => {
    const next = new Set(chosen);
    if (next.has(permission)) next.delete(permission);
    else next.add(permission);
    setChosen(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Modal
      open
      onOpenChange={(open) => open || onClose()}
      title={role ? `Edit ${role.name}` : 'Create role'}
    >
      <form onSubmit={submit} className="form">
        <Field
          id="role-name"
          label="Name"
          required
          maxLength={100}
          value={name}
          onChange={setName}
        />
        <Field
          id="role-description"
          label="Description"
          maxLength={500}
          value={description}
          onChange={setDescription}
        />
        <fieldset className="permissions">
          <legend>Permissions</legend>
          {PERMISSIONS.map((permission) => (
            <label key={permission} className="check">
              <input
                type="checkbox"
                checked={chosen.has(permission)}
                onChange={() => toggle(permission)}
              />
              {permission}
            </label>
          ))}
        </fieldset>
        {save.error && <ErrorText error={save.error} />}
        <div className="actions">
          <CloseButton>Cancel</CloseButton>
          <button className="button" type="submit" disabled={save.isPending}>
            {role ? 'Save' : 'Create'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function DeleteRole({ role }: { role: Role }) {
  const [open, setOpen] = useState(false);
  const client = useQueryClient();
  const notify = useNotify();
  const remove = useMutation({
    mutationFn: () => data(api.DELETE('/admin/roles/{id}', { params: { path: { id: role.id } } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['roles'] });
      notify(`Role ${role.name} deleted`);
      setOpen(false);
    },
  });
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) remove.reset();
      }}
      title={`Delete the role ${role.name}?`}
      description="Users who hold it lose its permissions at once."
      trigger={
        <button className="button secondary small-button" aria-label={`Delete ${role.name}`}>
          Delete
        </button>
      }
      confirm="Delete"
      action={remove}
    />
  );
}
