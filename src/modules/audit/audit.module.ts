import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEvent } from './audit-event.entity';
import { AuditLog } from '../../common/audit-entry';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** Global: every module records events, and none should have to import this one to do so. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEvent])],
  controllers: [AuditController],
  providers: [AuditService, { provide: AuditLog, useExisting: AuditService }],
  exports: [AuditService, AuditLog],
})
export class AuditModule {}
