import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthContext } from '../../common/auth/auth-context';
import type { ClientInfo } from '../../common/client-info';
import { Clock } from '../../common/clock';
import { CryptoService } from '../../common/crypto.service';
import { DeviceGrantError, NotFoundError } from '../../common/errors/app-errors';
import { newId } from '../../common/ids';
import { isUniqueViolation } from '../../database/postgres-errors';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AuditService } from '../audit/audit.service';
import { DeviceAuthorization } from './device-authorization.entity';
import { IdentitiesService } from './identities.service';
import { SessionsService } from './sessions.service';
import { TokenIssuer } from './token-issuer.service';
import { deleteBatch } from '../../database/delete-batch';

/** RFC 8628 §6.1: consonants only (no vowels, so no words; no 0/O or 1/I), 8 of them: 34 bits. */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
const USER_CODE_LENGTH = 8;
export const DEVICE_CODE_TTL_SECONDS = 600;
export const DEVICE_POLL_INTERVAL_SECONDS = 5;
/** RFC 8628 §3.5: each `slow_down` adds five seconds to the interval. */
const SLOW_DOWN_SECONDS = 5;

export interface DeviceCodeGrant {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

/** What the approver is shown: which CLI asks, from where and when. */
export interface DeviceRequest {
  client_name: string;
  ip: string | null;
  user_agent: string | null;
  requested_at: Date;
  expires_at: Date;
}

/** `ABCD-EFGH` as people read and type it; their input may be lower case, spaced or without the dash. */
export function normalizeUserCode(input: string): string {
  return input.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

function requestOf(row: DeviceAuthorization): DeviceRequest {
  return {
    client_name: row.client_name,
    ip: row.ip,
    user_agent: row.user_agent,
    requested_at: row.created_at,
    expires_at: row.expires_at,
  };
}

/**
 * Device login (RFC 8628) on Gatehouse's own API: a CLI asks for a code pair, a signed-in user approves
 * the short user code in a browser, and the CLI, polling with the long device code, receives a session of
 * its own (named after it, listed among the user's sessions, signed out there like any other).
 */
@Injectable()
export class DeviceLoginService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly crypto: CryptoService,
    private readonly identities: IdentitiesService,
    private readonly sessions: SessionsService,
    private readonly issuer: TokenIssuer,
    private readonly audit: AuditService,
  ) {}

  /** `POST /auth/device/code`: a new pair, pending for ten minutes. */
  async start(clientName: string, client: ClientInfo): Promise<DeviceCodeGrant> {
    const deviceCode = this.crypto.newToken('device_code');
    const now = this.clock.now();
    // 20^8 codes: a clash with a stored one is rare enough that one retry covers it.
    for (let attempt = 0; ; attempt++) {
      const userCode = this.newUserCode();
      try {
        await this.dataSource.manager.insert(DeviceAuthorization, {
          id: newId('devauth'),
          device_code_hash: this.crypto.sha256(deviceCode),
          user_code_hash: this.crypto.sha256(normalizeUserCode(userCode)),
          client_name: clientName,
          ip: client.ip,
          user_agent: client.user_agent,
          created_at: now,
          expires_at: new Date(now.getTime() + DEVICE_CODE_TTL_SECONDS * 1000),
          interval_seconds: DEVICE_POLL_INTERVAL_SECONDS,
        });
      } catch (error) {
        if (attempt < 2 && isUniqueViolation(error)) continue;
        throw error;
      }
      const verificationUri = `${this.config.publicUrl}/console/device`;
      return {
        device_code: deviceCode,
        user_code: userCode,
        verification_uri: verificationUri,
        // In the fragment, so that the code reaches neither a server log nor a Referer.
        verification_uri_complete: `${verificationUri}#user_code=${userCode}`,
        expires_in: DEVICE_CODE_TTL_SECONDS,
        interval: DEVICE_POLL_INTERVAL_SECONDS,
      };
    }
  }

  /** The pending request behind a user code, for the approval page. */
  async describe(userCode: string): Promise<DeviceRequest> {
    return requestOf(await this.pending(userCode));
  }

  /**
   * `POST /auth/device/approve` and `/deny`: a user decides in person, once. The audit event names the
   * requester's address beside the approver's.
   */
  async decide(
    auth: AuthContext,
    userCode: string,
    decision: 'approved' | 'denied',
  ): Promise<DeviceRequest & { status: 'approved' | 'denied' }> {
    const row = await this.pending(userCode);
    await this.dataSource.transaction(async (manager) => {
      const result = await manager.update(
        DeviceAuthorization,
        { id: row.id, status: 'pending' },
        {
          status: decision,
          user_id: auth.actor_id,
          auth_identity_id: auth.auth_identity_id,
          decided_in_session_id: auth.session_id ?? null,
          decided_from_ip: auth.client?.ip ?? null,
          decided_at: this.clock.now(),
        },
      );
      if (!result.affected) throw this.unknownCode();
      await this.audit.record(
        {
          auth,
          action: decision === 'approved' ? 'auth.device_approve' : 'auth.device_deny',
          target: { type: 'device_authorization', id: row.id },
          metadata: {
            client_name: row.client_name,
            requester_ip: row.ip,
            requester_user_agent: row.user_agent,
          },
        },
        manager,
      );
    });
    return { status: decision, ...requestOf(row) };
  }

