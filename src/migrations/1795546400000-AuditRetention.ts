import { MigrationInterface, QueryRunner } from 'typeorm';

const REFUSE = `CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$`;

/**
 * Issue 24: AUDIT_RETENTION_DAYS. The audit log stays append-only, except that the housekeeping job may
 * delete events older than the cut-off it sets for its own transaction (`SET LOCAL
 * gatehouse.audit_retention_cutoff`). Nothing newer can be deleted, and TRUNCATE is still refused.
 */
export class AuditRetention1795546400000 implements MigrationInterface {
  name = 'AuditRetention1795546400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.occurred_at < NULLIF(current_setting('gatehouse.audit_retention_cutoff', true), '')::timestamptz THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_event is append-only';
END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(REFUSE);
  }
}
