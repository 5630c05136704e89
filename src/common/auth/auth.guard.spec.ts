import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { NotAllowedError, UnauthorizedError } from '../errors/app-errors';
import type { AuthContext, AuthMethod } from './auth-context';
import { AuthGuard, presentedMethods } from './auth.guard';
import { CredentialStrategies } from './credential-strategies';
import type { CredentialStrategy, StrategyOutcome } from './strategies/strategy';
import type { RequestWithAuth, RouteAccess } from './decorators';
import { RouteMetadata } from '../route-metadata';

const ALL: AuthMethod[] = ['bearer', 'session', 'api-key', 'access-key'];

function request(
  headers: Record<string, string>,
  extra: Partial<RequestWithAuth> = {},
): RequestWithAuth {
  return { headers, query: {}, cookies: {}, ...extra } as unknown as RequestWithAuth;
}

describe('presentedMethods', () => {
  it('recognises each kind of credential', () => {
    expect(presentedMethods(request({ authorization: 'Bearer eyJhbGciOi.x.y' }), ALL)).toEqual([
      'bearer',
    ]);
    expect(presentedMethods(request({ authorization: 'bearer eyJ.x.y' }), ALL)).toEqual(['bearer']);
    expect(presentedMethods(request({ authorization: 'Bearer oak_abc' }), ALL)).toEqual([
      'access-key',
    ]);
    expect(presentedMethods(request({ authorization: 'Bearer pak_abc' }), ALL)).toEqual([
      'access-key',
    ]);
    expect(presentedMethods(request({ 'x-medusa-access-token': 'sk_abc' }), ALL)).toEqual([
      'api-key',
    ]);
    expect(presentedMethods(request({ authorization: 'Basic c2tfYWJjOg==' }), ALL)).toEqual([
      'api-key',
    ]);
    expect(presentedMethods(request({}, { query: { api_token: 'sk_abc' } }), ALL)).toEqual([
      'api-key',
    ]);
    expect(presentedMethods(request({}, { cookies: { gatehouse_session: 'eyJ' } }), ALL)).toEqual([
      'session',
    ]);
  });

  it('sends a Bearer secret key to the API-key strategy (for its hint), never to the JWT one', () => {
    expect(presentedMethods(request({ authorization: 'Bearer sk_abc' }), ALL)).toEqual(['api-key']);
  });

  it('keeps only the methods the route allows', () => {
    const both = request(
      { authorization: 'Bearer eyJ.x.y' },
      { cookies: { gatehouse_session: 'eyJ' } },
    );
    expect(presentedMethods(both, ['bearer', 'session'])).toEqual(['bearer', 'session']);
    expect(presentedMethods(both, ['api-key'])).toEqual([]);
    expect(presentedMethods(request({}), ALL)).toEqual([]);
  });
});

// Strategies answer synchronously from their caches and asynchronously after a database read; the
// guard's rules are the same either way, and in any mix.
describe.each([
  ['from their caches', ['sync', 'sync']],
  ['after a database read', ['async', 'async']],
  ['one from cache, one from the database', ['sync', 'async']],
  ['one from the database, one from cache', ['async', 'sync']],
] as const)('AuthGuard, with strategies answering %s', (_title, modes) => {
  const ACCESS: RouteAccess = {
    public: false,
    actors: ['user'],
    methods: ['bearer', 'api-key'],
    allowUnregistered: false,
    optional: false,
  };
  const caller = (auth_method: AuthMethod): AuthContext => ({
    actor_id: `user_${auth_method}`,
    actor_type: 'user',
    auth_identity_id: '',
    app_metadata: {},
    auth_method,
  });

  /** A request that carries a JWT and a secret key, against strategies that answer as given. */
  async function authenticate(answers: Record<'bearer' | 'api-key', StrategyOutcome | Error>) {
    const [bearer, apiKey] = (['bearer', 'api-key'] as const).map(
      (method, index): CredentialStrategy => ({
        validate: () => {
          const answer = answers[method];
          if (modes[index] === 'async')
            return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
          if (answer instanceof Error) throw answer;
          return answer;
        },
      }),
    );
    const unused: CredentialStrategy = { validate: () => false };
    const strategies = new CredentialStrategies(
      ...([bearer, unused, apiKey, unused] as unknown as ConstructorParameters<
        typeof CredentialStrategies
      >),
    );
    const reflector = { getAllAndOverride: () => ACCESS } as unknown as Reflector;
    const incoming = request({ authorization: 'Bearer eyJ.x.y', 'x-medusa-access-token': 'sk_a' });
    const context = {
      getHandler: () => authenticate,
      getClass: () => AuthGuard,
      getArgByIndex: (index: number) => [incoming][index],
    } as unknown as ExecutionContext;
    await new AuthGuard(new RouteMetadata(reflector), strategies).canActivate(context);
    return incoming.auth_context;
  }

  it('takes the first strategy, in the route order, that accepts', async () => {
    await expect(
      authenticate({ bearer: caller('bearer'), 'api-key': caller('api-key') }),
    ).resolves.toMatchObject({ auth_method: 'bearer' });
    await expect(
      authenticate({ bearer: [false, { message: 'no' }], 'api-key': caller('api-key') }),
    ).resolves.toMatchObject({ auth_method: 'api-key' });
  });

  it('refuses with the first reason given when every strategy declines', async () => {
    await expect(
      authenticate({ bearer: false, 'api-key': [false, { message: 'Send it elsewhere' }] }),
    ).rejects.toEqual(new UnauthorizedError('Send it elsewhere'));
    await expect(authenticate({ bearer: false, 'api-key': false })).rejects.toEqual(
      new UnauthorizedError(),
    );
  });

  it("answers with a strategy's error, without trying the next one", async () => {
    await expect(
      authenticate({ bearer: new NotAllowedError('Cross-site'), 'api-key': caller('api-key') }),
    ).rejects.toBeInstanceOf(NotAllowedError);
  });
});
