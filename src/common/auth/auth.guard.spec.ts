import type { AuthMethod } from './auth-context';
import { presentedMethods } from './auth.guard';
import type { RequestWithAuth } from './decorators';

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
