import { MigrationInterface, QueryRunner } from 'typeorm';

/** Device login (RFC 8628): pending, approved, denied and spent device codes; sessions get a name. */
export class DeviceLogin1795546300000 implements MigrationInterface {
  name = 'DeviceLogin1795546300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "device_authorization" ("id" text NOT NULL, "device_code_hash" text NOT NULL, "user_code_hash" text NOT NULL, "client_name" text NOT NULL, "ip" text, "user_agent" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "interval_seconds" integer NOT NULL, "last_polled_at" TIMESTAMP WITH TIME ZONE, "status" text NOT NULL DEFAULT 'pending', "user_id" text, "auth_identity_id" text, "decided_in_session_id" text, "decided_from_ip" text, "decided_at" TIMESTAMP WITH TIME ZONE, "session_id" text, CONSTRAINT "CHK_device_authorization_status" CHECK (status IN ('pending', 'approved', 'denied', 'spent')), CONSTRAINT "PK_e360bd227c20f47c8c1c7ccbaec" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_device_authorization_device_code_hash" ON "device_authorization"  ("device_code_hash") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_device_authorization_user_code_hash" ON "device_authorization"  ("user_code_hash") `,
    );
    await queryRunner.query(`ALTER TABLE "session" ADD "name" text`);
    await queryRunner.query(
      `ALTER TABLE "device_authorization" ADD CONSTRAINT "FK_3c3ccf36fcebcf9313b28e23e3d" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "device_authorization" ADD CONSTRAINT "FK_a9b381e9e302f43568854f60ab8" FOREIGN KEY ("auth_identity_id") REFERENCES "auth_identity"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "device_authorization" ADD CONSTRAINT "FK_c5122456f53a6b7e7a4273fe683" FOREIGN KEY ("decided_in_session_id") REFERENCES "session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "device_authorization" ADD CONSTRAINT "FK_00066d47ca070421fb7c9a1ab39" FOREIGN KEY ("session_id") REFERENCES "session"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "device_authorization" DROP CONSTRAINT "FK_00066d47ca070421fb7c9a1ab39"`,
    );
    await queryRunner.query(
      `ALTER TABLE "device_authorization" DROP CONSTRAINT "FK_c5122456f53a6b7e7a4273fe683"`,
    );
    await queryRunner.query(
      `ALTER TABLE "device_authorization" DROP CONSTRAINT "FK_a9b381e9e302f43568854f60ab8"`,
    );
    await queryRunner.query(
      `ALTER TABLE "device_authorization" DROP CONSTRAINT "FK_3c3ccf36fcebcf9313b28e23e3d"`,
    );
    await queryRunner.query(`ALTER TABLE "session" DROP COLUMN "name"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_device_authorization_user_code_hash"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_device_authorization_device_code_hash"`);
    await queryRunner.query(`DROP TABLE "device_authorization"`);
  }
}
