import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Housekeeping deletes ended sessions in batches, oldest first. Without an index each batch scanned the
 * whole table from its start, past the rows the batches before it had deleted: on a large table that had
 * never been cleaned, the first pass grew with the square of its size. With these, each batch reads only
 * what it deletes. Revoked sessions are a few; the partial index holds only them.
 */
export class SessionPurgeIndexes1795546500000 implements MigrationInterface {
  name = 'SessionPurgeIndexes1795546500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_session_expires_at" ON "session" ("expires_at") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_session_revoked_at" ON "session" ("revoked_at") WHERE "revoked_at" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_session_revoked_at"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_session_expires_at"`);
  }
}
