import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { Body, Query } from '../../common/validation';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthContext, RequirePermissions } from '../../common/auth/decorators';
import { AdminRoute } from '../../common/auth/route-access';
import { listBody, PaginationQuery } from '../../common/pagination';
import { ErrorResponses } from '../../common/swagger';
import {
  CreateSalesChannelDto,
  SalesChannelEnvelope,
  SalesChannelList,
} from './dto/sales-channel.dto';
import { SalesChannelsService } from './sales-channels.service';

@ApiTags('Admin sales channels')
@Controller('admin/sales-channels')
@AdminRoute()
export class SalesChannelsController {
  constructor(private readonly channels: SalesChannelsService) {}

  @Get()
  @RequirePermissions('sales_channels:read')
  @ApiOperation({ summary: 'List sales channels' })
  @ApiOkResponse({ type: SalesChannelList })
  @ErrorResponses(400, 401)
  async list(
    @AuthContext() auth: AuthContext,
    @Query() query: PaginationQuery,
  ): Promise<SalesChannelList> {
    return listBody('sales_channels', await this.channels.list(auth, query));
  }

  @Post()
  @RequirePermissions('sales_channels:write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create a sales channel' })
  @ApiOkResponse({ type: SalesChannelEnvelope })
  @ErrorResponses(400, 401)
  async create(
    @AuthContext() auth: AuthContext,
    @Body() body: CreateSalesChannelDto,
  ): Promise<SalesChannelEnvelope> {
    return { sales_channel: await this.channels.create(auth, body) };
  }
}
