import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, data } from '../api/client';
import { ErrorText, Loading, Pager, when } from '../ui';

const PAGE = 25;

/** The audit log (`audit:read`): newest first, filtered by action, actor or target, a page at a time. */
export function AuditLogPage() {
  const [draft, setDraft] = useState({ action: '', actor_id: '', target_id: '' });
  const [filters, setFilters] = useState(draft);
  const [offset, setOffset] = useState(0);
  const events = useQuery({
    queryKey: ['audit-events', filters, offset],
    queryFn: () =>
      data(
        api.GET('/admin/audit-events', {
          params: {
            query: {
              limit: PAGE,
              offset,
              order: '-created_at',
              action: filters.action || undefined,
              actor_id: filters.actor_id || undefined,
              target_id: filters.target_id || undefined,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setOffset(0);
    setFilters(draft);
  };
  const field = (name: keyof typeof draft, label: string, placeholder: string) => (
    <div className="field">
      <label htmlFor={`audit-${name}`}>{label}</label>
      <input
        id={`audit-${name}`}
        placeholder={placeholder}
        value={draft[name]}
        onChange={(event) => setDraft({ ...draft, [name]: event.target.value.trim() })}
      />
    </div>
  );
  const count = events.data?.count ?? 0;

  return (
    <section>
      <h1>Audit log</h1>
      <form className="filters" onSubmit={submit} aria-label="Filter the audit log">
        {field('action', 'Action', 'e.g. api_key.revoke')}
        {field('actor_id', 'Actor id', 'e.g. user_01…')}
        {field('target_id', 'Target id', 'e.g. apk_01…')}
        <button className="button secondary" type="submit">
          Filter
        </button>
      </form>
      {events.isPending && <Loading what="the audit log" />}
      {events.error && <ErrorText error={events.error} />}
      {events.data &&
        (events.data.audit_events.length === 0 ? (
          <p className="empty">No events match.</p>
        ) : (
          <>
            <div className="table-wrap">
              <table aria-label="Audit events" className="cards">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Action</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Actor</th>
                    <th scope="col">Target</th>
                    <th scope="col">Address</th>
                  </tr>
                </thead>
                <tbody>
                  {events.data.audit_events.map((event) => (
                    <tr key={event.id}>
                      <td data-label="When">{when(event.occurred_at)}</td>
                      <td data-label="Action">
                        <code>{event.action}</code>
                      </td>
                      <td data-label="Outcome">{event.outcome}</td>
                      <td data-label="Actor">
                        {event.actor_type} {event.actor_id ?? ''}
                        {event.auth_method && (
                          <span className="muted"> by {event.auth_method}</span>
                        )}
                      </td>
                      <td data-label="Target">
                        {event.target_type ? `${event.target_type} ${event.target_id ?? ''}` : '-'}
                      </td>
                      <td data-label="Address">{event.ip ?? '-'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager
              offset={offset}
              size={PAGE}
              count={count}
              onChange={setOffset}
              always
              labels={['Newer', 'Older']}
            />
          </>
        ))}
    </section>
  );
}
