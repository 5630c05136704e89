import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessKey } from './access-key.entity';
import { AccessKeyVerifier } from '../../common/auth/ports';
import { OrganizationsModule } from '../organizations/organizations.module';
import { UsersModule } from '../users/users.module';
import { AccessKeyLookupService } from './access-key-lookup.service';
import { AccessKeysService } from './access-keys.service';
import { OrganizationAccessKeysController } from './organization-access-keys.controller';
import { PersonalAccessKeysController } from './personal-access-keys.controller';

@Module({
  imports: [TypeOrmModule.forFeature([AccessKey]), OrganizationsModule, UsersModule],
  controllers: [OrganizationAccessKeysController, PersonalAccessKeysController],
  providers: [
    AccessKeysService,
    AccessKeyLookupService,
    { provide: AccessKeyVerifier, useExisting: AccessKeyLookupService },
  ],
  exports: [AccessKeyVerifier],
})
export class AccessKeysModule {}
