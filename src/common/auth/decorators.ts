import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
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

/** The authenticated caller; undefined only on `optional` routes called without credentials. */
export const AuthContext = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext) =>
    ctx.switchToHttp().getRequest<RequestWithAuth>().auth_context,
);
export type AuthContext = AuthContextData;
