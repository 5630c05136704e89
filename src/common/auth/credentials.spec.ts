import type { FastifyRequest } from 'fastify';
import { basicCredential, bearerToken } from './credentials';

const withAuthorization = (authorization?: string) =>
  ({ headers: authorization === undefined ? {} : { authorization } }) as FastifyRequest;

describe('bearerToken', () => {
  it('returns the credential after the scheme, whatever its case and the blanks before it', () => {
    expect(bearerToken(withAuthorization('Bearer eyJ.a.b'))).toBe('eyJ.a.b');
    expect(bearerToken(withAuthorization('bearer pak_123'))).toBe('pak_123');
    expect(bearerToken(withAuthorization('BEARER \t oak_1'))).toBe('oak_1');
  });

  it('returns nothing for another scheme, a missing credential or one with a blank inside', () => {
    expect(bearerToken(withAuthorization())).toBeUndefined();
    expect(bearerToken(withAuthorization(''))).toBeUndefined();
    expect(bearerToken(withAuthorization('Basic c2tfYTo='))).toBeUndefined();
    expect(bearerToken(withAuthorization('Bearer'))).toBeUndefined();
    expect(bearerToken(withAuthorization('Bearer '))).toBeUndefined();
    expect(bearerToken(withAuthorization('Bearereyj.a.b'))).toBeUndefined();
    expect(bearerToken(withAuthorization('Bearer eyJ.a.b extra'))).toBeUndefined();
    expect(bearerToken(withAuthorization('Bearer eyJ.a.b\textra'))).toBeUndefined();
  });
});

describe('basicCredential', () => {
  it('returns the still-encoded credential after the scheme, whatever its case', () => {
    expect(basicCredential(withAuthorization('Basic c2tfYTo='))).toBe('c2tfYTo=');
    expect(basicCredential(withAuthorization('basic \t sk_raw'))).toBe('sk_raw');
  });

  it('returns nothing for another scheme, a missing credential or one with a blank inside', () => {
    expect(basicCredential(withAuthorization())).toBeUndefined();
    expect(basicCredential(withAuthorization('Bearer c2tfYTo='))).toBeUndefined();
    expect(basicCredential(withAuthorization('Basic '))).toBeUndefined();
    expect(basicCredential(withAuthorization('Basicc2tfYTo='))).toBeUndefined();
    expect(basicCredential(withAuthorization('Basic c2tf YTo='))).toBeUndefined();
    expect(basicCredential(withAuthorization('Basic c2tf\tYTo='))).toBeUndefined();
  });
});
