import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config/config';
import { EmbeddedDatabase, startEmbeddedPostgres } from './database/embedded-postgres';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Gatehouse');
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  let embedded: EmbeddedDatabase | undefined;
  const stopDatabase = async () => {
    const database = embedded;
    embedded = undefined;
    await database?.stop();
  };

  try {
    if (!config.databaseUrl)
      embedded = await startEmbeddedPostgres(config.dataDir, (m) => logger.log(m));
    const databaseUrl = config.databaseUrl ?? embedded?.url ?? '';
    const app = await createApp(config, { databaseUrl });
    await app.listen(config.port, config.host);
    logger.log(`Gatehouse listening on http://${config.host}:${config.port} (docs at /docs)`);

    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.log(`${signal} received, shutting down`);
      void app
        .close()
        .then(stopDatabase)
        .then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error(error instanceof Error ? error.message : String(error));
            process.exit(1);
          },
        );
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
  } catch (error) {
    logger.error(`failed to start: ${error instanceof Error ? error.message : String(error)}`);
    await stopDatabase().catch(() => undefined);
    process.exit(1);
  }
}

void bootstrap();
