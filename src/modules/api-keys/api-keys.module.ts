import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PublishableKeyGuard } from '../../common/auth/publishable-key.guard';
import { ApiKeyStrategy } from '../../common/auth/strategies/api-key.strategy';
import { ApiKeyLookupService } from './api-key-lookup.service';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';

@Module({
  controllers: [ApiKeysController],
  providers: [
    ApiKeysService,
    ApiKeyLookupService,
    ApiKeyStrategy,
    { provide: APP_GUARD, useClass: PublishableKeyGuard },
  ],
})
export class ApiKeysModule {}
