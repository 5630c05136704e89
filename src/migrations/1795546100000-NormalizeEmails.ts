import { MigrationInterface, QueryRunner } from 'typeorm';
import { normalizeEmail } from '../common/email';

interface EmailRow {
  id: string;
  email: string;
  unique: boolean;
}

/** Every stored email, and the rows among which one email must name one account. */
const EMAIL_COLUMNS = [
  { table: 'provider_identity', column: 'entity_id', unique: `"provider" = 'emailpass'` },
  { table: 'user', column: 'email', unique: '"deleted_at" IS NULL' },
  { table: 'customer', column: 'email', unique: '"has_account" AND "deleted_at" IS NULL' },
  { table: 'invite', column: 'email', unique: null },
] as const;

/**
 * Issue 19: an email is one account. Emails used to be stored only trimmed and lower-cased; this stores
 * them as `normalizeEmail` does now (NFKC, IDNA A-label domains). It stops, changing nothing, when a
 * stored email cannot be normalised or two accounts turn out to be one email: an operator decides which
 * account stays, then migrates again.
 */
export class NormalizeEmails1795546100000 implements MigrationInterface {
  name = 'NormalizeEmails1795546100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const problems: string[] = [];
    const updates: { table: string; column: string; id: string; email: string }[] = [];
    for (const { table, column, unique } of EMAIL_COLUMNS) {
      const rows: EmailRow[] = await queryRunner.manager.query(
        `SELECT "id", "${column}" AS "email", ${unique ?? 'false'} AS "unique" FROM "${table}" ORDER BY "id"`,
      );
      const owners = new Map<string, string>();
      for (const row of rows) {
        let email: string;
        try {
          email = normalizeEmail(row.email);
        } catch (error) {
          problems.push(
            `${table} ${row.id}: ${JSON.stringify(row.email)} ${(error as Error).message.replace(/^email /, '')}`,
          );
          continue;
        }
        if (row.unique) {
          const owner = owners.get(email);
          if (owner)
            problems.push(`${table} ${owner} and ${row.id} are both ${email} once normalised`);
          owners.set(email, row.id);
        }
        if (email !== row.email) updates.push({ table, column, id: row.id, email });
      }
    }
    if (problems.length) {
      throw new Error(
        `Cannot normalise the stored emails (nothing was changed). Resolve each of these, then migrate again:\n  - ${problems.join('\n  - ')}`,
      );
    }
    for (const { table, column, id, email } of updates) {
      await queryRunner.query(`UPDATE "${table}" SET "${column}" = $1 WHERE "id" = $2`, [
        email,
        id,
      ]);
    }
  }

  /** Normalised emails stay normalised: there is nothing to undo. */
  public async down(): Promise<void> {}
}
