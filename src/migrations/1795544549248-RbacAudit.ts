import { MigrationInterface, QueryRunner } from 'typeorm';

const READ = [
  'api_keys:read',
  'products:read',
  'sales_channels:read',
  'customers:read',
  'users:read',
  'audit:read',
];
const BUILT_IN_ROLES = [
  {
    id: 'role_admin',
    name: 'admin',
    description: 'Every permission',
    permissions: [
      'api_keys:read',
      'api_keys:write',
      'products:read',
      'products:write',
      'sales_channels:read',
      'sales_channels:write',
      'customers:read',
      'users:read',
      'users:manage',
      'roles:manage',
      'audit:read',
    ],
  },
  {
    id: 'role_developer',
    name: 'developer',
    description: 'API keys, products and sales channels; read customers',
    permissions: [
      'api_keys:read',
      'api_keys:write',
      'products:read',
      'products:write',
      'sales_channels:read',
      'sales_channels:write',
      'customers:read',
    ],
  },
  {
    id: 'role_viewer',
    name: 'viewer',
    description: 'Read everything, change nothing',
    permissions: READ,
  },
];

export class RbacAudit1795544549248 implements MigrationInterface {
  name = 'RbacAudit1795544549248';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_event" ("id" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_type" text NOT NULL, "actor_id" text, "auth_method" text, "credential_id" text, "action" text NOT NULL, "target_type" text, "target_id" text, "organization_id" text, "ip" text, "user_agent" text, "outcome" text NOT NULL, "metadata" jsonb NOT NULL, CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_event_target_id" ON "audit_event"  ("target_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_event_organization" ON "audit_event"  ("organization_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_event_actor" ON "audit_event"  ("actor_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_event_occurred_at" ON "audit_event"  ("occurred_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "role" ("id" text NOT NULL, "name" text NOT NULL, "description" text, "permissions" text array NOT NULL, "built_in" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b36bcfe02fc8de3c57a8b2391c2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_role_name_unique" ON "role"  ("name") `);
    await queryRunner.query(
      `CREATE TABLE "user_role" ("user_id" text NOT NULL, "role_id" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f634684acb47c1a158b83af5150" PRIMARY KEY ("user_id", "role_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_user_role_role_id" ON "user_role"  ("role_id") `);
    await queryRunner.query(
      `ALTER TABLE "user_role" ADD CONSTRAINT "FK_d0e5815877f7395a198a4cb0a46" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_role" ADD CONSTRAINT "FK_32a6fc2fcb019d8e3a8ace0f55f" FOREIGN KEY ("role_id") REFERENCES "role"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    // Built-in roles as of this migration (src/modules/rbac/permissions.ts), with fixed ids.
    for (const role of BUILT_IN_ROLES) {
      await queryRunner.query(
        `INSERT INTO "role" ("id", "name", "description", "permissions", "built_in") VALUES ($1, $2, $3, $4, true)`,
        [role.id, role.name, role.description, role.permissions],
      );
    }
    // Users from before RBAC keep what they could do: everything.
    await queryRunner.query(
      `INSERT INTO "user_role" ("user_id", "role_id") SELECT "id", 'role_admin' FROM "user" WHERE "deleted_at" IS NULL`,
    );
    // The audit log is append-only, whatever the application does.
    await queryRunner.query(
      `CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_event_append_only" BEFORE UPDATE OR DELETE ON "audit_event" FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_event_append_only" ON "audit_event"`);
    await queryRunner.query(`DROP FUNCTION audit_event_append_only()`);
    await queryRunner.query(
      `ALTER TABLE "user_role" DROP CONSTRAINT "FK_32a6fc2fcb019d8e3a8ace0f55f"`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_role" DROP CONSTRAINT "FK_d0e5815877f7395a198a4cb0a46"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_user_role_role_id"`);
    await queryRunner.query(`DROP TABLE "user_role"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_role_name_unique"`);
    await queryRunner.query(`DROP TABLE "role"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_event_occurred_at"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_event_actor"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_event_organization"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_event_target_id"`);
    await queryRunner.query(`DROP TABLE "audit_event"`);
  }
}
