import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Permission } from './permissions';
import { ClientInfo, clientOf } from '../client-info';
import type { ActorType, AuthContext as AuthContextData, AuthMethod } from './auth-context';

export const ROUTE_ACCESS = 'gatehouse:route-access';

export type RouteAccess =
  | { public: true }
  | {
      public: false;
      actors: ActorType[];
      methods: AuthMethod[];
      allowUnregistered: boolean;
      /** A request with no credentials at all passes through anonymously; bad credentials still get 401. */
      optional: boolean;
    };

/** Anyone may call this route. */
export const Public = () => SetMetadata(ROUTE_ACCESS, { public: true } satisfies RouteAccess);

/**
 * Which actors may call the route and which credentials they may present. The global AuthGuard reads it;
 * `allowUnregistered` admits a registration token (an identity with no actor linked yet).
 */
export const AllowedAuth = (
  actors: ActorType | ActorType[],
  methods: AuthMethod[],
  options: { allowUnregistered?: boolean; optional?: boolean } = {},
) =>
  SetMetadata(ROUTE_ACCESS, {
    public: false,
    actors: Array.isArray(actors) ? actors : [actors],
    methods,
    allowUnregistered: options.allowUnregistered ?? false,
    optional: options.optional ?? false,
  } satisfies RouteAccess);

export type RequestWithAuth = FastifyRequest & { auth_context?: AuthContextData };

/**
 * The request of an HTTP execution context, for guards and parameter decorators. Nest's
 * `context.switchToHttp().getRequest()` returns the same object, but `switchToHttp()` assigns three new
 * closures onto the context each call: allocations and a change of the context's shape, on every
 * request, in every guard and parameter that asked (issue #7).
 */
export function requestOf<T extends FastifyRequest = RequestWithAuth>(
  context: ExecutionContext,
): T {
  return context.getArgByIndex<T>(0);
}

/** The authenticated caller; undefined only on `optional` routes called without credentials. */
export const AuthContext = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext) => requestOf(ctx).auth_context,
);
export type AuthContext = AuthContextData;

/** Where an unauthenticated request came from (authenticated ones carry it on their AuthContext). */
export const Client = createParamDecorator((_data: unknown, ctx: ExecutionContext): ClientInfo =>
  clientOf(requestOf(ctx)),
);

export const REQUIRED_PERMISSIONS = 'gatehouse:required-permissions';

/**
 * The permissions a route needs (all of them), checked by the PermissionsGuard after authentication.
 * Every admin route declares it; `@RequirePermissions()` with none says "any admin user" explicitly.
 */
export const RequirePermissions = (...permissions: Permission[]) =>
  applyDecorators(
    SetMetadata(REQUIRED_PERMISSIONS, permissions),
    ApiForbiddenResponse({
      description: permissions.length
        ? `not_allowed: needs ${permissions.join(', ')}`
        : 'never: any authenticated admin user may call it',
    }),
  );
