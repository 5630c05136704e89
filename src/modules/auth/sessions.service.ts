import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { ClientInfo } from '../../common/client-info';
import { Clock } from '../../common/clock';
import type { CredentialCache } from '../../common/credential-cache';
import { NotFoundError } from '../../common/errors/app-errors';
import { newId } from '../../common/ids';
import { LastUsed, LastUsedTracker } from '../../common/last-used-tracker';
import { Page, paginate, PaginationQuery } from '../../common/pagination';
import { RevocationBus } from '../../common/revocation-bus';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Session } from './session.entity';
import type { Awaitable } from '../../common/awaitable';
import { deleteBatch } from '../../database/delete-batch';

export interface SessionResponse {
  id: string;
  name: string | null;
  actor_type: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
  current: boolean;
}

/** Whose a live session is, and until when: a JWT must name the same identity and actor. */
export interface LiveSession {
  auth_identity_id: string;
  actor_type: string;
  actor_id: string;
  expiresAtMs: number;
}

/**
 * Logins as rows: JWTs carry `sid`, and a revoked or expired session fails its JWTs before their `exp`.
 * Active sessions are cached in-process; the RevocationBus evicts a revoked one on every instance.
 */
@Injectable()
export class SessionsService {
  /** Live sessions by id, with their owner and expiry. */
  private readonly active: CredentialCache<LiveSession>;
  private readonly lastUsed: LastUsed;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly bus: RevocationBus,
    tracker: LastUsedTracker,
  ) {
    this.lastUsed = tracker.of('session', 'last_seen_at');
    this.active = bus.cache('sessions', (cache, kind, id) => {
      if (kind === 'session') cache.invalidate((_value, sessionId) => sessionId === id);
    });
  }

  /** Opens a session inside the caller's transaction. */
  async openIn(
    manager: EntityManager,
    identity: { auth_identity_id: string; actor_type: string; actor_id: string },
    { ip, user_agent }: ClientInfo,
    name: string | null = null,
  ): Promise<{ sessionId: string; expiresAt: Date }> {
    const now = this.clock.now();
    const sessionId = newId('sess');
    const expiresAt = new Date(now.getTime() + this.config.sessionTtlSeconds * 1000);
    await manager.insert(Session, {
      id: sessionId,
      auth_identity_id: identity.auth_identity_id,
      actor_type: identity.actor_type,
      actor_id: identity.actor_id,
      last_seen_at: now,
      expires_at: expiresAt,
      ip,
      user_agent,
      name,
    });
    return { sessionId, expiresAt };
  }

  /** A live session's row (for a new JWT), or undefined: one indexed read, never the cache. */
  async liveRow(sessionId: string, nowMs = this.clock.nowMs()): Promise<Session | undefined> {
    const session = await this.dataSource.manager.findOneBy(Session, {
      id: sessionId,
      revoked_at: IsNull(),
    });
    return session && session.expires_at.getTime() > nowMs ? session : undefined;
  }

  /** The session if it is live, with its owner. On the request path: a cache hit, or one indexed read. */
  live(sessionId: string): Awaitable<LiveSession | undefined> {
    const nowMs = this.clock.nowMs();
    const cached = this.active.get(sessionId, nowMs);
    if (cached) return cached.expiresAtMs > nowMs ? cached : undefined;
    return this.readLive(sessionId, nowMs);
  }

  private async readLive(sessionId: string, nowMs: number): Promise<LiveSession | undefined> {
    const generation = this.active.generation();
    const session = await this.liveRow(sessionId, nowMs);
    if (!session) return undefined;
    this.lastUsed.touch(session.id, session.last_seen_at);
    const live = {
      auth_identity_id: session.auth_identity_id,
      actor_type: session.actor_type,
      actor_id: session.actor_id,
      expiresAtMs: session.expires_at.getTime(),
    };
    this.active.set(sessionId, live, nowMs, generation);
    return live;
  }

  /**
   * A session opened before its identity had an actor of its type (a login before `POST /store/customers`)
   * takes the actor once it is linked, so that the refreshed JWT, which names it, matches the session.
   */
  async attachActor(sessionId: string, actorId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.update(Session, { id: sessionId, actor_id: '' }, { actor_id: actorId });
      await this.bus.publish(manager, 'session', sessionId);
    });
    this.bus.revokedHere('session', sessionId);
  }

  async list(
    authIdentityId: string,
    currentSessionId: string | undefined,
    query: PaginationQuery,
  ): Promise<Page<SessionResponse>> {
    const builder = this.dataSource.manager
      .createQueryBuilder(Session, 'session')
      .where('session.auth_identity_id = :authIdentityId', { authIdentityId })
      .andWhere('session.revoked_at IS NULL')
      .andWhere('session.expires_at > :now', { now: this.clock.now() });
    return paginate(builder, query, (session) => ({
      id: session.id,
      name: session.name,
      actor_type: session.actor_type,
      created_at: session.created_at,
      last_seen_at: session.last_seen_at,
      expires_at: session.expires_at,
      ip: session.ip,
      user_agent: session.user_agent,
      current: session.id === currentSessionId,
    }));
  }

  /** Revokes one of the identity's sessions (404 for anyone else's). */
  async revoke(authIdentityId: string, sessionId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const result = await manager.update(
        Session,
        { id: sessionId, auth_identity_id: authIdentityId, revoked_at: IsNull() },
        { revoked_at: this.clock.now() },
      );
      if (!result.affected) throw new NotFoundError(`Session with id: ${sessionId} was not found`);
      await this.bus.publish(manager, 'session', sessionId);
    });
    this.bus.revokedHere('session', sessionId);
  }

  /** `DELETE /auth/sessions`: every live session of the identity but the caller's; their ids. */
  async revokeOthers(authIdentityId: string, keep: string | undefined): Promise<string[]> {
    const revoked = await this.dataSource.transaction((manager) =>
      this.revokeAllIn(manager, authIdentityId, keep),
    );
    this.forgetHere(revoked);
    return revoked;
  }

  /**
   * Every live session of an identity but `keep` (password change or reset: customer sessions included),
   * inside the caller's transaction.
   */
  async revokeAllIn(
    manager: EntityManager,
    authIdentityId: string,
    keep?: string,
  ): Promise<string[]> {
    const sessions = await manager.findBy(Session, {
      auth_identity_id: authIdentityId,
      revoked_at: IsNull(),
    });
    return this.revokeEachIn(
      manager,
      sessions.filter((session) => session.id !== keep),
    );
  }

  /**
   * Every live session of an identity acting as one actor type (its user, being deleted; its customer
   * sessions stay), registration sessions included, inside the caller's transaction.
   */
  async revokeActorIn(
    manager: EntityManager,
    authIdentityId: string,
    actorType: string,
  ): Promise<string[]> {
    const sessions = await manager.findBy(Session, {
      auth_identity_id: authIdentityId,
      actor_type: actorType,
      revoked_at: IsNull(),
    });
    return this.revokeEachIn(manager, sessions);
  }

  private async revokeEachIn(manager: EntityManager, sessions: Session[]): Promise<string[]> {
    for (const session of sessions) await this.revokeIn(manager, session.id);
    return sessions.map((session) => session.id);
  }

  /** After the caller's transaction committed: evict on this instance without waiting for the notice. */
  forgetHere(sessionIds: string[]): void {
    for (const id of sessionIds) this.bus.revokedHere('session', id);
  }

  /** Revokes one session inside the caller's transaction, with its revocation notice. */
  async revokeIn(manager: EntityManager, sessionId: string): Promise<void> {
    await manager.update(Session, { id: sessionId }, { revoked_at: this.clock.now() });
    await this.bus.publish(manager, 'session', sessionId);
  }

  /**
   * Housekeeping: deletes sessions that have expired or were revoked, with their refresh tokens (the
   * foreign key cascades). A live session keeps its whole chain, spent tokens included, so a copied token
   * presented again is still recognised and still ends the session.
   */
  async purgeIn(manager: EntityManager, now: Date, limit: number): Promise<number> {
    // Expired, then revoked: each through its own index, oldest first.
    const ended = (column: 'expires_at' | 'revoked_at', most: number) =>
      deleteBatch(manager, Session, `${column} <= :now`, { now }, column, most);
    const expired = await ended('expires_at', limit);
    return expired === limit ? expired : expired + (await ended('revoked_at', limit - expired));
  }
}
