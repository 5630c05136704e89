import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795542639372 implements MigrationInterface {
  name = 'Init1795542639372';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "provider_identity" ("id" text NOT NULL, "provider" text NOT NULL, "entity_id" text NOT NULL, "auth_identity_id" text NOT NULL, "provider_metadata" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9a9d5350c03e6a391324ac1d167" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_provider_identity_auth_identity_id" ON "provider_identity"  ("auth_identity_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_provider_identity_provider_entity" ON "provider_identity"  ("provider", "entity_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "auth_identity" ("id" text NOT NULL, "app_metadata" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3eeca3f18e671626194e553eb89" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "customer" ("id" text NOT NULL, "email" text NOT NULL, "first_name" text, "last_name" text, "phone" text, "has_account" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a7a13f4cacb744524e44dfdad32" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_customer_email_has_account" ON "customer"  ("email") WHERE has_account = true AND deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "user" ("id" text NOT NULL, "email" text NOT NULL, "first_name" text, "last_name" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_cace4a159ff9f2512dd42373760" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_user_email_unique" ON "user"  ("email") WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "provider_identity" ADD CONSTRAINT "FK_b80757311abf4c266aa65a2c2da" FOREIGN KEY ("auth_identity_id") REFERENCES "auth_identity"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "provider_identity" DROP CONSTRAINT "FK_b80757311abf4c266aa65a2c2da"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_user_email_unique"`);
    await queryRunner.query(`DROP TABLE "user"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_customer_email_has_account"`);
    await queryRunner.query(`DROP TABLE "customer"`);
    await queryRunner.query(`DROP TABLE "auth_identity"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_provider_identity_provider_entity"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_provider_identity_auth_identity_id"`);
    await queryRunner.query(`DROP TABLE "provider_identity"`);
  }
}
