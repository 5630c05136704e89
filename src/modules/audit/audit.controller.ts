import { Controller, Get } from '@nestjs/common';
import { Query } from '../../common/validation';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '../../common/auth/decorators';
import { AdminRoute } from '../../common/auth/route-access';
import { listBody } from '../../common/pagination';
import { ErrorResponses } from '../../common/swagger';
import { AuditService } from './audit.service';
import { AuditEventList, ListAuditEventsQuery } from '../../common/audit-event.dto';

@ApiTags('Admin audit log')
@Controller('admin/audit-events')
@AdminRoute()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequirePermissions('audit:read')
  @ApiOperation({ summary: 'Security events: filter by actor, action, target and time range' })
  @ApiOkResponse({ type: AuditEventList })
  @ErrorResponses(400, 401, 403)
  async list(@Query() query: ListAuditEventsQuery): Promise<AuditEventList> {
    return listBody('audit_events', await this.audit.list(query));
  }
}
