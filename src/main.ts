import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app';
import { createLog, PinoNestLogger } from './common/logging';
import { loadConfigOrExit } from './config/config';
import { EmbeddedDatabase, openDatabase } from './database/embedded-postgres';
import { startFlags } from './node-flags';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  // The application's format from the first line on, for what is logged before it exists.
  Logger.overrideLogger(new PinoNestLogger(createLog(config.logLevel)));
  const logger = new Logger('Gatehouse');
  let database: EmbeddedDatabase | undefined;
  const missing = startFlags().filter((flag) => !process.execArgv.includes(flag));
  if (missing.length)
    logger.warn(
      `started without ${missing.join(' ')}, which npm start passes to node (V8 reads them only on the command line): see docs/performance.md`,
    );
  if (config.jwtSecretFile)
    logger.warn(
      `JWT_SECRET is not set: tokens are signed with the random secret kept in ${config.jwtSecretFile}. Set JWT_SECRET in production.`,
    );

  try {
    database = await openDatabase(config.databaseUrl, config.dataDir, (m) => logger.log(m));
    const app = await createApp(config, { databaseUrl: database.url });
    await app.listen(config.port, config.host);
    logger.log(`Gatehouse listening on http://${config.host}:${config.port} (docs at /docs)`);

    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.log(`${signal} received, shutting down`);
      void app
        .close()
        .then(() => database?.stop())
        .then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error(error instanceof Error ? error.message : String(error));
            process.exit(1);
          },
        );
    };
    // These two only. Nest's enableShutdownHooks() would also stop the service on SIGHUP and SIGUSR2, and
    // so take the signal that `node --heapsnapshot-signal=SIGUSR2` needs; app.close() runs the same hooks.
    // Ours alone: embedded-postgres's exit hook also answers them, stopping PostgreSQL under the open
    // connections and exiting with 143 before the drain above has finished.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.removeAllListeners(signal);
      process.on(signal, () => shutdown(signal));
    }
  } catch (error) {
    logger.error(`failed to start: ${error instanceof Error ? error.message : String(error)}`);
    // A failed start must not leave the embedded postgres running.
    await database?.stop().catch(() => undefined);
    process.exit(1);
  }
}

void bootstrap();
