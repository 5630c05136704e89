import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, data, type Schemas } from '../api/client';
import { adminMeQuery, meQuery } from '../queries';
import {
  ConfirmDialog,
  ErrorText,
  Field,
  Loading,
  NameFields,
  RevokeKeysField,
  useNotify,
  when,
} from '../ui';

/** My profile and my devices: every live session, this one marked; sign out one, or all the others. */
export function ProfilePage() {
  const me = useQuery(meQuery);
  const sessions = useQuery({
    queryKey: ['sessions'],
    queryFn: () => data(api.GET('/auth/sessions', { params: { query: { limit: 100 } } })),
  });
  const client = useQueryClient();
  const notify = useNotify();
  const refresh = () => void client.invalidateQueries({ queryKey: ['sessions'] });
  const signOutOne = useMutation({
    mutationFn: (id: string) =>
      data(api.DELETE('/auth/sessions/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      refresh();
      notify('Session signed out');
    },
  });
  const [confirming, setConfirming] = useState(false);
  const signOutOthers = useMutation({
    mutationFn: () => data(api.DELETE('/auth/sessions')),
    onSuccess: ({ revoked }) => {
      refresh();
      setConfirming(false);
      notify(`${revoked.length} other session${revoked.length === 1 ? '' : 's'} signed out`);
    },
  });

  return (
    <section>
      <h1>Profile</h1>
      {me.data && (
        <dl className="facts">
          <dt>Email</dt>
          <dd>{me.data.user.email}</dd>
        </dl>
      )}
      <EditName />
      <ChangePassword />
      <div className="section-header spaced">
        <h2>Sessions</h2>
        <ConfirmDialog
          open={confirming}
          onOpenChange={(open) => {
            setConfirming(open);
            if (!open) signOutOthers.reset();
          }}
          title="Sign out all other sessions?"
          description="Every other browser, CLI and script logged in as you is signed out at once. This one stays."
          trigger={<button className="button secondary">Sign out all other sessions</button>}
          confirm="Sign out others"
          action={signOutOthers}
        />
      </div>
      {sessions.isPending && <Loading what="your sessions" />}
      {sessions.error && <ErrorText error={sessions.error} />}
      {signOutOne.error && <ErrorText error={signOutOne.error} />}
      {sessions.data && (
        <div className="table-wrap">
          <table aria-label="Sessions" className="cards">
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Address</th>
                <th scope="col">Signed in</th>
                <th scope="col">Last seen</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.sessions.map((session) => (
                <tr key={session.id}>
                  <td data-label="Device">
                    {session.name ?? session.user_agent ?? 'Unknown'}
                    {session.current && <strong> (this device)</strong>}
                  </td>
                  <td data-label="Address">{session.ip ?? '-'}</td>
                  <td data-label="Signed in">{when(session.created_at)}</td>
                  <td data-label="Last seen">{when(session.last_seen_at)}</td>
                  <td className="row-actions">
                    {!session.current && (
                      <button
                        className="button secondary small-button"
                        aria-label={`Sign out ${session.name ?? session.user_agent ?? session.id}`}
                        onClick={() => signOutOne.mutate(session.id)}
                      >
                        Sign out
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** My first and last name (`POST /admin/users/{my id}`); an emptied field is cleared. */
function EditName() {
  const me = useQuery(adminMeQuery);
  if (!me.data) return me.error ? <ErrorText error={me.error} /> : null;
  return <NameForm user={me.data.user} />;
}

function NameForm({ user }: { user: Schemas['UserResponse'] }) {
  const [first, setFirst] = useState(user.first_name ?? '');
  const [last, setLast] = useState(user.last_name ?? '');
  const client = useQueryClient();
  const notify = useNotify();
  const save = useMutation({
    mutationFn: () =>
      data(
        api.POST('/admin/users/{id}', {
          params: { path: { id: user.id } },
          body: { first_name: first.trim() || null, last_name: last.trim() || null },
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['admin-me'] });
      notify('Name saved');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} className="form narrow" aria-label="Name">
      <h2 className="spaced">Name</h2>
      <NameFields first={first} last={last} onFirst={setFirst} onLast={setLast} />
      {save.error && <ErrorText error={save.error} />}
      <div className="actions">
        <button className="button" type="submit" disabled={save.isPending}>
          Save name
        </button>
      </div>
    </form>
  );
}

/**
 * The current password is checked like a login (counted towards the lockout); every other session is
 * signed out; `revoke_keys` revokes my secret API keys and personal access keys too.
 */
function ChangePassword() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [revokeKeys, setRevokeKeys] = useState(false);
  const client = useQueryClient();
  const change = useMutation({
    mutationFn: () =>
      data(
        api.POST('/admin/users/me/password', {
          body: { old_password: current, password: next, revoke_keys: revokeKeys },
        }),
      ),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      void client.invalidateQueries({ queryKey: ['sessions'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate();
  };
  return (
    <form onSubmit={submit} className="form narrow" aria-label="Change password">
      <h2 className="spaced">Change password</h2>
      <Field
        id="current-password"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        value={current}
        onChange={setCurrent}
      />
      <Field
        id="new-password"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        value={next}
        onChange={setNext}
      />
      <RevokeKeysField checked={revokeKeys} onChange={setRevokeKeys} />
      {change.error && <ErrorText error={change.error} />}
      {change.isSuccess && (
        <p role="status">Password changed. Every other session is signed out.</p>
      )}
      <div className="actions">
        <button className="button" type="submit" disabled={change.isPending}>
          Change password
        </button>
      </div>
    </form>
  );
}
