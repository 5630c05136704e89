import { decodeTime, isValid } from 'ulid';
import { newId, ulid } from './ids';

describe('ulid', () => {
  it('is a valid ULID that encodes its time', () => {
    const at = Date.UTC(2026, 10, 24, 20, 30, 0, 123);
    const id = ulid(at);
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(isValid(id)).toBe(true);
    expect(decodeTime(id)).toBe(at);
  });

  it('sorts by creation time', () => {
    const earlier = ulid(1_795_000_000_000);
    const later = ulid(1_795_000_000_001);
    expect([later, earlier].sort()).toEqual([earlier, later]);
  });

  it('never repeats, across refills of its random pool', () => {
    const ids = new Set(Array.from({ length: 5000 }, () => ulid(0)));
    expect(ids.size).toBe(5000);
  });

  it('spreads its random characters over the whole alphabet', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++)
      for (const char of ulid(0).slice(10)) counts.set(char, (counts.get(char) ?? 0) + 1);
    // 32,000 characters over 32 symbols: about 1,000 each; a stuck or biased draw falls far outside.
    expect(counts.size).toBe(32);
    for (const count of counts.values()) expect(count).toBeGreaterThan(800);
  });

  it('prefixes ids with their kind', () => {
    expect(newId('user')).toMatch(/^user_[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});
