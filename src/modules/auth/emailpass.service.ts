import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  ACTOR_TYPES,
  AppMetadata,
  AuthContext,
  LoginActorType,
} from '../../common/auth/auth-context';
import {
  DuplicateError,
  InvalidCredentialsError,
  UnauthorizedError,
} from '../../common/errors/app-errors';
import type { ClientInfo } from '../../common/client-info';
import { normalizeEmail } from '../../common/email';
import { newId } from '../../common/ids';
import { insertRows } from '../../database/insert-rows';
import { isUniqueViolation } from '../../database/postgres-errors';
import type { AuditEntry } from '../../common/audit-entry';
import { AuditService } from '../audit/audit.service';
import { AuthIdentity } from './auth-identity.entity';
import { JwtTokenService } from './jwt-token.service';
import { CheckOutcome, LoginLockoutService } from './login-lockout.service';
import { PasswordHasher } from './password-hasher';
import type { Session } from './session.entity';
import { SessionsService } from './sessions.service';
import { ProviderIdentity } from './provider-identity.entity';

export const EMAILPASS = 'emailpass';

const FIND_EMAIL_LOGIN = `
  SELECT provider.id, provider.entity_id, provider.auth_identity_id, provider.provider_metadata,
         provider.created_at, provider.updated_at, identity.app_metadata,
         identity.created_at AS identity_created_at, identity.updated_at AS identity_updated_at
    FROM provider_identity provider
    JOIN auth_identity identity ON identity.id = provider.auth_identity_id
   WHERE provider.provider = $1 AND provider.entity_id = $2`;

type EmailLoginRow = Pick<
  ProviderIdentity,
  'id' | 'entity_id' | 'auth_identity_id' | 'provider_metadata' | 'created_at' | 'updated_at'
> &
  Pick<AuthIdentity, 'app_metadata'> & { identity_created_at: Date; identity_updated_at: Date };

/** Who tried a password and why: the audit action recorded when it is wrong. */
export interface PasswordAttempt {
  action: 'auth.login' | 'auth.register' | 'customer.create' | 'auth.password_change';
  actor_type: LoginActorType;
  /** The caller, when already authenticated (a password change). */
  auth?: AuthContext;
}

const ANONYMOUS_PASSWORD = { type: 'anonymous', id: null, method: 'password' };

/** What a correct email and password yield: the identity, and the email as normalised. */
export interface VerifiedLogin {
  identity: AuthIdentity;
  email: string;
}

function isLoginActor(value: string): value is LoginActorType {
  return (ACTOR_TYPES as readonly string[]).includes(value);
}

function actorKey(actor: LoginActorType): keyof AppMetadata {
  return actor === 'user' ? 'user_id' : 'customer_id';
}

