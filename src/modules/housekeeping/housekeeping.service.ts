import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { InvitesService } from '../accounts/invites.service';
import { AuditService } from '../audit/audit.service';
import { DeviceLoginService } from '../auth/device-login.service';
import { PasswordResetService } from '../auth/password-reset.service';
import { SessionsService } from '../auth/sessions.service';

/** An arbitrary constant naming the housekeeping pass among PostgreSQL advisory locks. */
const HOUSEKEEPING_LOCK = 734_216_906;
const DAY_MS = 24 * 60 * 60 * 1000;
/** How long a lapsed or accepted invite stays listed (and a lapsed one can be resent). */
const INVITE_KEPT_MS = 30 * DAY_MS;

export interface HousekeepingResult {
  sessions: number;
  password_reset_tokens: number;
  device_authorizations: number;
  invites: number;
  audit_events: number;
}

/**
 * Deletes what can no longer be used: ended sessions (with their refresh tokens), expired reset tokens
 * and device codes, old invites, and audit events past AUDIT_RETENTION_DAYS. Hourly, on one instance at
 * a time: the pass runs in one transaction holding an advisory lock, and an instance that finds it
 * taken skips its turn. Each owner deletes its own rows.
 */
@Injectable()
export class HousekeepingService {
  private readonly logger = new Logger('Housekeeping');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly sessions: SessionsService,
    private readonly resets: PasswordResetService,
    private readonly devices: DeviceLoginService,
    private readonly invites: InvitesService,
    private readonly audit: AuditService,
  ) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'housekeeping' })
  async scheduled(): Promise<void> {
    try {
      const result = await this.run();
      if (result) this.logger.log(`deleted ${JSON.stringify(result)}`);
    } catch (error) {
      this.logger.error(`failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** One pass; null when another instance's pass holds the lock. */
  run(): Promise<HousekeepingResult | null> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query<[{ locked: boolean }]>(
        'SELECT pg_try_advisory_xact_lock($1) AS locked',
        [HOUSEKEEPING_LOCK],
      );
      if (!locked) return null;
      const now = this.clock.now();
      const retention = this.config.auditRetentionDays;
      return {
        sessions: await this.sessions.purgeIn(manager, now),
        password_reset_tokens: await this.resets.purgeIn(manager, now),
        device_authorizations: await this.devices.purgeIn(manager, now),
        invites: await this.invites.purgeIn(manager, new Date(now.getTime() - INVITE_KEPT_MS)),
        audit_events: retention
          ? await this.audit.purgeIn(manager, new Date(now.getTime() - retention * DAY_MS))
          : 0,
      };
    });
  }
}
