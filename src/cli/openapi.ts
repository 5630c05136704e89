import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../app.module';
import { swaggerDocument } from '../app';
import { loadConfig } from '../config/config';

/**
 * `npm run console:api` (with `-- --write`): Gatehouse's OpenAPI document, the one `/docs-json` serves,
 * made from the routes' metadata alone. Nest's preview mode builds the module graph without running a
 * provider, so nothing connects to a database. The console's typed client is generated from it, and a
 * test compares it with what the running app serves.
 */
export async function openApiDocument(): Promise<object> {
  const databaseUrl = 'postgres://preview@127.0.0.1:1/preview';
  const config = loadConfig({
    NODE_ENV: 'development',
    JWT_SECRET: 'preview-only-secret-that-signs-nothing-0123456789',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, databaseUrl),
    new FastifyAdapter(),
    { preview: true, logger: false },
  );
  const document = swaggerDocument(app);
  await app.close();
  return document;
}

if (require.main === module) {
  openApiDocument().then(
    (document) => process.stdout.write(`${JSON.stringify(document, null, 2)}\n`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
