import { Injectable } from '@nestjs/common';

/** The service's notion of "now". Tests move it (jest.spyOn) instead of sleeping. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  nowMs(): number {
    return this.now().getTime();
  }
}
