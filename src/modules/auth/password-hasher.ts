import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { availableParallelism } from 'node:os';
import { InvalidDataError } from '../../common/errors/app-errors';
import { APP_CONFIG, AppConfig } from '../../config/config';

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

/**
 * The ~49,000 most common passwords of leaked-password lists, as kept by zxcvbn-ts (NIST SP 800-63B
 * 5.1.1.2: refuse passwords from lists of commonly used or compromised values). Loaded at first use.
 */
let commonPasswords: Set<string> | undefined;
function isCommon(password: string): boolean {
  commonPasswords ??= new Set(dictionary['passwords-common']);
  return commonPasswords.has(password.toLowerCase());
}

@Injectable()
export class PasswordHasher implements OnModuleInit {
  private readonly logger = new Logger(PasswordHasher.name);
  private dummyHash = '';
  private readonly slots = new Slots(availableParallelism());

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * Hashes a password being set. One on the common-password list is refused (400) in production; in
   * development it is accepted with a warning, so the seeds' examples (`password123`) keep working.
   */
  hashNew(password: string): Promise<string> {
    if (isCommon(password)) {
      if (this.config.nodeEnv === 'production')
        throw new InvalidDataError(
          'password is too common: it appears on lists of leaked passwords; choose another',
        );
      this.logger.warn(
        'accepted a password from the common-password list (refused when NODE_ENV=production)',
      );
    }
    return this.hash(password);
  }

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
