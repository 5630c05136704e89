import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { DeletedObject } from '../../common/dto';
import { listBody, PaginationQuery } from '../../common/pagination';
import { Body, Param, Query } from '../../common/validation';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowedAuth, AuthContext, RequirePermissions } from '../../common/auth/decorators';
import { AdminRoute } from '../../common/auth/route-access';
import { ErrorResponses } from '../../common/swagger';
import {
  AcceptedInviteEnvelope,
  AcceptInviteDto,
  AcceptInviteQuery,
  CreateInviteDto,
  InviteEnvelope,
  InviteList,
} from './dto/invite.dto';
import { InvitesService } from './invites.service';

@ApiTags('Admin invites')
@Controller('admin/invites')
@AdminRoute()
export class InvitesController {
  constructor(private readonly invites: InvitesService) {}

  @Post()
  @HttpCode(200)
  @RequirePermissions('users:manage')
  @ApiOperation({
    summary: 'Invite someone to become an admin user',
    description:
      'The invitee is emailed a link to `PUBLIC_URL/console/invite` with the token (valid 7 days) in its fragment. The token is also in this response, once.',
  })
  @ApiOkResponse({ type: InviteEnvelope })
  @ErrorResponses(400, 401, 403, 409)
  async create(
    @AuthContext() auth: AuthContext,
    @Body() body: CreateInviteDto,
  ): Promise<InviteEnvelope> {
    return { invite: await this.invites.create(auth, body) };
  }

  @Get()
  @RequirePermissions('users:read')
  @ApiOperation({ summary: 'List invites, newest first (never their tokens)' })
  @ApiOkResponse({ type: InviteList })
  @ErrorResponses(400, 401, 403)
  async list(@Query() query: PaginationQuery): Promise<InviteList> {
    return listBody('invites', await this.invites.list(query));
  }

  @Post(':id/resend')
  @HttpCode(200)
  @RequirePermissions('users:manage')
  @ApiOperation({
    summary: 'Resend a pending invite: a new token (in this response only) and seven more days',
    description:
      "The old token stops working. The caller must hold every permission the invite's roles carry (403 otherwise).",
  })
  @ApiOkResponse({ type: InviteEnvelope })
  @ErrorResponses(400, 401, 403, 404)
  async resend(@AuthContext() auth: AuthContext, @Param('id') id: string): Promise<InviteEnvelope> {
    return { invite: await this.invites.resend(auth, id) };
  }

  @Delete(':id')
  @RequirePermissions('users:manage')
  @ApiOperation({ summary: 'Withdraw a pending invite: its token stops working at once' })
  @ApiOkResponse({ type: DeletedObject })
  @ErrorResponses(400, 401, 403, 404)
  async delete(@AuthContext() auth: AuthContext, @Param('id') id: string): Promise<DeletedObject> {
    await this.invites.delete(auth, id);
    return { id, object: 'invite', deleted: true };
  }

  @Post('accept')
  @HttpCode(200)
  @AllowedAuth('user', ['bearer'], { allowUnregistered: true })
  @RequirePermissions()
  @ApiOperation({
    summary: 'Accept an invite (?token=) with a registration token of the invited email',
    description:
      'Register first with `POST /auth/user/emailpass/register`, then send its token as `Authorization: Bearer`. Then log in.',
  })
  @ApiOkResponse({ type: AcceptedInviteEnvelope })
  @ErrorResponses(400, 401, 409)
  async accept(
    @AuthContext() auth: AuthContext,
    @Query() query: AcceptInviteQuery,
    @Body() body: AcceptInviteDto,
  ): Promise<AcceptedInviteEnvelope> {
    return { user: await this.invites.accept(auth, query.token, body) };
  }
}
