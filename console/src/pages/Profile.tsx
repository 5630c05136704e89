import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, data } from '../api/client';
import { meQuery } from '../queries';
import { CloseButton, ErrorText, Loading, Modal, useNotify, when } from '../ui';

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
      <div className="section-header">
        <h2>Sessions</h2>
        <Modal
          open={confirming}
          onOpenChange={(open) => {
            setConfirming(open);
            if (!open) signOutOthers.reset();
          }}
          title="Sign out all other sessions?"
          description="Every other browser, CLI and script logged in as you is signed out at once. This one stays."
          trigger={<button className="button secondary">Sign out all other sessions</button>}
        >
          {signOutOthers.error && <ErrorText error={signOutOthers.error} />}
          <div className="actions">
            <CloseButton>Cancel</CloseButton>
            <button className="button danger" onClick={() => signOutOthers.mutate()}>
              Sign out others
            </button>
          </div>
        </Modal>
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
