import { MigrationInterface, QueryRunner } from 'typeorm';

export class SessionsResetInvites1795545063663 implements MigrationInterface {
  name = 'SessionsResetInvites1795545063663';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "password_reset_token" ("id" text NOT NULL, "provider_identity_id" text NOT NULL, "actor_type" text NOT NULL, "token_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_838af121380dfe3a6330e04f5bb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_password_reset_token_provider_identity_id" ON "password_reset_token"  ("provider_identity_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_password_reset_token_hash" ON "password_reset_token"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "invite" ("id" text NOT NULL, "email" text NOT NULL, "token_hash" text NOT NULL, "role_ids" text array NOT NULL, "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "accepted_by" text, CONSTRAINT "PK_fc9fa190e5a3c5d80604a4f63e1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_invite_token_hash" ON "invite"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "session" ("id" text NOT NULL, "auth_identity_id" text NOT NULL, "actor_type" text NOT NULL, "actor_id" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "ip" text, "user_agent" text, CONSTRAINT "PK_f55da76ac1c3ac420f444d2ff11" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_session_auth_identity" ON "session"  ("auth_identity_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "refresh_token" ("id" text NOT NULL, "session_id" text NOT NULL, "token_hash" text NOT NULL, "parent_id" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b575dd3c21fb0831013c909e7fe" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_refresh_token_session_id" ON "refresh_token"  ("session_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_refresh_token_hash" ON "refresh_token"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_refresh_token_parent_id" ON "refresh_token"  ("parent_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "password_reset_token" ADD CONSTRAINT "FK_1872c5eb0e5a4c6e8500ab068e9" FOREIGN KEY ("provider_identity_id") REFERENCES "provider_identity"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refresh_token" ADD CONSTRAINT "FK_7643a722ca45fb721be1c63dc0c" FOREIGN KEY ("session_id") REFERENCES "session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "refresh_token" DROP CONSTRAINT "FK_7643a722ca45fb721be1c63dc0c"`,
    );
    await queryRunner.query(
      `ALTER TABLE "password_reset_token" DROP CONSTRAINT "FK_1872c5eb0e5a4c6e8500ab068e9"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_refresh_token_parent_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_refresh_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_refresh_token_session_id"`);
    await queryRunner.query(`DROP TABLE "refresh_token"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_session_auth_identity"`);
    await queryRunner.query(`DROP TABLE "session"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_invite_token_hash"`);
    await queryRunner.query(`DROP TABLE "invite"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_password_reset_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_password_reset_token_provider_identity_id"`);
    await queryRunner.query(`DROP TABLE "password_reset_token"`);
  }
}
