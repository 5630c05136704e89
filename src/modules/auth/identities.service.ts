import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ACTOR_TYPES, AppMetadata, LoginActorType } from '../../common/auth/auth-context';
import { normalizeEmail } from '../../common/email';
import { DuplicateError, InvalidCredentialsError } from '../../common/errors/app-errors';
import { newId } from '../../common/ids';
import { isUniqueViolation } from '../../database/postgres-errors';
import { AuthIdentity } from './auth-identity.entity';
import { PasswordHasher } from './password-hasher';
import { ProviderIdentity } from './provider-identity.entity';

const EMAILPASS = 'emailpass';

export function isLoginActor(value: string): value is LoginActorType {
  return (ACTOR_TYPES as readonly string[]).includes(value);
}

/** Where an identity's app_metadata keeps the id of its actor of this type. */
export function actorKey(actor: LoginActorType): keyof AppMetadata {
  return actor === 'user' ? 'user_id' : 'customer_id';
}

/**
 * Identities and their emailpass logins: who can log in, under which (normalised) email and password
 * hash, and which user and customer each identity is linked to. No password is checked here (LoginService
 * does that) and no token is issued (TokenIssuer).
 */
@Injectable()
export class IdentitiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
  ) {}

  /** The emailpass login of an email, with its identity. */
  findByEmail(
    email: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ProviderIdentity | null> {
    return manager.findOne(ProviderIdentity, {
      where: { provider: EMAILPASS, entity_id: normalizeEmail(email) },
      relations: { auth_identity: true },
    });
  }

  findEmailOfIdentity(authIdentityId: string): Promise<string | undefined> {
    return this.loginOfIdentity(this.dataSource.manager, authIdentityId).then(
      (provider) => provider?.entity_id,
    );
  }

  find(id: string): Promise<AuthIdentity | null> {
    return this.dataSource.manager.findOneBy(AuthIdentity, { id });
  }

  /** Creates an identity with an emailpass login inside the caller's transaction. */
  async createIdentity(
    manager: EntityManager,
    email: string,
    password: string,
    appMetadata: AppMetadata = {},
  ): Promise<AuthIdentity> {
    const identity = manager.create(AuthIdentity, {
      id: newId('authid'),
      app_metadata: appMetadata,
    });
    const passwordHash = await this.hasher.hashNew(password);
    try {
      await manager.insert(AuthIdentity, identity);
      await manager.insert(ProviderIdentity, {
        id: newId('provid'),
        provider: EMAILPASS,
        entity_id: normalizeEmail(email),
        auth_identity_id: identity.id,
        provider_metadata: { password_hash: passwordHash },
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateError('Identity with email already exists');
      throw error;
    }
    return identity;
  }

  /**
   * Links an actor to an identity. Refuses to overwrite an existing link: one identity has at most one
   * user and one customer. The row is locked so two concurrent links cannot both succeed.
   */
  async linkActor(
    manager: EntityManager,
    authIdentityId: string,
    actor: LoginActorType,
    actorId: string,
  ): Promise<void> {
    const key = actorKey(actor);
    const identity = await manager.findOne(AuthIdentity, {
      where: { id: authIdentityId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!identity) throw new InvalidCredentialsError();
    if (identity.app_metadata[key]) {
      throw new DuplicateError(
        actor === 'customer'
          ? 'Customer with this email already has an account'
          : 'User with this email already exists',
      );
    }
    await manager.update(AuthIdentity, identity.id, {
      app_metadata: { ...identity.app_metadata, [key]: actorId },
    });
  }

  /**
   * Unlinks a deleted actor from its identity, inside the caller's transaction, so that the email can be
   * invited or registered again; the identity's other actor (a customer, say) keeps its login. Returns
   * the identity, if the actor had one.
   */
  async unlinkActorIn(
    manager: EntityManager,
    actor: LoginActorType,
    actorId: string,
  ): Promise<string | undefined> {
    const key = actorKey(actor);
    const identity = await manager
      .createQueryBuilder(AuthIdentity, 'identity')
      .setLock('pessimistic_write')
      .where(`identity.app_metadata ->> '${key}' = :actorId`, { actorId })
      .getOne();
    if (!identity) return undefined;
    const { [key]: _unlinked, ...rest } = identity.app_metadata;
    await manager.update(AuthIdentity, identity.id, { app_metadata: rest });
    return identity.id;
  }

  /** The emailpass login of an identity, read inside the caller's transaction. */
  loginOfIdentity(
    manager: EntityManager,
    authIdentityId: string,
  ): Promise<ProviderIdentity | null> {
    return manager.findOneBy(ProviderIdentity, {
      auth_identity_id: authIdentityId,
      provider: EMAILPASS,
    });
  }

  /** Replaces a login's password hash inside the caller's transaction. */
  async setPasswordHashIn(
    manager: EntityManager,
    provider: ProviderIdentity,
    passwordHash: string,
  ): Promise<void> {
    await manager.update(
      ProviderIdentity,
      { id: provider.id },
      { provider_metadata: { ...provider.provider_metadata, password_hash: passwordHash } },
    );
  }
}
