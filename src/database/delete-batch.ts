import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Deletes at most `limit` rows of `entity` (its primary key is `id`) that match `where`, SQL on its
 * columns with `parameters`, oldest by `oldestFirst` first; how many it deleted. Housekeeping calls it
 * until a batch comes back short, each batch in a transaction of its own, so a first pass over a large
 * table is never one long transaction holding its locks and its WAL. On a large table, `oldestFirst`
 * must be an indexed column that `where` bounds: the batch then reads only what it deletes, where a
 * scan would pass again over every row the batches before it deleted.
 */
export async function deleteBatch<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  where: string,
  parameters: ObjectLiteral,
  oldestFirst: string,
  limit: number,
): Promise<number> {
  const batch = manager
    .createQueryBuilder(entity, 'doomed')
    .select('doomed.id')
    .where(where, parameters)
    .orderBy(`doomed.${oldestFirst}`)
    .limit(limit);
  const { affected } = await manager
    .createQueryBuilder()
    .delete()
    .from(entity)
    .where(`id IN (${batch.getQuery()})`)
    .setParameters(batch.getParameters())
    .execute();
  return affected ?? 0;
}
