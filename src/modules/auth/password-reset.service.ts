import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { LoginActorType } from '../../common/auth/auth-context';
import type { ClientInfo } from '../../common/client-info';
import { Clock } from '../../common/clock';
import { CryptoService } from '../../common/crypto.service';
import { UnauthorizedError } from '../../common/errors/app-errors';
import { newId } from '../../common/ids';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AuditService } from '../audit/audit.service';
import { MailService } from '../notifications/mail.service';
import { normalizeEmail } from '../../common/email';
import { IdentitiesService } from './identities.service';
import type { PasswordReplacedResponse } from './dto/password-reset.dto';
import { PasswordResetToken } from './password-reset-token.entity';
import { PasswordsService } from './passwords.service';
import { ProviderIdentity } from './provider-identity.entity';
import { deleteBatch } from '../../database/delete-batch';

/** Medusa's RESET_PASSWORD_TOKEN_TTL_SECONDS. */
const TTL_MS = 15 * 60 * 1000;

@Injectable()
export class PasswordResetService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly identities: IdentitiesService,
    private readonly passwords: PasswordsService,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
    private readonly mail: MailService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Always succeeds, whether or not the email has a login (no enumeration). A known one gets a single-use
   * token, valid 15 minutes, replacing any earlier one; the message is sent after the response's work.
   */
  async request(actor: LoginActorType, identifier: string, client: ClientInfo): Promise<void> {
    const email = normalizeEmail(identifier);
    const provider = await this.identities.findByEmail(email);
    await this.audit.record({
      actor: { type: 'anonymous', id: null, method: null },
      action: 'auth.password_reset_request',
      target: { type: 'auth_identity', id: provider?.auth_identity_id ?? null },
      metadata: { email, actor_type: actor },
      client,
    });
    if (!provider) return;
    const token = this.crypto.newToken('password_reset_token');
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(PasswordResetToken, { provider_identity_id: provider.id });
      await manager.insert(PasswordResetToken, {
        id: newId('pwr'),
        provider_identity_id: provider.id,
        actor_type: actor,
        token_hash: this.crypto.sha256(token),
        expires_at: new Date(this.clock.nowMs() + TTL_MS),
      });
    });
    // The token travels in the fragment, which a browser never sends: no access log or Referer sees it.
    const fragment = `#token=${token}&email=${encodeURIComponent(email)}`;
    const link =
      actor === 'user'
        ? `${this.config.publicUrl}/console/reset-password${fragment}`
        : `${this.config.storefrontUrl}/reset-password${fragment}`;
    void this.mail.send(email, `${actor}-password-reset`, { email, link });
  }

  /**
   * Sets the new password and spends the token; every session of the identity is signed out, and the
   * person's keys are listed (or revoked, with `revokeKeys`), in one transaction.
   */
  async update(
    actor: LoginActorType,
    token: string | undefined,
    password: string,
    revokeKeys: boolean,
    client: ClientInfo,
  ): Promise<PasswordReplacedResponse> {
    const { response, forget } = await this.dataSource.transaction(async (manager) => {
      const reset = token
        ? await manager.findOne(PasswordResetToken, {
            where: { token_hash: this.crypto.sha256(token) },
            lock: { mode: 'pessimistic_write' },
          })
        : null;
      if (
        !reset ||
        reset.actor_type !== actor ||
        reset.expires_at.getTime() <= this.clock.nowMs()
      ) {
        throw new UnauthorizedError('Invalid token');
      }
      const provider = await manager.findOneOrFail(ProviderIdentity, {
        where: { id: reset.provider_identity_id },
        relations: { auth_identity: true },
      });
      await manager.delete(PasswordResetToken, { id: reset.id });
      return this.passwords.replaceIn(manager, {
        provider,
        userId: provider.auth_identity?.app_metadata.user_id,
        password,
        revokeKeys,
        audit: {
          actor: { type: actor, id: null, method: 'reset_token' },
          client,
          action: 'auth.password_reset',
        },
      });
    });
    forget();
    return response;
  }

  /** Housekeeping: reset tokens past their 15 minutes (a used one is deleted when it is used). */
  purgeIn(manager: EntityManager, now: Date, limit: number): Promise<number> {
    return deleteBatch(
      manager,
      PasswordResetToken,
      'expires_at <= :now',
      { now },
      'created_at',
      limit,
    );
  }
}
