import { MemoryCounterStore } from './counter-store';

describe('MemoryCounterStore', () => {
  let now = 0;
  const store = () => new MemoryCounterStore(() => now);
  beforeEach(() => {
    now = 1_000_000;
  });

  it('counts within a window and starts over after it', async () => {
    const counters = store();
    expect(await counters.increment('a', 1000)).toEqual({ count: 1, remainingMs: 1000 });
    now += 400;
    expect(await counters.increment('a', 1000)).toEqual({ count: 2, remainingMs: 600 });
    now += 600;
    expect(await counters.increment('a', 1000)).toEqual({ count: 1, remainingMs: 1000 });
  });

  it('keeps a prolonged counter, with its count, for the new duration', async () => {
    const counters = store();
    for (let i = 0; i < 11; i++) await counters.increment('login', 1000);
    await counters.prolong('login', 60_000);
    now += 30_000;
    expect(await counters.increment('login', 1000)).toEqual({ count: 12, remainingMs: 30_000 });
    now += 30_000;
    expect(await counters.remainingMs('login')).toBe(0);
  });

  it('no flood of new keys evicts a lock, while plain counters are bounded (least recently used first)', async () => {
    const counters = store();
    await counters.increment('victim', 3_600_000);
    await counters.prolong('victim', 3_600_000);
    await counters.hold('blocked-ip', 3_600_000);
    await counters.increment('plain', 3_600_000);
    for (let i = 0; i < 100_000; i++) await counters.increment(`flood-${i}`, 3_600_000);
    expect(await counters.remainingMs('victim')).toBe(3_600_000);
    expect(await counters.remainingMs('blocked-ip')).toBe(3_600_000);
    expect(await counters.remainingMs('plain')).toBe(0);
    expect((await counters.increment('victim', 1000)).count).toBe(2);
  });

  it('counts down, never below zero, and never brings back a key that is gone', async () => {
    const counters = store();
    await counters.increment('in-flight', 1000);
    await counters.increment('in-flight', 1000);
    await counters.decrement('in-flight');
    expect(await counters.count('in-flight')).toBe(1);
    await counters.decrement('in-flight');
    await counters.decrement('in-flight');
    expect(await counters.count('in-flight')).toBe(0);
    await counters.decrement('absent');
    expect(await counters.count('absent')).toBe(0);
    expect(await counters.remainingMs('absent')).toBe(0);
  });

  it('delete forgets counters and locks alike', async () => {
    const counters = store();
    await counters.increment('a', 1000);
    await counters.hold('b', 1000);
    await counters.delete('a');
    await counters.delete('b');
    expect(await counters.remainingMs('a')).toBe(0);
    expect(await counters.remainingMs('b')).toBe(0);
  });
});
