import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { Body, Param, Query } from '../../common/validation';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthContext } from '../../common/auth/decorators';
import { CloudRoute } from '../../common/auth/route-access';
import { listBody, PaginationQuery } from '../../common/pagination';
import { ErrorResponses } from '../../common/swagger';
import { AccessKeysService } from './access-keys.service';
import { AccessKeyEnvelope, AccessKeyList, AccessKeyWithTokenEnvelope } from './dto/access-key.dto';
import { DeletedObject, NameDto } from '../../common/dto';

const scope = (organizationId: string) => ({ owner: 'organization' as const, organizationId });

@ApiTags('Cloud organization access keys')
@Controller('cloud/organizations/:org_id/access-keys')
@CloudRoute()
export class OrganizationAccessKeysController {
  constructor(private readonly keys: AccessKeysService) {}

  @Get()
  @ApiOperation({
    summary: "The organization's access keys (names and redacted previews, never tokens)",
  })
  @ApiOkResponse({ type: AccessKeyList })
  @ErrorResponses(400, 401, 404)
  async list(
    @AuthContext() auth: AuthContext,
    @Param('org_id') orgId: string,
    @Query() query: PaginationQuery,
  ): Promise<AccessKeyList> {
    return listBody('access_keys', await this.keys.list(auth, scope(orgId), query));
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Create an organization access key (any member, in person)',
    description:
      "The response is the only one that carries `token`. The key carries its creator's role in the organization (a member's key cannot read billing) and stops working when the creator leaves, unless an owner or admin adopts it. Access keys cannot create keys (403).",
  })
  @ApiOkResponse({ type: AccessKeyWithTokenEnvelope })
  @ErrorResponses(400, 401, 403, 404)
  async create(
    @AuthContext() auth: AuthContext,
    @Param('org_id') orgId: string,
    @Body() body: NameDto,
  ): Promise<AccessKeyWithTokenEnvelope> {
    return { access_key: await this.keys.create(auth, scope(orgId), body.name) };
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename an organization access key' })
  @ApiOkResponse({ type: AccessKeyEnvelope })
  @ErrorResponses(400, 401, 403, 404)
  async rename(
    @AuthContext() auth: AuthContext,
    @Param('org_id') orgId: string,
    @Param('id') id: string,
    @Body() body: NameDto,
  ): Promise<AccessKeyEnvelope> {
    return { access_key: await this.keys.rename(auth, scope(orgId), id, body.name) };
  }

  @Post(':id/adopt')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Adopt an organization access key (owners and admins, in person)',
    description:
      "The key then carries the adopter's role instead of its creator's, and keeps working when its creator leaves the organization.",
  })
  @ApiOkResponse({ type: AccessKeyEnvelope })
  @ErrorResponses(401, 403, 404)
  async adopt(
    @AuthContext() auth: AuthContext,
    @Param('org_id') orgId: string,
    @Param('id') id: string,
  ): Promise<AccessKeyEnvelope> {
    return { access_key: await this.keys.adopt(auth, orgId, id) };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete an organization access key: it stops working at once' })
  @ApiOkResponse({ type: DeletedObject })
  @ErrorResponses(401, 403, 404)
  delete(
    @AuthContext() auth: AuthContext,
    @Param('org_id') orgId: string,
    @Param('id') id: string,
  ): Promise<DeletedObject> {
    return this.keys.delete(auth, scope(orgId), id);
  }
}
