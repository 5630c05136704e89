import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { Body, Param, Query } from '../../common/validation';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthContext, RequirePermissions } from '../../common/auth/decorators';
import { AdminRoute } from '../../common/auth/route-access';
import { ErrorResponses } from '../../common/swagger';
import { listBody } from '../../common/pagination';
import { ApiKeysService } from './api-keys.service';
import {
  ApiKeyEnvelope,
  ApiKeyList,
  ApiKeyWithTokenEnvelope,
  CreateApiKeyDto,
  ListApiKeysQuery,
  ManageSalesChannelsDto,
  RevokeApiKeyDto,
  RollApiKeyDto,
  UpdateApiKeyDto,
} from './dto/api-key.dto';
import { DeletedObject } from '../../common/dto';

@ApiTags('Admin API keys')
@Controller('admin/api-keys')
@AdminRoute()
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @RequirePermissions('api_keys:read')
  @ApiOperation({ summary: 'List API keys (never with their tokens)' })
  @ApiOkResponse({ type: ApiKeyList })
  @ErrorResponses(400, 401)
  async list(
    @AuthContext() auth: AuthContext,
    @Query() query: ListApiKeysQuery,
  ): Promise<ApiKeyList> {
    return listBody('api_keys', await this.apiKeys.list(auth, query));
  }

  @Post()
  @RequirePermissions('api_keys:write')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Create an API key',
    description: 'The response is the only one that carries `token`.',
  })
  @ApiOkResponse({ type: ApiKeyWithTokenEnvelope })
  @ErrorResponses(400, 401)
  async create(
    @AuthContext() auth: AuthContext,
    @Body() body: CreateApiKeyDto,
  ): Promise<ApiKeyWithTokenEnvelope> {
    return { api_key: await this.apiKeys.create(auth, body) };
  }

  @Get(':id')
  @RequirePermissions('api_keys:read')
  @ApiOperation({ summary: 'Get an API key' })
  @ApiOkResponse({ type: ApiKeyEnvelope })
  @ErrorResponses(401, 404)
  async retrieve(
    @AuthContext() auth: AuthContext,
    @Param('id') id: string,
  ): Promise<ApiKeyEnvelope> {
    return { api_key: await this.apiKeys.retrieve(auth, id) };
  }

  @Post(':id')
  @RequirePermissions('api_keys:write')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rename an API key (the title is the only field that changes)',
    description:
      "Needs every permission the key carries (its creator's, narrowed to its scopes): 403 otherwise.",
  })
  @ApiOkResponse({ type: ApiKeyEnvelope })
  @ErrorResponses(400, 401, 404)
  async update(
    @AuthContext() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: UpdateApiKeyDto,
  ): Promise<ApiKeyEnvelope> {
    return { api_key: await this.apiKeys.updateTitle(auth, id, body.title) };
  }

  @Delete(':id')
  @RequirePermissions('api_keys:write')
  @ApiOperation({
    summary: 'Delete an API key; it stops working at once',
    description:
      "Needs every permission the key carries (its creator's, narrowed to its scopes): 403 otherwise.",
  })
  @ApiOkResponse({ type: DeletedObject })
  @ErrorResponses(401, 404)
  delete(@AuthContext() auth: AuthContext, @Param('id') id: string): Promise<DeletedObject> {
    return this.apiKeys.delete(auth, id);
  }

  @Post(':id/revoke')
  @RequirePermissions('api_keys:write')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Revoke an API key, now or in `revoke_in` seconds',
    description:
      "Needs every permission the key carries (its creator's, narrowed to its scopes): 403 otherwise.",
  })
  @ApiOkResponse({ type: ApiKeyEnvelope })
  @ErrorResponses(400, 401, 404)
  async revoke(
    @AuthContext() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: RevokeApiKeyDto,
  ): Promise<ApiKeyEnvelope> {
    return { api_key: await this.apiKeys.revoke(auth, id, body.revoke_in) };
  }

  @Post(':id/roll')
  @RequirePermissions('api_keys:write')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Roll an API key: a new token for the same key',
    description:
      'The old token keeps working for `expires_in` seconds (default 0). The new token is shown once. ' +
      "Only a secret key's creator may roll it, holding every permission it carries (403 otherwise).",
  })
  @ApiOkResponse({ type: ApiKeyWithTokenEnvelope })
  @ErrorResponses(400, 401, 404)
  async roll(
    @AuthContext() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: RollApiKeyDto,
  ): Promise<ApiKeyWithTokenEnvelope> {
    return { api_key: await this.apiKeys.roll(auth, id, body.expires_in) };
  }

  @Post(':id/sales-channels')
  @RequirePermissions('api_keys:write')
  @HttpCode(200)
  @ApiOperation({ summary: "Add or remove a publishable key's sales channels" })
  @ApiOkResponse({ type: ApiKeyEnvelope })
  @ErrorResponses(400, 401, 404)
  async salesChannels(
    @AuthContext() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: ManageSalesChannelsDto,
  ): Promise<ApiKeyEnvelope> {
    return { api_key: await this.apiKeys.manageSalesChannels(auth, id, body) };
  }
}
