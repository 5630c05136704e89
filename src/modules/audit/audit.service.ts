import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { newId } from '../../common/ids';
import { Page, paginate } from '../../common/pagination';
import { UNKNOWN_CLIENT } from '../../common/client-info';
import { AuditEvent } from './audit-event.entity';
import { AuditEntry, AuditLog } from '../../common/audit-entry';
import type { AuditEventResponse, ListAuditEventsQuery } from '../../common/audit-event.dto';
import { deleteBatch } from '../../database/delete-batch';

/** The append-only security log (issue: every security event leaves a trace). */
@Injectable()
export class AuditService implements AuditLog {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Writes one event; pass the transaction's manager so the event commits (or not) with the change. */
  async record(entry: AuditEntry, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.insert(AuditEvent, this.eventOf(entry));
  }

  private eventOf(entry: AuditEntry): AuditEvent {
    const { ip, user_agent } = entry.client ?? entry.auth?.client ?? UNKNOWN_CLIENT;
    const actor = entry.auth
      ? {
          type: entry.auth.actor_type,
          id: entry.auth.actor_id || null,
          method: entry.auth.auth_method,
        }
      : (entry.actor ?? { type: 'anonymous', id: null, method: null });
    return {
      id: newId('aud'),
      occurred_at: this.clock.now(),
      actor_type: actor.type,
      actor_id: actor.id,
      auth_method: actor.method,
      credential_id: entry.auth?.api_key_id ?? entry.auth?.access_key_id ?? null,
      action: entry.action,
      target_type: entry.target?.type ?? null,
      target_id: entry.target?.id ?? null,
      organization_id: entry.organization_id ?? null,
      ip,
      user_agent,
      outcome: entry.outcome ?? 'success',
      metadata: entry.metadata ?? {},
    };
  }

  list(query: ListAuditEventsQuery, organizationId?: string): Promise<Page<AuditEventResponse>> {
    const builder = this.dataSource.manager.createQueryBuilder(AuditEvent, 'event');
    if (organizationId)
      builder.andWhere('event.organization_id = :organizationId', { organizationId });
    if (query.actor_id) builder.andWhere('event.actor_id = :actorId', { actorId: query.actor_id });
    if (query.action) builder.andWhere('event.action = :action', { action: query.action });
    if (query.target_id)
      builder.andWhere('event.target_id = :targetId', { targetId: query.target_id });
    if (query.from) builder.andWhere('event.occurred_at >= :from', { from: query.from });
    if (query.to) builder.andWhere('event.occurred_at < :to', { to: query.to });
    return paginate(builder, query, (event) => ({ ...event }), 'occurred_at');
  }

  /**
   * Housekeeping (AUDIT_RETENTION_DAYS): events older than `before`. The table refuses every other
   * deletion; this one passes because the transaction names its cut-off (migration AuditRetention).
   */
  async purgeIn(manager: EntityManager, before: Date, limit: number): Promise<number> {
    await manager.query(`SELECT set_config('gatehouse.audit_retention_cutoff', $1, true)`, [
      before.toISOString(),
    ]);
    return deleteBatch(
      manager,
      AuditEvent,
      'occurred_at < :before',
      { before },
      'occurred_at',
      limit,
    );
  }
}
