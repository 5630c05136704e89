import {
  MutationCache,
  QueryCache,
  QueryClient,
  QueryClientProvider,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Redirect, Route, Router, Switch, useLocation } from 'wouter';
import { api, ApiError, data } from './api/client';
import { ApiKeysPage } from './pages/ApiKeys';
import { AuditLogPage } from './pages/AuditLog';
import { DevicePage } from './pages/Device';
import { HomePage, OrganizationPage } from './pages/Organization';
import { ProfilePage } from './pages/Profile';
import { AcceptInvitePage, ForgotPasswordPage, ResetPasswordPage } from './pages/Public';
import { RolesPage } from './pages/Roles';
import { SignIn } from './pages/SignIn';
import { UsersPage } from './pages/Users';
import { adminMeQuery, meQuery } from './queries';
import { ErrorText, Loading, Toasts } from './ui';

/** Set when a request found the session gone: the sign-in page says why. */
let sessionEnded = false;

/** A 401 while signed in (not a wrong password at sign-in) means the session ended. */
function onError(error: unknown): void {
  if (error instanceof ApiError && error.status === 401 && queryClient.getQueryData(['me'])) {
    sessionEnded = true;
    void queryClient.invalidateQueries({ queryKey: ['me'] });
  }
}

const queryClient = new QueryClient({
  // A 401 anywhere but on `me` itself (which is how the page learns it is signed out) means the session
  // ended while the page was open.
  queryCache: new QueryCache({
    onError: (error, query) => query.queryKey[0] === 'me' || onError(error),
  }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: true } },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Toasts>
        <Router base="/console">
          <Gate />
        </Router>
      </Toasts>
    </QueryClientProvider>
  );
}

/**
 * The pages a mailed link opens work signed out; every other one needs the session. On accepting an
 * invite the new user is signed in and lands on the console's home.
 */
function Gate() {
  const [, navigate] = useLocation();
  return (
    <Switch>
      <Route path="/forgot-password" component={ForgotPasswordPage} />
      <Route path="/reset-password" component={ResetPasswordPage} />
      <Route path="/invite">
        <AcceptInvitePage
          onSignedIn={() => {
            void queryClient.resetQueries();
            navigate('/');
          }}
        />
      </Route>
      <Route>
        <SessionGate />
      </Route>
    </Switch>
  );
}

/** Signed in (the session cookie) or the sign-in page; the page asked for stays in the address bar. */
function SessionGate() {
  const me = useQuery(meQuery);
  const [notice, setNotice] = useState<string>();
  if (me.isPending) return <Loading what="your session" />;
  if (me.error) {
    if (!(me.error instanceof ApiError) || me.error.status !== 401)
      return (
        <main className="page narrow">
          <ErrorText error={me.error} />
        </main>
      );
    const message = sessionEnded ? 'Your session ended. Sign in again.' : notice;
    return (
      <SignIn
        notice={message}
        onSignedIn={() => {
          sessionEnded = false;
          setNotice(undefined);
          void queryClient.resetQueries();
        }}
      />
    );
  }
  return (
    <Shell email={me.data.user.email} onSignedOut={() => setNotice('You signed out.')}>
      <Switch>
        <Route path="/device" component={DevicePage} />
        <Route path="/profile" component={ProfilePage} />
        <Route path="/admin/api-keys" component={ApiKeysPage} />
        <Route path="/admin/audit-log" component={AuditLogPage} />
        <Route path="/admin/users" component={UsersPage} />
        <Route path="/admin/roles" component={RolesPage} />
        <Route path="/organizations/:orgId/:tab?" component={OrganizationPage} />
        <Route path="/" component={HomePage} />
        <Route>
          <Redirect to="/" />
        </Route>
      </Switch>
    </Shell>
  );
}

function Shell(props: { email: string; onSignedOut: () => void; children: React.ReactNode }) {
  const client = useQueryClient();
  const signOut = useMutation({
    mutationFn: () => data(api.DELETE('/auth/session')),
    onSettled: () => {
      props.onSignedOut();
      void client.resetQueries();
    },
  });
  return (
    <>
      <header className="topbar">
        <Link href="/" className="brand">
          Gatehouse
        </Link>
        <AdminLinks />
        <Link href="/profile" className="who" aria-label={`Signed in as ${props.email}: profile`}>
          {props.email}
        </Link>
        <button className="button secondary" onClick={() => signOut.mutate()}>
          Sign out
        </button>
      </header>
      <main className="page">{props.children}</main>
    </>
  );
}

/** The admin pages the caller may see, by the permissions `GET /admin/users/me` names. */
function AdminLinks() {
  const admin = useQuery(adminMeQuery);
  const may = (permission: string) => admin.data?.user.permissions.includes(permission) ?? false;
  return (
    <nav aria-label="Admin" className="admin-links">
      {may('api_keys:read') && <Link href="/admin/api-keys">API keys</Link>}
      {may('users:read') && <Link href="/admin/users">Users</Link>}
      {may('roles:manage') && <Link href="/admin/roles">Roles</Link>}
      {may('audit:read') && <Link href="/admin/audit-log">Audit log</Link>}
    </nav>
  );
}
