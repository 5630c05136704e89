import { ApiError, CliError, EXIT } from '../errors';
import { poll } from './auth';

describe('gatehouse login: polling for the approval', () => {
  /** An API that answers each poll with the next of `answers`: an error to throw, or a session. */
  function answering(...answers: (ApiError | { token: string })[]) {
    const request = jest.fn(() => {
      const next = answers.shift();
      return next instanceof ApiError ? Promise.reject(next) : Promise.resolve(next);
    });
    return { request: request as never, calls: request };
  }
  const pending = () => new ApiError(400, 'invalid_data', 'pending', 'authorization_pending');

  it('waits the interval, 5 s longer after slow_down or a 429, until the session comes', async () => {
    const api = answering(
      pending(),
      new ApiError(400, 'invalid_data', 'slow down', 'slow_down'),
      new ApiError(429, 'too_many_requests', 'Too many requests'),
      pending(),
      { token: 'jwt' },
    );
    const waits: number[] = [];
    const session = await poll(api, { device_code: 'dc_x', interval: 5 }, (ms) => {
      waits.push(ms);
      return Promise.resolve();
    });
    expect(session).toEqual({ token: 'jwt' });
    expect(waits).toEqual([5_000, 5_000, 10_000, 15_000, 15_000]);
    expect(api.calls).toHaveBeenCalledTimes(5);
  });

  it('gives up on a denial with exit 4, and passes any other error on', async () => {
    const noWait = () => Promise.resolve();
    const denied = await poll(
      answering(new ApiError(400, 'invalid_data', 'denied', 'access_denied')),
      { device_code: 'dc_x', interval: 5 },
      noWait,
    ).catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(CliError);
    expect(denied).toMatchObject({ exitCode: EXIT.forbidden });
    expect(String(denied)).toMatch(/not approved/);
    const broken = new ApiError(500, 'unknown_error', 'The server answered 500');
    await expect(
      poll(answering(broken), { device_code: 'dc_x', interval: 5 }, noWait),
    ).rejects.toBe(broken);
  });
});
