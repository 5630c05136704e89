import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from './clock';

const INTERVAL_MS = 60_000;

/** The tables whose rows carry a "last used" time that authentication keeps up to date. */
const COLUMNS = {
  api_key: 'last_used_at',
  access_key: 'last_used_at',
  session: 'last_seen_at',
} as const;
export type TrackedTable = keyof typeof COLUMNS;

/**
 * Records `last_used_at` at most once a minute per key (per instance; the WHERE clause keeps it so across
 * instances), after the request's own work: the write is not awaited, so it never slows the request.
 */
@Injectable()
export class LastUsedTracker {
  private readonly logger = new Logger(LastUsedTracker.name);
  private readonly lastWrites = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  touch(table: TrackedTable, id: string, lastUsedAt: Date | null): void {
    const nowMs = this.clock.nowMs();
    const lastWrite = this.lastWrites.get(id) ?? lastUsedAt?.getTime() ?? 0;
    if (nowMs - lastWrite < INTERVAL_MS) return;
    this.lastWrites.set(id, nowMs);
    this.dataSource
      .query(
        `UPDATE ${table} SET ${COLUMNS[table]} = $2 WHERE id = $1 AND (${COLUMNS[table]} IS NULL OR ${COLUMNS[table]} <= $3)`,
        [id, new Date(nowMs), new Date(nowMs - INTERVAL_MS)],
      )
      .catch((error: unknown) =>
        this.logger.warn(
          `last_used_at update failed for ${id}: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
  }
}
