import { startTestApp, TestApp } from '../helpers/app';
import { RouteEntry, routes } from '../helpers/routes';

/** One line per route: who may call it, with which credentials, needing which permissions. */
function describeAccess({ route, access, permissions, rateLimited, publishableKey }: RouteEntry) {
  const who = !access
    ? 'NO ACCESS RULE'
    : access.public
      ? 'public'
      : `${access.actors.join('|')} by ${access.methods.join('|')}` +
        (access.optional ? ', or anonymous' : '') +
        (access.allowUnregistered ? ', or a registration token' : '');
  const needs = permissions === undefined ? '' : ` needs [${permissions.join(', ')}]`;
  const extras = `${publishableKey ? ' +publishable key' : ''}${rateLimited ? ' +rate-limited' : ''}`;
  return `${route.padEnd(60)} ${who}${needs}${extras}`;
}

/**
 * STYLE.md: every route and its access in one reviewed file (__snapshots__/route-access.e2e-spec.ts.snap).
 * A new route, a swapped permission or a changed credential fails here until the snapshot is updated
 * (`npx jest test/e2e/route-access --selectProjects e2e -u`) and the change reviewed with it; under
 * CI=true jest never writes a snapshot, so a missing one fails too.
 */
describe('Route access', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('matches the reviewed table of every route, its actors, credentials and permissions', () => {
    const table = routes(t.app).map(describeAccess).sort().join('\n');
    expect(`\n${table}\n`).toMatchSnapshot();
  });
});
