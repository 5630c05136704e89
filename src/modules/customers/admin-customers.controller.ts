import { Controller, Get } from '@nestjs/common';
import { Query } from '../../common/validation';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '../../common/auth/decorators';
import { AdminRoute } from '../../common/auth/route-access';
import { listBody } from '../../common/pagination';
import { ErrorResponses } from '../../common/swagger';
import { CustomersService } from './customers.service';
import { CustomerList, ListCustomersQuery } from './dto/customer.dto';

@ApiTags('Admin customers')
@Controller('admin/customers')
@AdminRoute()
export class AdminCustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Get()
  @RequirePermissions('customers:read')
  @ApiOperation({ summary: 'List customers' })
  @ApiOkResponse({ type: CustomerList })
  @ErrorResponses(400, 401, 403)
  async list(@Query() query: ListCustomersQuery): Promise<CustomerList> {
    return listBody('customers', await this.customers.list(query));
  }
}
