import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

/**
 * One definition for the app, the migration step, the TypeORM CLI (ormconfig.ts) and the tests. Never
 * `synchronize`: migrations define the schema. Entities are not listed here: each module registers its
 * own (`TypeOrmModule.forFeature`, collected by `autoLoadEntities`), and ormconfig.ts finds them by glob.
 */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: 20, application_name: 'gatehouse' },
  };
}
