import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { LoginActorType } from '../../common/auth/auth-context';
import type { ClientInfo } from '../../common/client-info';
import { Clock } from '../../common/clock';
import { CryptoService } from '../../common/crypto.service';
import { UnauthorizedError } from '../../common/errors/app-errors';
import { newId } from '../../common/ids';
import { toBase62 } from '../../common/tokens/token-format';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AuditService } from '../audit/audit.service';
import { Notifier } from '../notifications/notifier';
import { EmailPassService, normalizeEmail } from './emailpass.service';
import { PasswordHasher } from './password-hasher';
import { PasswordResetToken } from './password-reset-token.entity';
import { ProviderIdentity } from './provider-identity.entity';
import { SessionsService } from './sessions.service';

/** Medusa's RESET_PASSWORD_TOKEN_TTL_SECONDS. */
const TTL_MS = 15 * 60 * 1000;

@Injectable()
export class PasswordResetService {
  private readonly logger = new Logger(PasswordResetService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly emailpass: EmailPassService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
    private readonly notifier: Notifier,
    private readonly audit: AuditService,
  ) {}

  /**
   * Always succeeds, whether or not the email has a login (no enumeration). A known one gets a single-use
   * token, valid 15 minutes, replacing any earlier one; the message is sent after the response's work.
   */
  async request(actor: LoginActorType, identifier: string, client: ClientInfo): Promise<void> {
    const email = normalizeEmail(identifier);
    const provider = await this.emailpass.findByEmail(email);
    await this.audit.record({
      actor: { type: 'anonymous', id: null, method: null },
      action: 'auth.password_reset_request',
      target: { type: 'auth_identity', id: provider?.auth_identity_id ?? null },
      metadata: { email, actor_type: actor },
      client,
    });
    if (!provider) return;
    const token = `prt_${toBase62(this.crypto.randomBytes(32), 43)}`;
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(PasswordResetToken, { provider_identity_id: provider.id });
      await manager.insert(PasswordResetToken, {
        id: newId('prt'),
        provider_identity_id: provider.id,
        actor_type: actor,
        token_hash: this.crypto.sha256(token),
        expires_at: new Date(this.clock.nowMs() + TTL_MS),
      });
    });
    const link = `${this.config.publicUrl}/reset-password?token=${token}&email=${encodeURIComponent(email)}`;
    this.notifier
      .send({
        to: email,
        template: 'password_reset',
        subject: 'Reset your password',
        text: `Someone asked to reset the password of ${email}. If it was you, open ${link} within 15 minutes, or send POST /auth/${actor}/emailpass/update with "Authorization: Bearer ${token}". If not, ignore this message.`,
      })
      .catch((error: unknown) =>
        this.logger.error(
          `password reset message to ${email} failed: ${error instanceof Error ? error.message : ''}`,
        ),
      );
  }

  /** Sets the new password, spends the token and revokes every session of the identity. */
  async update(
    actor: LoginActorType,
    token: string | undefined,
    password: string,
    client: ClientInfo,
  ): Promise<void> {
    const revoked = await this.dataSource.transaction(async (manager) => {
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
      const provider = await manager.findOneByOrFail(ProviderIdentity, {
        id: reset.provider_identity_id,
      });
      await manager.update(
        ProviderIdentity,
        { id: provider.id },
        {
          provider_metadata: {
            ...provider.provider_metadata,
            password_hash: await this.hasher.hash(password),
          },
        },
      );
      await manager.delete(PasswordResetToken, { id: reset.id });
      const sessionIds = await this.sessions.revokeAllIn(manager, provider.auth_identity_id);
      await this.audit.record(
        {
          actor: { type: actor, id: null, method: 'reset_token' },
          action: 'auth.password_reset',
          target: { type: 'auth_identity', id: provider.auth_identity_id },
          metadata: { email: provider.entity_id, sessions_revoked: sessionIds.length },
          client,
        },
        manager,
      );
      return sessionIds;
    });
    this.sessions.forgetHere(revoked);
  }
}