  /**
   * `POST /auth/device/token`: the CLI's poll. Until a decision, `authorization_pending` (or `slow_down`
   * when it polls faster than its interval, which then grows); once approved, the CLI session, exactly
   * once; then the code is spent.
   */
  async poll(
    deviceCode: string,
    client: ClientInfo,
  ): Promise<{ token: string; refresh_token?: string }> {
    const now = this.clock.now();
    const row = await this.dataSource.manager.findOneBy(DeviceAuthorization, {
      device_code_hash: this.crypto.sha256(deviceCode),
    });
    if (!row || row.status === 'spent')
      throw new DeviceGrantError('invalid_grant', 'This device code is not valid; log in again');
    if (row.expires_at.getTime() <= now.getTime())
      throw new DeviceGrantError('expired_token', 'The device code expired; log in again');
    if (row.status === 'denied')
      throw new DeviceGrantError('access_denied', 'The login was denied');
    if (row.status === 'pending') throw await this.pendingAnswer(row, now);
    return this.collect(row, client);
  }

  private async pendingAnswer(row: DeviceAuthorization, now: Date): Promise<DeviceGrantError> {
    const early =
      row.last_polled_at &&
      now.getTime() - row.last_polled_at.getTime() < row.interval_seconds * 1000;
    await this.dataSource.manager.update(
      DeviceAuthorization,
      { id: row.id },
      {
        last_polled_at: now,
        ...(early && { interval_seconds: row.interval_seconds + SLOW_DOWN_SECONDS }),
      },
    );
    return early
      ? new DeviceGrantError(
          'slow_down',
          `Polling too fast: wait ${row.interval_seconds + SLOW_DOWN_SECONDS} seconds between requests`,
        )
      : new DeviceGrantError('authorization_pending', 'Waiting for the login to be approved');
  }

  /**
   * An approved code, spent for its session. The approval holds only while the session it was given in
   * is live and the identity still belongs to the approving user.
   */
  private async collect(
    row: DeviceAuthorization,
    client: ClientInfo,
  ): Promise<{ token: string; refresh_token?: string }> {
    const spent = await this.dataSource.manager.update(
      DeviceAuthorization,
      { id: row.id, status: 'approved' },
      { status: 'spent' },
    );
    if (!spent.affected)
      throw new DeviceGrantError('invalid_grant', 'This device code is not valid; log in again');
    const identity = row.auth_identity_id && (await this.identities.find(row.auth_identity_id));
    const approvedIn = row.decided_in_session_id
      ? await this.sessions.liveRow(row.decided_in_session_id)
      : undefined;
    if (!identity || !approvedIn || !row.user_id || identity.app_metadata.user_id !== row.user_id)
      throw new DeviceGrantError(
        'access_denied',
        'The approval no longer holds: the approving session ended',
      );
    const login = await this.issuer.startSession('user', identity, client, {
      refresh: true,
      name: row.client_name,
      record: {
        actor: { type: 'user', id: row.user_id, method: 'device_code' },
        action: 'auth.login',
        target: { type: 'auth_identity', id: identity.id },
        metadata: {
          actor_type: 'user',
          client_name: row.client_name,
          device_authorization: row.id,
        },
        client,
      },
    });
    return login;
  }

  private async pending(userCode: string): Promise<DeviceAuthorization> {
    const row = await this.dataSource.manager.findOneBy(DeviceAuthorization, {
      user_code_hash: this.crypto.sha256(normalizeUserCode(userCode)),
      status: 'pending',
    });
    if (!row || row.expires_at.getTime() <= this.clock.nowMs()) throw this.unknownCode();
    return row;
  }

  private unknownCode(): NotFoundError {
    return new NotFoundError('No device login is waiting for this code; it may have expired');
  }

  /** Uniform over the alphabet: bytes past the last whole multiple of its size are drawn again. */
  private newUserCode(): string {
    const limit = 256 - (256 % USER_CODE_ALPHABET.length);
    let code = '';
    while (code.length < USER_CODE_LENGTH) {
      for (const byte of this.crypto.randomBytes(USER_CODE_LENGTH)) {
        if (byte < limit && code.length < USER_CODE_LENGTH)
          code += USER_CODE_ALPHABET[byte % USER_CODE_ALPHABET.length];
      }
    }
    return `${code.slice(0, 4)}-${code.slice(4)}`;
  }

  /** Housekeeping: device codes past their ten minutes, whatever became of them. */
  purgeIn(manager: EntityManager, now: Date, limit: number): Promise<number> {
    return deleteBatch(
      manager,
      DeviceAuthorization,
      'expires_at <= :now',
      { now },
      'created_at',
      limit,
    );
  }
}
