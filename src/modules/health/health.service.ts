import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';

const CHECK_INTERVAL_MS = 1000;

/**
 * The database is probed at most once a second, and concurrent callers share one probe, so /health
 * measures the service rather than the database (hot-path.md).
 */
@Injectable()
export class HealthService {
  private lastCheckedAt = 0;
  private lastResult = false;
  private inFlight: Promise<boolean> | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  databaseUp(): Promise<boolean> {
    if (this.clock.nowMs() - this.lastCheckedAt < CHECK_INTERVAL_MS)
      return Promise.resolve(this.lastResult);
    this.inFlight ??= this.probe().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async probe(): Promise<boolean> {
    try {
      await this.dataSource.query('SELECT 1');
      this.lastResult = true;
    } catch {
      this.lastResult = false;
    }
    this.lastCheckedAt = this.clock.nowMs();
    return this.lastResult;
  }
}
