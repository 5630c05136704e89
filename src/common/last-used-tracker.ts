import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from './clock';
import { boundedLru } from './lru';

const INTERVAL_MS = 60_000;
/** Ids whose last write is remembered; one forgotten costs only an UPDATE that its WHERE turns down. */
const REMEMBERED = 100_000;

/** A "last used" column kept up to date by authentication (see LastUsedTracker.of). */
export interface LastUsed {
  /** Records a use now, unless one was recorded less than a minute ago; never awaited. */
  touch(id: string, lastUsedAt: Date | null): void;
}

/**
 * Records `last_used_at` at most once a minute per row (per instance; the WHERE clause keeps it so across
 * instances), after the request's own work: the write is not awaited, so it never slows the request.
 * Each module names its own table and column (`tracker.of('api_key', 'last_used_at')`).
 */
@Injectable()
export class LastUsedTracker {
  private readonly logger = new Logger(LastUsedTracker.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  of(table: string, column: string): LastUsed {
    const lastWrites = boundedLru<string, number>(REMEMBERED);
    const sql = `UPDATE ${table} SET ${column} = $2 WHERE id = $1 AND (${column} IS NULL OR ${column} <= $3)`;
    return {
      touch: (id, lastUsedAt) => {
        const nowMs = this.clock.nowMs();
        const lastWrite = lastWrites.get(id) ?? lastUsedAt?.getTime() ?? 0;
        if (nowMs - lastWrite < INTERVAL_MS) return;
        lastWrites.set(id, nowMs);
        this.dataSource
          .query(sql, [id, new Date(nowMs), new Date(nowMs - INTERVAL_MS)])
          .catch((error: unknown) =>
            this.logger.warn(
              `${table}.${column} update failed for ${id}: ${error instanceof Error ? error.message : String(error)}`,
            ),
          );
      },
    };
  }
}
