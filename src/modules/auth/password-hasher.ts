import { Injectable, OnModuleInit } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { availableParallelism } from 'node:os';

/** OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, 1 lane. */
export const ARGON2_OPTIONS = {
  algorithm: Algorithm.Argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

/**
 * At most one argon2 computation per core at a time: each holds 19 MiB, and beyond the core count more of
 * them at once only add memory and latency, not throughput.
 */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    }
  }
}

@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash = '';
  private readonly slots = new Slots(availableParallelism());

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hash('dummy password for unknown accounts');
  }

  hash(password: string): Promise<string> {
    return this.slots.run(() => hash(password, ARGON2_OPTIONS));
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await this.slots.run(() => verify(passwordHash, password));
    } catch {
      // A malformed stored hash is a failed check, never a crash that leaks which accounts exist.
      return false;
    }
  }

  /** Spends the time of a real verification so an unknown email answers as slowly as a wrong password. */
  async verifyDummy(password: string): Promise<false> {
    await this.verify(this.dummyHash, password);
    return false;
  }
}
