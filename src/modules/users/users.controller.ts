import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthContext, RequirePermissions } from '../../common/auth/decorators';
import { AdminRoute } from '../../common/auth/route-access';
import { listBody } from '../../common/pagination';
import { ErrorResponses } from '../../common/swagger';
import { Query } from '../../common/validation';
import { ListUsersQuery, UserList } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('Admin users')
@Controller('admin/users')
@AdminRoute()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @RequirePermissions('users:read')
  @ApiOperation({ summary: 'List admin users' })
  @ApiOkResponse({ type: UserList })
  @ErrorResponses(400, 401)
  async list(@AuthContext() auth: AuthContext, @Query() query: ListUsersQuery): Promise<UserList> {
    return listBody('users', await this.users.list(auth, query));
  }
}
