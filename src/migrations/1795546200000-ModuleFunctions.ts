import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 21: what the credential lookups read of other modules' tables, as functions their owners define,
 * so that no module's query names another's tables and a lookup stays one round trip:
 * - `user_is_active(user_id)` (users): the user exists and is not deleted;
 * - `active_user_permissions(user_id)` (rbac): every permission the user holds through their roles, or
 *   null when the user is deleted or unknown;
 * - `organization_member_role(organization_id, user_id)` (organizations): the member's role, or null.
 */
export class ModuleFunctions1795546200000 implements MigrationInterface {
  name = 'ModuleFunctions1795546200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE FUNCTION user_is_active(user_id text) RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT EXISTS (SELECT 1 FROM "user" u WHERE u.id = user_id AND u.deleted_at IS NULL)
      $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION active_user_permissions(user_id text) RETURNS text[] LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN user_is_active(user_id) THEN (
          SELECT COALESCE(array_agg(DISTINCT permission), '{}') FROM user_role ur
          JOIN role r ON r.id = ur.role_id CROSS JOIN LATERAL unnest(r.permissions) AS permission
          WHERE ur.user_id = active_user_permissions.user_id
        ) END
      $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION organization_member_role(organization_id text, user_id text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT m.role FROM organization_member m
        WHERE m.organization_id = organization_member_role.organization_id AND m.user_id = organization_member_role.user_id
      $$`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION organization_member_role(text, text)`);
    await queryRunner.query(`DROP FUNCTION active_user_permissions(text)`);
    await queryRunner.query(`DROP FUNCTION user_is_active(text)`);
  }
}
