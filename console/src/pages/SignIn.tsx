import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, data } from '../api/client';
import { Link } from 'wouter';
import { ErrorText, Field } from '../ui';

/**
 * Email and password into the cookie session: the login's JWT goes straight to `POST /auth/session`,
 * which sets the httpOnly cookie, and is then dropped; the page never stores a token.
 */
export async function signIn(email: string, password: string): Promise<void> {
  const { token } = await data(
    api.POST('/auth/{actor}/emailpass', {
      params: { path: { actor: 'user' } },
      body: { email, password },
    }),
  );
  await data(api.POST('/auth/session', { headers: { Authorization: `Bearer ${token}` } }));
}

export function SignIn(props: { notice?: string; onSignedIn: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: () => signIn(email, password),
    onSuccess: props.onSignedIn,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate();
  };
  return (
    <main className="page narrow">
      <h1>Sign in to Gatehouse</h1>
      {props.notice && (
        <p className="notice" role="status">
          {props.notice}
        </p>
      )}
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
        <Field
          id="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
        />
        {login.error && <ErrorText error={login.error} />}
        <button className="button" type="submit" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        <Link href="/forgot-password">Forgot your password?</Link>
      </p>
    </main>
  );
}
