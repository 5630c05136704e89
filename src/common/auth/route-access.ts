import { applyDecorators } from '@nestjs/common';
import { ApiBasicAuth, ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import { SECURITY } from '../swagger';
import { AllowedAuth } from './decorators';

/** Admin API: an admin user's JWT, or a secret API key acting as the user who created it. */
export const AdminRoute = () =>
  applyDecorators(
    AllowedAuth('user', ['bearer', 'api-key']),
    ApiBearerAuth(SECURITY.jwt),
    ApiSecurity(SECURITY.apiKeyHeader),
    ApiSecurity(SECURITY.apiKeyQuery),
    ApiBasicAuth(SECURITY.apiKeyBasic),
  );

/** Store API, logged-in customer. */
export const CustomerRoute = () =>
  applyDecorators(AllowedAuth('customer', ['bearer']), ApiBearerAuth(SECURITY.jwt));
