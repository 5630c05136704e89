import { Controller, HttpCode, Post } from '@nestjs/common';
import { Body, Query } from '../../common/validation';
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
      'The invite token (valid 7 days) is in this response only; send it to the invitee.',
  })
  @ApiOkResponse({ type: InviteEnvelope })
  @ErrorResponses(400, 401, 403, 409)
  async create(
    @AuthContext() auth: AuthContext,
    @Body() body: CreateInviteDto,
  ): Promise<InviteEnvelope> {
    return { invite: await this.invites.create(auth, body) };
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
