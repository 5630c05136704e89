import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { LoginActorType } from '../../common/auth/auth-context';
import type { AuditEntry } from '../../common/audit-entry';
import type { ClientInfo } from '../../common/client-info';
import { UnauthorizedError } from '../../common/errors/app-errors';
import { AuditService } from '../audit/audit.service';
import { AuthIdentity } from './auth-identity.entity';
import { actorKey, IdentitiesService, isLoginActor } from './identities.service';
import { JwtTokenService } from './jwt-token.service';
import type { Session } from './session.entity';
import { RefreshTokensService } from './refresh-tokens.service';
import { SessionsService } from './sessions.service';

/** The JWTs of sessions: a new session's first token, a refreshed one, and one re-issued in place. */
@Injectable()
export class TokenIssuer {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly identities: IdentitiesService,
    private readonly tokens: JwtTokenService,
    private readonly sessions: SessionsService,
    private readonly refreshTokens: RefreshTokensService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Starts a session for the identity acting as `actor`: its JWT (whose `actor_id` is empty until an
   * actor is linked) and, for a login, the first refresh token of the session. `name` labels a session
   * that is not a browser's (a device login's CLI).
   */
  async startSession(
    actor: LoginActorType,
    identity: AuthIdentity,
    client: ClientInfo,
    { refresh, record, name }: { refresh: boolean; record?: AuditEntry; name?: string },
  ): Promise<{ token: string; refresh_token?: string }> {
    const { current, sessionId, expiresAt, refreshToken } = await this.dataSource.transaction(
      async (manager) => {
        // The identity as it is now, locked until the session exists: a user deleted meanwhile (whose
        // deletion unlinks the identity under a write lock, then revokes its sessions) either finishes
        // first, and this session has no actor, or waits and then revokes it (issue 19: every way in).
        const current = await manager.findOne(AuthIdentity, {
          where: { id: identity.id },
          lock: { mode: 'pessimistic_read' },
        });
        if (!current) throw new UnauthorizedError();
        const opened = await this.sessions.openIn(
          manager,
          {
            auth_identity_id: current.id,
            actor_type: actor,
            actor_id: current.app_metadata[actorKey(actor)] ?? '',
          },
          client,
          name,
        );
        const first = refresh
          ? await this.refreshTokens.firstIn(manager, opened.sessionId)
          : undefined;
        if (record) await this.audit.record(record, manager);
        return { ...opened, current, refreshToken: first };
      },
    );
    const token = this.sign(actor, current, sessionId, expiresAt);
    return refreshToken ? { token, refresh_token: refreshToken } : { token };
  }

  /**
   * `POST /auth/token/refresh` with a refresh token: rotates it, and signs a new JWT for the same session.
   */
  async refresh(
    refreshToken: string,
    client: ClientInfo,
  ): Promise<{ token: string; refresh_token: string }> {
    const { session, refresh_token } = await this.refreshTokens.rotate(refreshToken, client);
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
    const identity = await this.identities.find(session.auth_identity_id);
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
