import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
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
/** Rows deleted per transaction. */
const BATCH_ROWS = 5_000;

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
 * a time: the pass holds an advisory lock, and an instance that finds it taken skips its turn. Each
 * owner deletes its own rows.
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

  /**
   * One pass; null when another instance's pass holds the lock. Each kind is deleted `batch` rows at a
   * time, a transaction per batch, under a session lock held on one connection for the whole pass.
   */
  async run(batch = BATCH_ROWS): Promise<HousekeepingResult | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.manager.query<[{ locked: boolean }]>(
        'SELECT pg_try_advisory_lock($1) AS locked',
        [HOUSEKEEPING_LOCK],
      );
      if (!locked) return null;
      try {
        const purge = async (step: (manager: EntityManager, limit: number) => Promise<number>) => {
          let total = 0;
          for (;;) {
            const deleted = await runner.manager.transaction((manager) => step(manager, batch));
            total += deleted;
            if (deleted < batch) return total;
          }
        };
        const now = this.clock.now();
        const ago = (ms: number) => new Date(now.getTime() - ms);
        const retention = this.config.auditRetentionDays;
        return {
          sessions: await purge((m, limit) => this.sessions.purgeIn(m, now, limit)),
          password_reset_tokens: await purge((m, limit) => this.resets.purgeIn(m, now, limit)),
          device_authorizations: await purge((m, limit) => this.devices.purgeIn(m, now, limit)),
          invites: await purge((m, limit) => this.invites.purgeIn(m, ago(INVITE_KEPT_MS), limit)),
          audit_events: retention
            ? await purge((m, limit) => this.audit.purgeIn(m, ago(retention * DAY_MS), limit))
            : 0,
        };
      } finally {
        await runner.manager.query('SELECT pg_advisory_unlock($1)', [HOUSEKEEPING_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }
}