@Injectable()
export class EmailPassService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly tokens: JwtTokenService,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
    private readonly lockout: LoginLockoutService,
  ) {}

  /**
   * The emailpass login of an email, with its identity: one query, in SQL written once. TypeORM's query
   * builder spent about 0.1 ms of a login's main thread building and mapping this join.
   */
  async findByEmail(
    email: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ProviderIdentity | null> {
    const [row] = await manager.query<EmailLoginRow[]>(FIND_EMAIL_LOGIN, [
      EMAILPASS,
      normalizeEmail(email),
    ]);
    if (!row) return null;
    return Object.assign(new ProviderIdentity(), {
      id: row.id,
      provider: EMAILPASS,
      entity_id: row.entity_id,
      auth_identity_id: row.auth_identity_id,
      provider_metadata: row.provider_metadata,
      created_at: row.created_at,
      updated_at: row.updated_at,
      auth_identity: Object.assign(new AuthIdentity(), {
        id: row.auth_identity_id,
        app_metadata: row.app_metadata,
        created_at: row.identity_created_at,
        updated_at: row.identity_updated_at,
      }),
    });
  }

  findEmailOfIdentity(authIdentityId: string): Promise<string | undefined> {
    return this.loginOfIdentity(this.dataSource.manager, authIdentityId).then(
      (provider) => provider?.entity_id,
    );
  }

  /**
   * The one password check (issue 19): logins, registrations and customer sign-ups with an email that
   * already logs in, and the current password of a password change. Each attempt is counted by the
   * lockout before the hash is verified; unknown email and wrong password fail alike, in the same time,
   * with an audit event of `action` naming the email (never the password).
   */
  async checkPassword(
    email: string,
    password: string,
    client: ClientInfo,
    attempt: PasswordAttempt,
  ): Promise<VerifiedLogin> {
    const normalized = normalizeEmail(email);
    const check = await this.lockout.begin(normalized);
    let outcome: CheckOutcome = 'abandoned';
    let login: { identity?: AuthIdentity; valid: boolean };
    try {
      login = await this.verifyLogin(normalized, password);
      outcome = login.valid ? 'success' : 'failure';
    } finally {
      await check.finish(outcome);
    }
    const { identity } = login;
    if (!login.valid || !identity) {
      await this.audit.record({
        ...(attempt.auth ? { auth: attempt.auth } : { actor: ANONYMOUS_PASSWORD, client }),
        action: attempt.action,
        outcome: 'failure',
        target: { type: 'auth_identity', id: identity?.id ?? null },
        metadata: { email: normalized, actor_type: attempt.actor_type },
      });
      throw new InvalidCredentialsError();
    }
    return { identity, email: normalized };
  }

  /** The email's identity, if any, and whether the password is its; as slow for an unknown email. */
  private async verifyLogin(
    email: string,
    password: string,
  ): Promise<{ identity?: AuthIdentity; valid: boolean }> {
    const provider = await this.findByEmail(email);
    const identity = provider?.auth_identity;
    if (!identity) return { valid: await this.hasher.verifyDummy(password) };
    return {
      identity,
      valid: await this.hasher.verify(provider.provider_metadata.password_hash, password),
    };
  }

  /** A successful login: its session, refresh token and audit event are written by one statement. */
  login(
    actor: LoginActorType,
    { identity, email }: VerifiedLogin,
    client: ClientInfo,
  ): Promise<{ token: string; refresh_token?: string }> {
    return this.startSession(actor, identity, client, {
      refresh: true,
      record: {
        actor: {
          type: actor,
          id: identity.app_metadata[actorKey(actor)] || null,
          method: 'password',
        },
        action: 'auth.login',
        target: { type: 'auth_identity', id: identity.id },
        metadata: { email, actor_type: actor },
        client,
      },
    });
  }

  /**
   * `POST /auth/{actor}/emailpass/register`: a new identity and its registration token. For an email that
   * already logs in, the password is checked like a login (counted, locked, audited): the right one
   * answers as the identity (a half-finished registration resumes, as in Medusa), a wrong one 401.
   */
  async register(
    actor: LoginActorType,
    email: string,
    password: string,
    client: ClientInfo,
  ): Promise<AuthIdentity> {
    if (await this.findByEmail(email)) {
      const attempt: PasswordAttempt = { action: 'auth.register', actor_type: actor };
      const { identity, email: normalized } = await this.checkPassword(
        email,
        password,
        client,
        attempt,
      );
      await this.audit.record({
        actor: {
          type: actor,
          id: identity.app_metadata[actorKey(actor)] || null,
          method: 'password',
        },
        action: 'auth.register',
        target: { type: 'auth_identity', id: identity.id },
        metadata: { email: normalized, existing: true },
        client,
      });
      return identity;
    }
    return this.dataSource.transaction(async (manager) => {
      const identity = await this.createIdentity(manager, email, password);
      await this.audit.record(
        {
          actor: { type: actor, id: null, method: 'password' },
          action: 'auth.register',
          target: { type: 'auth_identity', id: identity.id },
          metadata: { email: normalizeEmail(email) },
          client,
        },
        manager,
      );
      return identity;
    });
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

  /**
   * Starts a session for the identity acting as `actor`: its JWT (whose `actor_id` is empty until an
   * actor is linked) and, for a login, the first refresh token of the session.
   */
  async startSession(
    actor: LoginActorType,
    identity: AuthIdentity,
    client: ClientInfo,
    { refresh, record }: { refresh: boolean; record?: AuditEntry },
  ): Promise<{ token: string; refresh_token?: string }> {
    const { sessionId, expiresAt, refreshToken, rows } = this.sessions.opening(
      {
        auth_identity_id: identity.id,
        actor_type: actor,
        actor_id: identity.app_metadata[actorKey(actor)] ?? '',
      },
      client,
      { refresh },
    );
    await insertRows(
      this.dataSource.manager,
      record ? [...rows, this.audit.eventRow(record)] : rows,
    );
    const token = this.sign(actor, identity, sessionId, expiresAt);
    return refreshToken ? { token, refresh_token: refreshToken } : { token };
  }

  /**
   * `POST /auth/token/refresh` with a refresh token: rotates it, and signs a new JWT for the same session.
   */
  async refresh(
    refreshToken: string,
    client: ClientInfo,
  ): Promise<{ token: string; refresh_token: string }> {
    const { session, refresh_token } = await this.sessions.rotate(refreshToken, client);
    return { token: await this.tokenFor(session), refresh_token };
  }

  /**
   * `POST /auth/token/refresh` without one (Medusa's form): a new JWT for the live session behind the
   * caller's JWT or cookie.
   */
  async reissue(sessionId: string): Promise<string> {
    const session = await this.sessions.liveRow(sessionId);
    if (!session) throw new UnauthorizedError();
    return this.tokenFor(session);
  }

  /**
   * A JWT for a session, with the identity's current links (so a customer registered since the login gets
   * its `actor_id`), never outliving the session.
   */
  private async tokenFor(session: Session): Promise<string> {
    const identity = await this.dataSource.manager.findOneBy(AuthIdentity, {
      id: session.auth_identity_id,
    });
    if (!identity || !isLoginActor(session.actor_type))
      throw new UnauthorizedError('Invalid refresh token');
    const actorId = identity.app_metadata[actorKey(session.actor_type)] ?? '';
    // The session's actor is fixed once known: an identity whose link changed since is not this login's.
    if (session.actor_id && session.actor_id !== actorId)
      throw new UnauthorizedError('Invalid refresh token');
    if (!session.actor_id && actorId) await this.sessions.attachActor(session.id, actorId);
    return this.sign(session.actor_type, identity, session.id, session.expires_at);
  }

  private sign(
    actor: LoginActorType,
    identity: AuthIdentity,
    sessionId: string,
    sessionExpiresAt: Date,
  ): string {
    return this.tokens.sign(
      {
        actor_id: identity.app_metadata[actorKey(actor)] ?? '',
        actor_type: actor,
        auth_identity_id: identity.id,
        app_metadata: identity.app_metadata,
        sid: sessionId,
      },
      sessionExpiresAt,
    );
  }
}
