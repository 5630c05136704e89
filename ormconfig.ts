import 'reflect-metadata';
import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { dataSourceOptions } from './src/database/data-source-options';

/**
 * Every module's entities, found by their file names: the application registers them module by module
 * (`TypeOrmModule.forFeature`); the TypeORM CLI and the migration drift test need them all at once.
 */
export const ENTITY_FILES = join(__dirname, 'src/modules/*/*.entity.{ts,js}');

/** The application's options with every entity: for the CLI and for tests that check the schema. */
export function withAllEntities(url: string): DataSourceOptions {
  return { ...dataSourceOptions(url), entities: [ENTITY_FILES] };
}

/** For the TypeORM CLI (`npm run typeorm -- migration:generate …`); needs DATABASE_URL. */
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gatehouse_dev';
export default new DataSource(withAllEntities(url));
