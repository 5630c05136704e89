import { CredentialCache } from './credential-cache';

describe('CredentialCache', () => {
  const bus = { healthy: true };
  const cache = () => new CredentialCache<{ id: string }>(bus, 1000, 3);

  beforeEach(() => {
    bus.healthy = true;
  });

  it('serves what was stored, until it is too old', () => {
    const c = cache();
    c.set('k', { id: 'a' }, 0, c.generation());
    expect(c.get('k', 999)).toEqual({ id: 'a' });
    expect(c.get('k', 1000)).toBeUndefined();
  });

  it('never serves an invalidated entry', () => {
    const c = cache();
    c.set('k1', { id: 'a' }, 0, c.generation());
    c.set('k2', { id: 'b' }, 0, c.generation());
    c.invalidate((value) => value.id === 'a');
    expect(c.get('k1', 1)).toBeUndefined();
    expect(c.get('k2', 1)).toEqual({ id: 'b' });
  });

  it('refuses to store a value read before an invalidation (the read raced the revocation)', () => {
    const c = cache();
    const before = c.generation();
    // ...the database read happens here, and meanwhile the key is revoked on some instance:
    c.invalidate((value) => value.id === 'a');
    c.set('k', { id: 'a' }, 0, before);
    expect(c.get('k', 1)).toBeUndefined();
    c.set('k', { id: 'a' }, 0, c.generation());
    expect(c.get('k', 1)).toEqual({ id: 'a' });
  });

  it('is bypassed while the revocation bus is not listening, and does not store then', () => {
    const c = cache();
    c.set('k', { id: 'a' }, 0, c.generation());
    bus.healthy = false;
    expect(c.get('k', 1)).toBeUndefined();
    c.set('k2', { id: 'b' }, 0, c.generation());
    bus.healthy = true;
    expect(c.get('k2', 1)).toBeUndefined();
  });

  it('stays bounded, dropping the least recently used entry (never all of them)', () => {
    const c = cache();
    for (const key of ['a', 'b', 'c', 'd']) c.set(key, { id: key }, 0, c.generation());
    expect(['a', 'b', 'c', 'd'].filter((key) => c.get(key, 1))).toEqual(['b', 'c', 'd']);
    c.get('b', 1);
    c.set('e', { id: 'e' }, 0, c.generation());
    expect(['b', 'c', 'd', 'e'].filter((key) => c.get(key, 1))).toEqual(['b', 'd', 'e']);
  });

  it('clear() drops everything and in-flight reads', () => {
    const c = cache();
    const before = c.generation();
    c.set('k', { id: 'a' }, 0, before);
    c.clear();
    expect(c.get('k', 1)).toBeUndefined();
    c.set('k', { id: 'a' }, 0, before);
    expect(c.get('k', 1)).toBeUndefined();
  });
});
