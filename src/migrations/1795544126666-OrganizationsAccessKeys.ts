import { MigrationInterface, QueryRunner } from 'typeorm';

export class OrganizationsAccessKeys1795544126666 implements MigrationInterface {
  name = 'OrganizationsAccessKeys1795544126666';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "organization" ("id" text NOT NULL, "name" text NOT NULL, "plan" text NOT NULL DEFAULT 'free', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_472c1f99a32def1b0abb219cd67" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "access_key" ("id" text NOT NULL, "owner" text NOT NULL, "organization_id" text, "user_id" text, "name" text NOT NULL, "token_hash" text NOT NULL, "redacted" text NOT NULL, "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_access_key_owner" CHECK ((owner = 'organization' AND organization_id IS NOT NULL AND user_id IS NULL) OR (owner = 'personal' AND user_id IS NOT NULL AND organization_id IS NULL)), CONSTRAINT "PK_8bff331b150893bb5833f6e5675" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_access_key_token_hash" ON "access_key"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_access_key_user" ON "access_key"  ("user_id", "created_at") WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_access_key_organization" ON "access_key"  ("organization_id", "created_at") WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "project" ("id" text NOT NULL, "organization_id" text NOT NULL, "name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4d68b1358bb5b766d3e78f32f57" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_project_organization_id" ON "project"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "environment" ("id" text NOT NULL, "project_id" text NOT NULL, "name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f0ec97d0ac5e0e2f50f7475699f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_environment_project_id" ON "environment"  ("project_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "organization_member" ("organization_id" text NOT NULL, "user_id" text NOT NULL, "role" text NOT NULL, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ade1a22b88a5464464fe520d070" PRIMARY KEY ("organization_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_organization_member_user_id" ON "organization_member"  ("user_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "access_key" ADD CONSTRAINT "FK_fd7694231e61bb7339d9ecb59fd" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "access_key" ADD CONSTRAINT "FK_057f6cb26a00a3e2a023fc3fb02" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "project" ADD CONSTRAINT "FK_e4616ee32e66481cf9b9f1a6466" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "environment" ADD CONSTRAINT "FK_2b33a6c1d5c1276d3b502daf4de" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "organization_member" ADD CONSTRAINT "FK_ce08825728e5afefdc6e682b8d7" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "organization_member" ADD CONSTRAINT "FK_273aa659a4afdcb614cdecbd667" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "organization_member" DROP CONSTRAINT "FK_273aa659a4afdcb614cdecbd667"`,
    );
    await queryRunner.query(
      `ALTER TABLE "organization_member" DROP CONSTRAINT "FK_ce08825728e5afefdc6e682b8d7"`,
    );
    await queryRunner.query(
      `ALTER TABLE "environment" DROP CONSTRAINT "FK_2b33a6c1d5c1276d3b502daf4de"`,
    );
    await queryRunner.query(
      `ALTER TABLE "project" DROP CONSTRAINT "FK_e4616ee32e66481cf9b9f1a6466"`,
    );
    await queryRunner.query(
      `ALTER TABLE "access_key" DROP CONSTRAINT "FK_057f6cb26a00a3e2a023fc3fb02"`,
    );
    await queryRunner.query(
      `ALTER TABLE "access_key" DROP CONSTRAINT "FK_fd7694231e61bb7339d9ecb59fd"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_organization_member_user_id"`);
    await queryRunner.query(`DROP TABLE "organization_member"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_environment_project_id"`);
    await queryRunner.query(`DROP TABLE "environment"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_project_organization_id"`);
    await queryRunner.query(`DROP TABLE "project"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_access_key_organization"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_access_key_user"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_access_key_token_hash"`);
    await queryRunner.query(`DROP TABLE "access_key"`);
    await queryRunner.query(`DROP TABLE "organization"`);
  }
}
