import { beyondCeiling } from './privilege-ceiling';

describe('beyondCeiling', () => {
  it.each([
    ['nothing carried', ['products:read'], [], []],
    ['a subset of what is held', ['products:read', 'products:write'], ['products:read'], []],
    ['exactly what is held', ['roles:manage'], ['roles:manage'], []],
    ['nothing held, something carried', [], ['api_keys:read'], ['api_keys:read']],
    [
      'more than is held, listed sorted',
      ['roles:manage'],
      ['users:manage', 'roles:manage', 'audit:read'],
      ['audit:read', 'users:manage'],
    ],
    ['a permission carried twice, named once', [], ['audit:read', 'audit:read'], ['audit:read']],
  ])('%s', (_case, held, carried, missing) => {
    expect(beyondCeiling(held, carried)).toEqual(missing);
  });
});
