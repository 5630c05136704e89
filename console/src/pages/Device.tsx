import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, data } from '../api/client';
import { ErrorText, Loading, when } from '../ui';

/** The user code from `verification_uri_complete` (`#user_code=…`: the fragment never reaches a log). */
function codeFromFragment(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('user_code') ?? '';
}

/** Device login (the CLI's `gatehouse login`): who asks, from where and when; approve or deny. */
export function DevicePage() {
  const [typed, setTyped] = useState(codeFromFragment);
  const [code, setCode] = useState(codeFromFragment);
  const request = useQuery({
    queryKey: ['device', code],
    queryFn: () => data(api.POST('/auth/device/lookup', { body: { user_code: code } })),
    enabled: code !== '',
  });
  const decide = useMutation({
    mutationFn: (decision: 'approve' | 'deny') =>
      data(api.POST(`/auth/device/${decision}`, { body: { user_code: code } })),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    decide.reset();
    setCode(typed.trim());
  };

  if (decide.data)
    return (
      <section className="narrow">
        <h1>Device login</h1>
        <p role="status">
          {decide.data.status === 'approved'
            ? `Approved. ${decide.data.client_name} is signed in as you; you can close this page.`
            : `Denied. ${decide.data.client_name} was not signed in.`}
        </p>
      </section>
    );

  return (
    <section className="narrow">
      <h1>Device login</h1>
      <form onSubmit={submit} className="form">
        <label htmlFor="user-code">Code shown by the command line</label>
        <input
          id="user-code"
          autoComplete="off"
          spellCheck={false}
          required
          value={typed}
          onChange={(event) => setTyped(event.target.value.toUpperCase())}
        />
        <button className="button secondary" type="submit">
          Look up
        </button>
      </form>
      {request.isFetching && <Loading what="the request" />}
      {request.error && <ErrorText error={request.error} />}
      {request.data && (
        <div className="card">
          <h2>Sign in {request.data.client_name} as you?</h2>
          <dl className="facts">
            <dt>Asked from</dt>
            <dd>{request.data.ip ?? 'an unknown address'}</dd>
            <dt>Program</dt>
            <dd>{request.data.user_agent ?? 'unknown'}</dd>
            <dt>Asked at</dt>
            <dd>{when(request.data.requested_at)}</dd>
          </dl>
          <p className="muted">
            Approve only if you started this login yourself, just now, on that machine.
          </p>
          {decide.error && <ErrorText error={decide.error} />}
          <div className="actions">
            <button className="button secondary" onClick={() => decide.mutate('deny')}>
              Deny
            </button>
            <button className="button" onClick={() => decide.mutate('approve')}>
              Approve
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
