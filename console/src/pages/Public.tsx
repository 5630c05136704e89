import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { api, ApiError, data } from '../api/client';
import { ErrorText, Field, NameFields, RevokeKeysField } from '../ui';
import { signIn } from './SignIn';

/**
 * The token and email a mailed link carries in its fragment (`#token=…&email=…`), read once. The
 * fragment is then cleared from the address bar, so the token stays in this page's memory only: not in
 * the history, a bookmark or a shared screenshot of the URL.
 */
function useLinkFragment(): { token: string; email: string } {
  const [values] = useState(() => {
    const fragment = new URLSearchParams(window.location.hash.slice(1));
    if (window.location.hash) window.history.replaceState(null, '', window.location.pathname);
    return { token: fragment.get('token') ?? '', email: fragment.get('email') ?? '' };
  });
  return values;
}

function PublicPage(props: { title: string; children: React.ReactNode }) {
  return (
    <main className="page narrow">
      <h1>{props.title}</h1>
      {props.children}
    </main>
  );
}

const BrokenLink = ({ what }: { what: string }) => (
  <p className="notice" role="alert">
    This link is incomplete. Open the link in your {what} email again, or ask for a new one.
  </p>
);

const NEW_PASSWORD = {
  type: 'password',
  autoComplete: 'new-password',
  required: true,
  minLength: 8,
  hint: 'At least 8 characters, not a common password.',
} as const;

/** `POST /auth/user/emailpass/reset-password`: the answer is the same whether or not the email is known. */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const request = useMutation({
    mutationFn: () =>
      data(
        api.POST('/auth/{actor}/emailpass/reset-password', {
          params: { path: { actor: 'user' } },
          body: { identifier: email },
        }),
      ),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate();
  };
  return (
    <PublicPage title="Reset your password">
      {request.isSuccess ? (
        <p role="status">
          If {email} has a Gatehouse login, a message with a link is on its way. The link works for
          15 minutes.
        </p>
      ) : (
        <form onSubmit={submit} className="form">
          <Field
            id="email"
            label="Email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={setEmail}
          />
          {request.error && <ErrorText error={request.error} />}
          <button className="button" type="submit" disabled={request.isPending}>
            Email me a link
          </button>
        </form>
      )}
      <p>
        <Link href="/">Back to sign in</Link>
      </p>
    </PublicPage>
  );
}

/**
 * The reset email's link: a new password, with the reset token as `Authorization: Bearer`. Every session
 * is signed out; the person's keys are listed, or revoked when asked.
 */
export function ResetPasswordPage() {
  const { token, email } = useLinkFragment();
  const [password, setPassword] = useState('');
  const [revokeKeys, setRevokeKeys] = useState(false);
  const reset = useMutation({
    mutationFn: () =>
      data(
        api.POST('/auth/{actor}/emailpass/update', {
          params: { path: { actor: 'user' } },
          headers: { Authorization: `Bearer ${token}` },
          body: { password, revoke_keys: revokeKeys },
        }),
      ),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    reset.mutate();
  };
  if (!token)
    return (
      <PublicPage title="Choose a new password">
        <BrokenLink what="password reset" />
        <Link href="/forgot-password">Ask for a new link</Link>
      </PublicPage>
    );
  if (reset.data) {
    const keys = [...reset.data.api_keys, ...reset.data.access_keys];
    return (
      <PublicPage title="Password changed">
        <p role="status">
          Your password is changed and {reset.data.sessions_revoked} session
          {reset.data.sessions_revoked === 1 ? ' was' : 's were'} signed out.
        </p>
        {keys.length > 0 && (
          <>
            <p>
              {reset.data.keys_revoked
                ? 'These keys were revoked:'
                : 'These keys still work. Whoever knew the old password could have made them; check them after signing in:'}
            </p>
            <ul>
              {keys.map((key) => (
                <li key={key.id}>
                  {key.name} <code>{key.redacted}</code>
                </li>
              ))}
            </ul>
          </>
        )}
        <Link href="/" className="button">
          Sign in
        </Link>
      </PublicPage>
    );
  }
  const expired = reset.error instanceof ApiError && reset.error.status === 401;
  return (
    <PublicPage title="Choose a new password">
      <form onSubmit={submit} className="form">
        {email && (
          <p>
            For <strong>{email}</strong>
          </p>
        )}
        <Field
          id="new-password"
          label="New password"
          {...NEW_PASSWORD}
          value={password}
          onChange={setPassword}
        />
        <RevokeKeysField checked={revokeKeys} onChange={setRevokeKeys} />
        {expired ? (
          <p className="error" role="alert">
            This link has expired or was used already.{' '}
            <Link href="/forgot-password">Ask for a new one.</Link>
          </p>
        ) : (
          reset.error && <ErrorText error={reset.error} />
        )}
        <button className="button" type="submit" disabled={reset.isPending}>
          Set password
        </button>
      </form>
    </PublicPage>
  );
}

/**
 * The invite email's link: a password (a registration, or the one this email already logs in with),
 * then the invite is accepted with the registration token, and the new user is signed in.
 */
export function AcceptInvitePage(props: { onSignedIn: () => void }) {
  const fragment = useLinkFragment();
  const [email, setEmail] = useState(fragment.email);
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [password, setPassword] = useState('');
  const accept = useMutation({
    mutationFn: async () => {
      const { token } = await data(
        api.POST('/auth/{actor}/emailpass/register', {
          params: { path: { actor: 'user' } },
          body: { email, password },
        }),
      );
      await data(
        api.POST('/admin/invites/accept', {
          params: { query: { token: fragment.token } },
          headers: { Authorization: `Bearer ${token}` },
          body: { first_name: firstName || undefined, last_name: lastName || undefined },
        }),
      );
      await signIn(email, password);
    },
    onSuccess: props.onSignedIn,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    accept.mutate();
  };
  if (!fragment.token)
    return (
      <PublicPage title="Accept your invite">
        <BrokenLink what="invite" />
      </PublicPage>
    );
  const refusal = accept.error instanceof ApiError ? accept.error : undefined;
  const invalid = refusal?.status === 401 && refusal.message === 'Invalid invite';
  // The email's password was right and it is a user already: this invite was theirs, and is spent.
  const member = refusal?.status === 400 && refusal.message.startsWith('The user is already');
  return (
    <PublicPage title="Accept your invite">
      <form onSubmit={submit} className="form">
        <Field
          id="email"
          label="Email"
          type="email"
          autoComplete="username"
          required
          readOnly={fragment.email !== ''}
          value={email}
          onChange={setEmail}
        />
        <NameFields first={firstName} last={lastName} onFirst={setFirstName} onLast={setLastName} />
        <Field
          id="password"
          label="Password"
          {...NEW_PASSWORD}
          value={password}
          onChange={setPassword}
        />
        {member ? (
          <p className="error" role="alert">
            You have accepted this invite already. <Link href="/">Sign in</Link> instead.
          </p>
        ) : invalid ? (
          <p className="error" role="alert">
            This invite has expired, was withdrawn or was accepted already. Ask whoever invited you
            to send it again.
          </p>
        ) : (
          accept.error && <ErrorText error={accept.error} />
        )}
        <button className="button" type="submit" disabled={accept.isPending}>
          {accept.isPending ? 'Accepting…' : 'Accept invite'}
        </button>
      </form>
    </PublicPage>
  );
}
