import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: a user's profile fields (Medusa's `avatar_url` and `metadata`); the member who adopted an
 * organization access key (the key then carries that member's role); and an audit log that refuses
 * TRUNCATE as it refuses UPDATE and DELETE.
 */
export class AccountLifecycle1795546000000 implements MigrationInterface {
  name = 'AccountLifecycle1795546000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user" ADD "avatar_url" text`);
    await queryRunner.query(`ALTER TABLE "user" ADD "metadata" jsonb`);
    await queryRunner.query(`ALTER TABLE "access_key" ADD "adopted_by" text`);
    await queryRunner.query(
      `CREATE TRIGGER "audit_event_no_truncate" BEFORE TRUNCATE ON "audit_event" FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_event_no_truncate" ON "audit_event"`);
    await queryRunner.query(`ALTER TABLE "access_key" DROP COLUMN "adopted_by"`);
    await queryRunner.query(`ALTER TABLE "user" DROP COLUMN "metadata"`);
    await queryRunner.query(`ALTER TABLE "user" DROP COLUMN "avatar_url"`);
  }
}
