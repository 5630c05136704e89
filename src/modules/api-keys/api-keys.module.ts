import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKey } from './api-key.entity';
import { ApiKeyVerifier } from '../../common/auth/ports';
import { ApiKeyLookupService } from './api-key-lookup.service';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';

@Module({
  imports: [TypeOrmModule.forFeature([ApiKey])],
  controllers: [ApiKeysController],
  providers: [
    ApiKeysService,
    ApiKeyLookupService,
    { provide: ApiKeyVerifier, useExisting: ApiKeyLookupService },
  ],
  exports: [ApiKeyVerifier],
})
export class ApiKeysModule {}
