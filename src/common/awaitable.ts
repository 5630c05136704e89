/** A value at hand, or one still on its way. */
export type Awaitable<T> = T | Promise<T>;

/**
 * `next(value)`: now when the value is at hand, otherwise when it arrives. The authentication path answers
 * from caches almost always; an `await` on each of its layers would queue a microtask and allocate a
 * promise per layer on every request (issue #7).
 */
export function andThen<T, R>(value: Awaitable<T>, next: (value: T) => Awaitable<R>): Awaitable<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}
