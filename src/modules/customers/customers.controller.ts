import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { Body } from '../../common/validation';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowedAuth, AuthContext, Client } from '../../common/auth/decorators';
import type { ClientInfo } from '../../common/client-info';
import { CustomerRoute } from '../../common/auth/route-access';
import { RateLimited } from '../../common/rate-limit/rate-limit.guard';
import { ErrorResponses, SECURITY } from '../../common/swagger';
import { CustomersService } from './customers.service';
import { CreateCustomerDto, CustomerEnvelope, UpdateCustomerDto } from './dto/customer.dto';

@ApiTags('Store customers')
@Controller('store/customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Post()
  @HttpCode(200)
  @AllowedAuth('customer', ['bearer'], { allowUnregistered: true, optional: true })
  // Open sign-up hashes a password with argon2id: limited per IP like the other auth routes.
  @RateLimited()
  @ApiBearerAuth(SECURITY.jwt)
  @ApiOperation({
    summary: 'Create a customer account',
    description:
      'Without a token: `email` and `password` create the login and the customer together. ' +
      'With `Authorization: Bearer <registration token>` from `/auth/customer/emailpass/register`: no password; ' +
      "the email must be the token's. Log in again afterwards for a token with `actor_id`.",
  })
  @ApiOkResponse({ type: CustomerEnvelope })
  @ErrorResponses(400, 401, 409, 429)
  async create(
    @AuthContext() auth: AuthContext | undefined,
    @Body() body: CreateCustomerDto,
    @Client() client: ClientInfo,
  ): Promise<CustomerEnvelope> {
    return { customer: await this.customers.create(auth, body, client) };
  }

  @Get('me')
  @CustomerRoute()
  @ApiOperation({ summary: 'The logged-in customer' })
  @ApiOkResponse({ type: CustomerEnvelope })
  @ErrorResponses(401, 404)
  async me(@AuthContext() auth: AuthContext): Promise<CustomerEnvelope> {
    return { customer: await this.customers.me(auth) };
  }

  @Post('me')
  @HttpCode(200)
  @CustomerRoute()
  @ApiOperation({ summary: "Update the logged-in customer's names and phone" })
  @ApiOkResponse({ type: CustomerEnvelope })
  @ErrorResponses(400, 401, 404)
  async updateMe(
    @AuthContext() auth: AuthContext,
    @Body() body: UpdateCustomerDto,
  ): Promise<CustomerEnvelope> {
    return { customer: await this.customers.updateMe(auth, body) };
  }
}
