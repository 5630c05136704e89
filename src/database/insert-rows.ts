import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** One row to insert: its entity and its values by property (columns left out take their default). */
export interface EntityRow<T extends ObjectLiteral = ObjectLiteral> {
  entity: EntityTarget<T>;
  values: Partial<T>;
}

/** Types a row's values by its entity. */
export function entityRow<T extends ObjectLiteral>(
  entity: EntityTarget<T>,
  values: Partial<T>,
): EntityRow {
  return { entity, values };
}

/**
 * Inserts rows into several tables as one statement, each insert a data-modifying CTE: one round trip
 * instead of BEGIN, one per row and COMMIT, and just as atomic (a statement commits whole or not at all).
 * A row may reference an earlier one: PostgreSQL checks foreign keys once the whole statement has run.
 * A login writes its session, refresh token and audit event this way (issue #7: 6 round trips → 2).
 */
export async function insertRows(
  manager: EntityManager,
  rows: readonly EntityRow[],
): Promise<void> {
  const parameters: unknown[] = [];
  const inserts = rows.map(({ entity, values }) => {
    const metadata = manager.connection.getMetadata(entity);
    const columns: string[] = [];
    const placeholders: string[] = [];
    for (const [property, value] of Object.entries(values)) {
      if (value === undefined) continue;
      const column = metadata.findColumnWithPropertyName(property);
      if (!column) throw new Error(`${metadata.name} has no column ${property}`);
      columns.push(`"${column.databaseName}"`);
      // node-postgres would send a top-level array as a PostgreSQL array, not as JSON.
      placeholders.push(
        `$${parameters.push(column.type === 'jsonb' ? JSON.stringify(value) : value)}`,
      );
    }
    return `INSERT INTO "${metadata.tableName}" (${columns.join(', ')}) VALUES (${placeholders.join(', ')})`;
  });
  const last = inserts.pop();
  if (last === undefined) return;
  const ctes = inserts.map((insert, index) => `row${index} AS (${insert})`);
  await manager.query(ctes.length ? `WITH ${ctes.join(', ')} ${last}` : last, parameters);
}
