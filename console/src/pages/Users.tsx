import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type RefObject } from 'react';
import { api, data, type Schemas } from '../api/client';
import { adminMeQuery, rolesQuery, usePaged } from '../queries';
import {
  type AddRemove,
  ChecklistForm,
  CloseButton,
  ConfirmDialog,
  CreateOnceDialog,
  ErrorText,
  Field,
  Loading,
  Modal,
  Pager,
  RowMenu,
  SelectField,
  TokenOnce,
  useNotify,
  when,
} from '../ui';

/** What the invite picker offers to someone who may not list roles (`roles:manage`). */
const BUILT_IN_ROLES = [
  { id: 'role_viewer', name: 'viewer' },
  { id: 'role_developer', name: 'developer' },
  { id: 'role_admin', name: 'admin' },
];

/** Every role for a caller with `roles:manage`, custom ones included; the built-in three otherwise. */
function useRoleChoices(managesRoles: boolean) {
  const roles = useQuery({ ...rolesQuery, enabled: managesRoles });
  return roles.data?.roles ?? BUILT_IN_ROLES;
}

/**
 * Admin users and invites (`users:read`). With `users:manage`: invite (the token shown once, to send
 * to the invitee), resend or withdraw a pending invite, delete a user (every way in closes at once).
 */
export function UsersPage() {
  const me = useQuery(adminMeQuery);
  const manages = me.data?.user.permissions.includes('users:manage') ?? false;
  const managesRoles = me.data?.user.permissions.includes('roles:manage') ?? false;
  const { query: users, pager } = usePaged(['users'], (query) =>
    data(api.GET('/admin/users', { params: { query } })),
  );
  return (
    <section>
      <div className="section-header">
        <h1>Users</h1>
        {manages && <InviteUser managesRoles={managesRoles} />}
      </div>
      {users.isPending && <Loading what="users" />}
      {users.error && <ErrorText error={users.error} />}
      {users.data && (
        <div className="table-wrap">
          <table aria-label="Users" className="cards">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Name</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((user) => (
                <tr key={user.id}>
                  <td data-label="Email">{user.email}</td>
                  <td data-label="Name">
                    {[user.first_name, user.last_name].filter(Boolean).join(' ') || '-'}
                  </td>
                  <td data-label="Created">{when(user.created_at)}</td>
                  <td className="row-actions">
                    {managesRoles && <ChangeRoles user={user} />}
                    {manages && user.id !== me.data?.user.id && <DeleteUser user={user} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager {...pager} />
      <Invites manages={manages} />
    </section>
  );
}

function DeleteUser({ user }: { user: Schemas['UserResponse'] }) {
  const [open, setOpen] = useState(false);
  const client = useQueryClient();
  const notify = useNotify();
  const remove = useMutation({
    mutationFn: () => data(api.DELETE('/admin/users/{id}', { params: { path: { id: user.id } } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['users'] });
      notify(`${user.email} deleted`);
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
      title={`Delete ${user.email}?`}
      description="Their sessions, API keys and personal access keys stop at once, and their memberships end. This cannot be undone."
      trigger={
        <button className="button secondary small-button" aria-label={`Delete ${user.email}`}>
          Delete
        </button>
      }
      confirm="Delete"
      action={remove}
    />
  );
}

/**
 * A user's roles as checkboxes (`roles:manage`); Save gives and takes away the difference in one call.
 * The API refuses (in its words) a role carrying a permission the caller lacks, and the last admin's
 * admin role.
 */
function ChangeRoles({ user }: { user: Schemas['UserResponse'] }) {
  const [open, setOpen] = useState(false);
  return (
    <Modal
      open={open}
      onOpenChange={setOpen}
      title={`Roles of ${user.email}`}
      trigger={
        <button
          className="button secondary small-button"
          aria-label={`Change roles of ${user.email}`}
        >
          Roles
        </button>
      }
    >
      {open && <RolesForm user={user} onDone={() => setOpen(false)} />}
    </Modal>
  );
}

function RolesForm({ user, onDone }: { user: Schemas['UserResponse']; onDone: () => void }) {
  const client = useQueryClient();
  const notify = useNotify();
  const roles = useQuery(rolesQuery);
  const held = useQuery({
    queryKey: ['user', user.id],
    queryFn: () => data(api.GET('/admin/users/{id}', { params: { path: { id: user.id } } })),
  });
  const save = useMutation({
    mutationFn: (body: AddRemove) =>
      data(api.POST('/admin/users/{id}/roles', { params: { path: { id: user.id } }, body })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['user', user.id] });
      void client.invalidateQueries({ queryKey: ['admin-me'] });
      notify(`Roles of ${user.email} saved`);
      onDone();
    },
  });
  if (roles.isPending || held.isPending) return <Loading what="roles" />;
  if (roles.error || held.error) return <ErrorText error={roles.error ?? held.error} />;
  return (
    <ChecklistForm
      legend="Roles"
      options={roles.data.roles}
      held={held.data.user.roles.map((role) => role.id)}
      onSave={(change) => save.mutate(change)}
      error={save.error}
      isPending={save.isPending}
    />
  );
}

function InviteUser({ managesRoles }: { managesRoles: boolean }) {
  const choices = useRoleChoices(managesRoles);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('role_viewer');
  const client = useQueryClient();
  const invite = useMutation({
    mutationFn: () => data(api.POST('/admin/invites', { body: { email, role_ids: [role] } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['invites'] }),
  });
  return (
    <CreateOnceDialog
      title="Invite user"
      submitLabel="Invite"
      mutation={invite}
      shown={(created) => <InviteLink email={email} token={created.invite.token} />}
      onClosed={() => setEmail('')}
    >
      <Field
        id="invite-email"
        label="Email"
        type="email"
        required
        value={email}
        onChange={setEmail}
      />
      <SelectField
        id="invite-role"
        label="Role"
        value={role}
        onChange={setRole}
        options={choices.map(({ id, name }) => ({ value: id, label: name }))}
      />
    </CreateOnceDialog>
  );
}

function Invites({ manages }: { manages: boolean }) {
  const invites = useQuery({
    queryKey: ['invites'],
    queryFn: () => data(api.GET('/admin/invites', { params: { query: { limit: 100 } } })),
  });
  const pending = invites.data?.invites.filter((invite) => !invite.accepted) ?? [];
  return (
    <>
      <h2 className="spaced">Pending invites</h2>
      {invites.isPending && <Loading what="invites" />}
      {invites.error && <ErrorText error={invites.error} />}
      {invites.data &&
        (pending.length === 0 ? (
          <p className="empty">No pending invites.</p>
        ) : (
          <div className="table-wrap">
            <table aria-label="Pending invites" className="cards">
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Roles</th>
                  <th scope="col">Expires</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {pending.map((invite) => (
                  <tr key={invite.id}>
                    <td data-label="Email">{invite.email}</td>
                    <td data-label="Roles">{invite.role_ids.join(', ')}</td>
                    <td data-label="Expires">{when(invite.expires_at)}</td>
                    <td className="row-actions">{manages && <InviteMenu invite={invite} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </>
  );
}

function InviteMenu({ invite }: { invite: Schemas['InviteSummary'] }) {
  const [dialog, setDialog] = useState<'resend' | 'withdraw'>();
  const button = useRef<HTMLButtonElement>(null);
  const close = () => setDialog(undefined);
  return (
    <>
      <RowMenu
        ref={button}
        label={invite.email}
        actions={[
          { label: 'Resend', onSelect: () => setDialog('resend') },
          { label: 'Withdraw', danger: true, onSelect: () => setDialog('withdraw') },
        ]}
      />
      {dialog === 'resend' && <Resend invite={invite} returnFocusTo={button} onClose={close} />}
      {dialog === 'withdraw' && <Withdraw invite={invite} returnFocusTo={button} onClose={close} />}
    </>
  );
}

interface InviteDialogProps {
  invite: Schemas['InviteSummary'];
  returnFocusTo: RefObject<HTMLButtonElement | null>;
  onClose: () => void;
}

/**
 * The link the invite email carries (the acceptance page, the token in its fragment), shown once for an
 * admin who would rather send it another way.
 */
function InviteLink({ email, token }: { email: string; token: string }) {
  const link = `${window.location.origin}/console/invite#token=${token}&email=${encodeURIComponent(email)}`;
  return (
    <TokenOnce
      token={link}
      label="Invite link"
      warning={`We emailed ${email} this link. To send it another way, copy it now: it won't be shown again.`}
    />
  );
}

function Resend({ invite, returnFocusTo, onClose }: InviteDialogProps) {
  const client = useQueryClient();
  const resend = useMutation({
    mutationFn: () =>
      data(api.POST('/admin/invites/{id}/resend', { params: { path: { id: invite.id } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['invites'] }),
  });
  const token = resend.data?.invite.token;
  return (
    <Modal
      open
      onOpenChange={(open) => {
        if (open) return;
        resend.reset();
        onClose();
      }}
      title={`Resend the invite to ${invite.email}`}
      returnFocusTo={returnFocusTo}
    >
      {token ? (
        <InviteLink email={invite.email} token={token} />
      ) : (
        <>
          <p className="description">
            A new token, valid seven days, replaces the old one, which stops working.
          </p>
          {resend.error && <ErrorText error={resend.error} />}
          <div className="actions">
            <CloseButton>Cancel</CloseButton>
            <button className="button" onClick={() => resend.mutate()}>
              Resend
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}

function Withdraw({ invite, returnFocusTo, onClose }: InviteDialogProps) {
  const client = useQueryClient();
  const notify = useNotify();
  const withdraw = useMutation({
    mutationFn: () =>
      data(api.DELETE('/admin/invites/{id}', { params: { path: { id: invite.id } } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['invites'] });
      notify(`Invite to ${invite.email} withdrawn`);
      onClose();
    },
  });
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => open || onClose()}
      title={`Withdraw the invite to ${invite.email}?`}
      description="Its token stops working at once."
      returnFocusTo={returnFocusTo}
      confirm="Withdraw"
      action={withdraw}
    />
  );
}
