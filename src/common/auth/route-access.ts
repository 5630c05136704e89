import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { SECURITY } from '../swagger';
import { AllowedAuth } from './decorators';

/** Admin API: an admin user's JWT (later issues add the secret API key here). */
export const AdminRoute = () =>
  applyDecorators(AllowedAuth('user', ['bearer']), ApiBearerAuth(SECURITY.jwt));

/** Store API, logged-in customer. */
export const CustomerRoute = () =>
  applyDecorators(AllowedAuth('customer', ['bearer']), ApiBearerAuth(SECURITY.jwt));
