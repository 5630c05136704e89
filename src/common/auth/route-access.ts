import { applyDecorators } from '@nestjs/common';
import { ApiBasicAuth, ApiBearerAuth, ApiCookieAuth, ApiSecurity } from '@nestjs/swagger';
import { SECURITY } from '../swagger';
import type { AuthMethod } from './auth-context';
import { AllowedAuth } from './decorators';

/** Admin API: an admin user's JWT (bearer or session cookie), or a secret API key acting as its creator. */
export const AdminRoute = () =>
  applyDecorators(
    AllowedAuth('user', ['bearer', 'session', 'api-key']),
    ApiBearerAuth(SECURITY.jwt),
    ApiCookieAuth(SECURITY.sessionCookie),
    ApiSecurity(SECURITY.apiKeyHeader),
    ApiSecurity(SECURITY.apiKeyQuery),
    ApiBasicAuth(SECURITY.apiKeyBasic),
  );

/** Store API, logged-in customer. */
export const CustomerRoute = () =>
  applyDecorators(
    AllowedAuth('customer', ['bearer', 'session']),
    ApiBearerAuth(SECURITY.jwt),
    ApiCookieAuth(SECURITY.sessionCookie),
  );

/** A person's JWT, as a Bearer token or in the session cookie (the console), or an access key. */
const CLOUD_METHODS: AuthMethod[] = ['bearer', 'session', 'access-key'];
const cloudSecurity = () =>
  applyDecorators(
    ApiBearerAuth(SECURITY.jwt),
    ApiCookieAuth(SECURITY.sessionCookie),
    ApiBearerAuth(SECURITY.accessKey),
  );

/** Cloud API: a user's JWT (Bearer or cookie) or personal access key, or an organization access key. */
export const CloudRoute = () =>
  applyDecorators(AllowedAuth(['user', 'organization'], CLOUD_METHODS), cloudSecurity());

/** Cloud API for a person: a user's JWT or personal access key (an organization key has no "me"). */
export const CloudUserRoute = () =>
  applyDecorators(AllowedAuth('user', CLOUD_METHODS), cloudSecurity());

/** Narrows one handler of a `CloudRoute` controller to users; the controller already documents security. */
export const CloudUsersOnly = () => AllowedAuth('user', CLOUD_METHODS);
