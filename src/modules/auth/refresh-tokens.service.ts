import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { ClientInfo } from '../../common/client-info';
import { Clock } from '../../common/clock';
import { CryptoService } from '../../common/crypto.service';
import { UnauthorizedError } from '../../common/errors/app-errors';
import { newId } from '../../common/ids';
import { RevocationBus } from '../../common/revocation-bus';
import { formatToken } from '../../common/tokens/token-format';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AuditService } from '../audit/audit.service';
import { RefreshToken } from './refresh-token.entity';
import { Session } from './session.entity';
import { SessionsService } from './sessions.service';

/**
 * A login's refresh tokens: a family per session, each token spent once for its successor. Tokens chain
 * by HMAC, so a token's successor can be derived again from it (the two-tab grace window), and a spent
 * token presented again outside that window revokes the session.
 */
@Injectable()
export class RefreshTokensService {
  /**
   * Keys of the successor's HMAC: JWT_SECRET's, then JWT_SECRET_PREVIOUS's during a rotation. A successor
   * is made with the first; a repeat within the grace window finds the one its stored successor was made
   * with, so two tabs refreshing across a restart that rotated the secret still share one live token.
   */
  private readonly chainKeys: Buffer[];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionsService,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
    private readonly bus: RevocationBus,
    private readonly audit: AuditService,
  ) {
    this.chainKeys = [config.jwtSecret, config.jwtSecretPrevious]
      .filter((secret): secret is string => secret !== undefined)
      .map((secret) =>
        createHmac('sha256', secret).update('gatehouse refresh-token chain').digest(),
      );
  }

  /** The head of a new session's family, inside the caller's transaction. */
  async firstIn(manager: EntityManager, sessionId: string): Promise<string> {
    const token = this.crypto.newToken('refresh_token');
    await this.insertIn(manager, sessionId, token, null);
    return token;
  }

  /**
   * Rotates a refresh token: it is spent and its successor returned. Presenting a spent token again
   * means it was copied: the session (the whole family) is revoked, unless it is the immediate parent of
   * the live token and within the grace window, when the same successor is returned again.
   */
  async rotate(
    refreshToken: string,
    client: ClientInfo,
  ): Promise<{ session: Session; refresh_token: string }> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const presented = await manager.findOneBy(RefreshToken, {
        token_hash: this.crypto.sha256(refreshToken),
      });
      if (!presented) return { error: 'unknown' as const };
      // Serializes concurrent refreshes of one session (two tabs), so exactly one spends the token.
      const fresh = await manager.findOne(Session, {
        where: { id: presented.session_id },
        lock: { mode: 'pessimistic_write' },
      });
      const nowMs = this.clock.nowMs();
      if (!fresh || fresh.revoked_at || fresh.expires_at.getTime() <= nowMs) {
        return { error: 'inactive' as const };
      }

      const spent = await manager.findOneByOrFail(RefreshToken, { id: presented.id });
      if (!spent.used_at) {
        const successor = this.successorOf(refreshToken, this.chainKeys[0]!);
        await manager.update(RefreshToken, { id: spent.id }, { used_at: new Date(nowMs) });
        await this.insertIn(manager, fresh.id, successor, spent.id);
        return { session: fresh, refresh_token: successor };
      }
      const child = await manager.findOneBy(RefreshToken, { parent_id: spent.id });
      const withinGrace =
        nowMs - spent.used_at.getTime() <= this.config.refreshReuseGraceSeconds * 1000;
      if (child && !child.used_at && withinGrace) {
        const again = this.chainKeys
          .map((key) => this.successorOf(refreshToken, key))
          .find((token) => this.crypto.sha256(token) === child.token_hash);
        // Made with a secret this instance no longer has: the other tab holds the live token, so the
        // session stands, and this one signs in again.
        return again ? { session: fresh, refresh_token: again } : { error: 'unknown' as const };
      }

      await this.sessions.revokeIn(manager, fresh.id);
      await this.audit.record(
        {
          actor: { type: fresh.actor_type, id: fresh.actor_id || null, method: 'refresh_token' },
          action: 'auth.refresh_token_reuse',
          outcome: 'denied',
          target: { type: 'session', id: fresh.id },
          client,
        },
        manager,
      );
      return { error: 'reused' as const, sessionId: fresh.id };
    });
    if ('error' in outcome) {
      if (outcome.error === 'reused') this.bus.revokedHere('session', outcome.sessionId);
      throw new UnauthorizedError('Invalid refresh token');
    }
    return outcome;
  }

  private successorOf(token: string, key: Buffer): string {
    return formatToken('refresh_token', createHmac('sha256', key).update(token).digest());
  }

  private async insertIn(
    manager: EntityManager,
    sessionId: string,
    token: string,
    parentId: string | null,
  ): Promise<void> {
    await manager.insert(RefreshToken, {
      id: newId('rtk'),
      session_id: sessionId,
      token_hash: this.crypto.sha256(token),
      parent_id: parentId,
      used_at: null,
    });
  }
}
