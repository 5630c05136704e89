import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditEntry } from '../audit-entry';
import { RevocationBus } from '../revocation-bus';

/** A credential that acts as its person: a secret API key, or a personal access key. */
export interface PersonalKey {
  object: 'api_key' | 'access_key';
  id: string;
  name: string;
  redacted: string;
}

/** Secret API keys first, then access keys, whichever module registered first. */
const LISTED_FIRST: PersonalKey['object'][] = ['api_key', 'access_key'];
const inListOrder = (keys: PersonalKey[]): PersonalKey[] =>
  keys.sort((a, b) => LISTED_FIRST.indexOf(a.object) - LISTED_FIRST.indexOf(b.object));

/** Who revokes a person's keys, and why: what the revocations' audit events record. */
export type KeyRevocation = Pick<AuditEntry, 'auth' | 'actor' | 'client'> & {
  reason: 'password_change' | 'password_reset' | 'user_deleted';
};

/** A module whose keys act as their person, so that recovering or removing that person reaches them. */
export interface PersonalKeySource {
  /** The keys acting as the user that work now (or later, for a scheduled revocation). */
  keysOf(userId: string): Promise<PersonalKey[]>;
  /** Revokes them inside the caller's transaction, audit events and revocation notices included. */
  revokeKeysOfIn(
    manager: EntityManager,
    userId: string,
    revocation: KeyRevocation,
  ): Promise<PersonalKey[]>;
}

/**
 * Every key that acts as a person, whichever module keeps it (issue 19): a password change or reset
 * lists them (keys made by whoever took the account must not outlive its recovery), and revokes them on
 * request; deleting the user revokes them. The modules register themselves, so this needs none of them.
 */
@Injectable()
export class PersonalKeys {
  private readonly sources: PersonalKeySource[] = [];

  constructor(private readonly bus: RevocationBus) {}

  register(source: PersonalKeySource): void {
    this.sources.push(source);
  }

  async of(userId: string): Promise<PersonalKey[]> {
    return inListOrder(
      (await Promise.all(this.sources.map((source) => source.keysOf(userId)))).flat(),
    );
  }

  async revokeIn(
    manager: EntityManager,
    userId: string,
    revocation: KeyRevocation,
  ): Promise<PersonalKey[]> {
    const revoked: PersonalKey[] = [];
    for (const source of this.sources)
      revoked.push(...(await source.revokeKeysOfIn(manager, userId, revocation)));
    return inListOrder(revoked);
  }

  /** After the revoking transaction committed: evict on this instance without waiting for the notices. */
  forgetHere(keys: readonly PersonalKey[]): void {
    for (const key of keys) this.bus.revokedHere(key.object, key.id);
  }
}
