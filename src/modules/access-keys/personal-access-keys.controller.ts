import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { Body, Param, Query } from '../../common/validation';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthContext } from '../../common/auth/decorators';
import { CloudUserRoute } from '../../common/auth/route-access';
import { listBody, PaginationQuery } from '../../common/pagination';
import { ErrorResponses } from '../../common/swagger';
import { AccessKeysService } from './access-keys.service';
import { AccessKeyEnvelope, AccessKeyList, AccessKeyWithTokenEnvelope } from './dto/access-key.dto';
import { DeletedObject, NameDto } from '../../common/dto';

const scope = (auth: AuthContext) => ({ owner: 'personal' as const, userId: auth.actor_id });

@ApiTags('Cloud personal access keys')
@Controller('cloud/me/access-keys')
@CloudUserRoute()
export class PersonalAccessKeysController {
  constructor(private readonly keys: AccessKeysService) {}

  @Get()
  @ApiOperation({ summary: 'My personal access keys (only mine; never tokens)' })
  @ApiOkResponse({ type: AccessKeyList })
  @ErrorResponses(400, 401)
  async list(
    @AuthContext() auth: AuthContext,
    @Query() query: PaginationQuery,
  ): Promise<AccessKeyList> {
    return listBody('access_keys', await this.keys.list(auth, scope(auth), query));
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Create a personal access key (in person)',
    description:
      'The response is the only one that carries `token`. Access keys cannot create keys (403).',
  })
  @ApiOkResponse({ type: AccessKeyWithTokenEnvelope })
  @ErrorResponses(400, 401, 403)
  async create(
    @AuthContext() auth: AuthContext,
    @Body() body: NameDto,
  ): Promise<AccessKeyWithTokenEnvelope> {
    return { access_key: await this.keys.create(auth, scope(auth), body.name) };
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename one of my personal access keys' })
  @ApiOkResponse({ type: AccessKeyEnvelope })
  @ErrorResponses(400, 401, 403, 404)
  async rename(
    @AuthContext() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: NameDto,
  ): Promise<AccessKeyEnvelope> {
    return { access_key: await this.keys.rename(auth, scope(auth), id, body.name) };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete one of my personal access keys: it stops working at once' })
  @ApiOkResponse({ type: DeletedObject })
  @ErrorResponses(401, 403, 404)
  delete(@AuthContext() auth: AuthContext, @Param('id') id: string): Promise<DeletedObject> {
    return this.keys.delete(auth, scope(auth), id);
  }
}
