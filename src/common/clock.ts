import { Injectable } from '@nestjs/common';

/**
 * The service's notion of "now". Tests move it (jest.spyOn on `nowMs`) instead of sleeping. `nowMs` is
 * `Date.now()`, not `new Date().getTime()`: an authenticated GET reads the time three or four times,
 * and each `new Date()` cost about 700 instructions.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return Date.now();
  }
}
