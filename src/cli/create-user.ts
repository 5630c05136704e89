import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { AppModule } from '../app.module';
import { DuplicateError } from '../common/errors/app-errors';
import { loadConfigOrExit } from '../config/config';
import { openDatabase } from '../database/embedded-postgres';
import { ADMIN_ROLE_ID } from '../modules/rbac/permissions';
import { UsersService } from '../modules/users/users.service';

const USAGE =
  'usage: npm run user:create -- --email EMAIL --password PASSWORD [--first-name F] [--last-name L]';

/** `npm run user:create`: an admin user with a login. Running it again for the same email changes nothing. */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      'first-name': { type: 'string' },
      'last-name': { type: 'string' },
    },
  });
  if (!values.email || !values.password) {
    console.error(USAGE);
    return 2;
  }
  if (values.password.length < 8) {
    console.error('The password must be at least 8 characters long.');
    return 2;
  }
  const config = loadConfigOrExit();
  const database = await openDatabase(config.databaseUrl, config.dataDir, () => undefined);
  const context = await NestFactory.createApplicationContext(
    AppModule.forRoot(config, database.url),
    {
      logger: false,
    },
  );
  try {
    const user = await context.get(UsersService).createWithPassword({
      email: values.email,
      password: values.password,
      first_name: values['first-name'],
      last_name: values['last-name'],
      role_ids: [ADMIN_ROLE_ID],
    });
    console.log(`Created admin user ${user.email} (${user.id}).`);
    return 0;
  } catch (error) {
    if (!(error instanceof DuplicateError)) throw error;
    console.log(`${error.message}; nothing changed.`);
    return 0;
  } finally {
    await context.close();
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`user:create failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
