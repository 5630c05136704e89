import { MigrationInterface, QueryRunner } from 'typeorm';

export class ApiKeysProducts1795543316809 implements MigrationInterface {
  name = 'ApiKeysProducts1795543316809';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sales_channel" ("id" text NOT NULL, "name" text NOT NULL, "description" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d1eb0b923ea5a0eb1e0916191f1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "api_key" ("id" text NOT NULL, "title" text NOT NULL, "type" text NOT NULL, "token_hash" text NOT NULL, "redacted" text NOT NULL, "previous_token_hash" text, "previous_token_expires_at" TIMESTAMP WITH TIME ZONE, "scopes" text array, "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by" text, CONSTRAINT "PK_b1bd840641b8acbaad89c3d8d11" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_api_key_type" ON "api_key"  ("type") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_api_key_token_hash" ON "api_key"  ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_api_key_previous_token_hash" ON "api_key"  ("previous_token_hash") WHERE previous_token_hash IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_api_key_created_by" ON "api_key"  ("created_by") `);
    await queryRunner.query(
      `CREATE TABLE "product" ("id" text NOT NULL, "title" text NOT NULL, "handle" text NOT NULL, "status" text NOT NULL DEFAULT 'draft', "description" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bebc9158e480b949565b4dc7a82" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_product_handle_unique" ON "product"  ("handle") `,
    );
    await queryRunner.query(
      `CREATE TABLE "publishable_api_key_sales_channel" ("api_key_id" text NOT NULL, "sales_channel_id" text NOT NULL, CONSTRAINT "PK_9c4fb08cd69c40c60b085452324" PRIMARY KEY ("api_key_id", "sales_channel_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_8c2acb8707de940bf8787477b2" ON "publishable_api_key_sales_channel"  ("api_key_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_39c0dc44fb08bf8e448fe38be7" ON "publishable_api_key_sales_channel"  ("sales_channel_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "product_sales_channel" ("product_id" text NOT NULL, "sales_channel_id" text NOT NULL, CONSTRAINT "PK_fd29b6a8bd641052628dee19583" PRIMARY KEY ("product_id", "sales_channel_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_5a4d5e1e60f97633547821ec8d" ON "product_sales_channel"  ("product_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_37341bad297fe5cca91f921032" ON "product_sales_channel"  ("sales_channel_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "publishable_api_key_sales_channel" ADD CONSTRAINT "FK_8c2acb8707de940bf8787477b22" FOREIGN KEY ("api_key_id") REFERENCES "api_key"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "publishable_api_key_sales_channel" ADD CONSTRAINT "FK_39c0dc44fb08bf8e448fe38be7a" FOREIGN KEY ("sales_channel_id") REFERENCES "sales_channel"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_sales_channel" ADD CONSTRAINT "FK_5a4d5e1e60f97633547821ec8d6" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_sales_channel" ADD CONSTRAINT "FK_37341bad297fe5cca91f921032b" FOREIGN KEY ("sales_channel_id") REFERENCES "sales_channel"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "product_sales_channel" DROP CONSTRAINT "FK_37341bad297fe5cca91f921032b"`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_sales_channel" DROP CONSTRAINT "FK_5a4d5e1e60f97633547821ec8d6"`,
    );
    await queryRunner.query(
      `ALTER TABLE "publishable_api_key_sales_channel" DROP CONSTRAINT "FK_39c0dc44fb08bf8e448fe38be7a"`,
    );
    await queryRunner.query(
      `ALTER TABLE "publishable_api_key_sales_channel" DROP CONSTRAINT "FK_8c2acb8707de940bf8787477b22"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_37341bad297fe5cca91f921032"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5a4d5e1e60f97633547821ec8d"`);
    await queryRunner.query(`DROP TABLE "product_sales_channel"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_39c0dc44fb08bf8e448fe38be7"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8c2acb8707de940bf8787477b2"`);
    await queryRunner.query(`DROP TABLE "publishable_api_key_sales_channel"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_product_handle_unique"`);
    await queryRunner.query(`DROP TABLE "product"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_api_key_created_by"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_api_key_previous_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_api_key_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_api_key_type"`);
    await queryRunner.query(`DROP TABLE "api_key"`);
    await queryRunner.query(`DROP TABLE "sales_channel"`);
  }
}
