import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';

export class ErrorBody {
  @ApiProperty({ example: 'invalid_data' })
  type: string;

  @ApiProperty({ example: 'email must be a valid email address' })
  message: string;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'invalid_data: the body, query or path failed validation (the message names the field)',
  401: 'unauthorized: no or invalid credentials (login: invalid_data "Invalid email or password")',
  403: 'not_allowed: authenticated but lacking the permission',
  404: 'not_found: absent or not visible to the caller',
  409: 'duplicate_error: the value is already taken',
  429: 'too_many_requests: see Retry-After',
};

/** Documents the DESIGN §5 error bodies a route can answer with. */
export function ErrorResponses(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'error', type: ErrorBody }),
    ),
  );
}

/** Security scheme names registered in app.ts. */
export const SECURITY = {
  jwt: 'jwt',
  apiKeyHeader: 'api-key',
  apiKeyQuery: 'api-key-query',
  apiKeyBasic: 'api-key-basic',
  publishableKey: 'publishable-key',
  accessKey: 'access-key',
  sessionCookie: 'session-cookie',
  resetToken: 'reset-token',
} as const;
