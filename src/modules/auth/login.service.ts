import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthContext, LoginActorType } from '../../common/auth/auth-context';
import type { ClientInfo } from '../../common/client-info';
import { normalizeEmail } from '../../common/email';
import { InvalidCredentialsError } from '../../common/errors/app-errors';
import { Metrics } from '../../common/metrics';
import { AuditService } from '../audit/audit.service';
import type { AuthIdentity } from './auth-identity.entity';
import { actorKey, IdentitiesService } from './identities.service';
import { CheckOutcome, LoginLockoutService } from './login-lockout.service';
import { PasswordHasher } from './password-hasher';
import { TokenIssuer } from './token-issuer.service';

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

/** Passwords checked under the lockout, and what a login or a registration answers. */
@Injectable()
export class LoginService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly identities: IdentitiesService,
    private readonly hasher: PasswordHasher,
    private readonly issuer: TokenIssuer,
    private readonly audit: AuditService,
    private readonly lockout: LoginLockoutService,
    private readonly metrics: Metrics,
  ) {}

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
    const check = await this.lockout.begin(normalized).catch((error: unknown) => {
      this.metrics.passwordCheck(attempt.action, 'refused');
      throw error;
    });
    let outcome: CheckOutcome = 'abandoned';
    let login: { identity?: AuthIdentity; valid: boolean };
    try {
      login = await this.verifyLogin(normalized, password);
      outcome = login.valid ? 'success' : 'failure';
    } finally {
      await check.finish(outcome);
    }
    this.metrics.passwordCheck(attempt.action, outcome);
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
    const provider = await this.identities.findByEmail(email);
    const identity = provider?.auth_identity;
    if (!identity) return { valid: await this.hasher.verifyDummy(password) };
    return {
      identity,
      valid: await this.hasher.verify(provider.provider_metadata.password_hash, password),
    };
  }

  /** A successful login: its session, refresh token and audit event, in one transaction. */
  login(
    actor: LoginActorType,
    { identity, email }: VerifiedLogin,
    client: ClientInfo,
  ): Promise<{ token: string; refresh_token?: string }> {
    return this.issuer.startSession(actor, identity, client, {
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
   * `POST /auth/{actor}/emailpass/register`: a new identity and its registration token (a session
   * JWT with no `actor_id` yet, and no refresh token). For an email that
   * already logs in, the password is checked like a login (counted, locked, audited): the right one
   * answers as the identity (a half-finished registration resumes, as in Medusa), a wrong one 401.
   */
  async register(
    actor: LoginActorType,
    email: string,
    password: string,
    client: ClientInfo,
  ): Promise<{ token: string }> {
    const identity = await this.registered(actor, email, password, client);
    const { token } = await this.issuer.startSession(actor, identity, client, { refresh: false });
    return { token };
  }

  private async registered(
    actor: LoginActorType,
    email: string,
    password: string,
    client: ClientInfo,
  ): Promise<AuthIdentity> {
    if (await this.identities.findByEmail(email)) {
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
      const identity = await this.identities.createIdentity(manager, email, password);
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
}
