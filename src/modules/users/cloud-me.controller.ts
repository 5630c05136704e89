import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthContext } from '../../common/auth/decorators';
import { CloudUserRoute } from '../../common/auth/route-access';
import { ErrorResponses } from '../../common/swagger';
import { UserEnvelope } from '../../common/dto';
import { UsersService } from './users.service';

@ApiTags('Cloud account')
@Controller('cloud/me')
@CloudUserRoute()
export class CloudMeController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'The user behind a JWT or a personal access key' })
  @ApiOkResponse({ type: UserEnvelope })
  @ErrorResponses(401, 404)
  async me(@AuthContext() auth: AuthContext): Promise<UserEnvelope> {
    return { user: await this.users.me(auth) };
  }
}
