import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { PublishableKeyError } from '../errors/app-errors';
import { SECURITY } from '../swagger';
import { parseToken } from '../tokens/token-format';
import { requestOf } from './decorators';
import { ApiKeyVerifier, PublishableKeyContext } from './ports';
import { RouteMetadata } from '../route-metadata';

export const REQUIRES_PUBLISHABLE_KEY = 'gatehouse:publishable-key';
type RequestWithKey = FastifyRequest & { publishable_key_context?: PublishableKeyContext };

// Medusa's exact messages (ensure-publishable-api-key.ts), so storefront SDKs and docs keep matching.
export const PUBLISHABLE_KEY_MISSING =
  'Publishable API key required in the request header: x-publishable-api-key. You can manage your keys in settings in the dashboard.';
export const PUBLISHABLE_KEY_INVALID =
  'A valid publishable key is required to proceed with the request';

/** Store routes: a valid `x-publishable-api-key` scopes the request to that key's sales channels. */
export const RequirePublishableKey = () =>
  applyDecorators(
    SetMetadata(REQUIRES_PUBLISHABLE_KEY, true),
    ApiSecurity(SECURITY.publishableKey),
  );

export const PublishableKey = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext) => requestOf<RequestWithKey>(ctx).publishable_key_context,
);

/**
 * Answers 400 `not_allowed` (Medusa's status for these) for a missing, unknown, revoked, expired or
 * secret key. A token with a bad checksum is refused without a database read.
 */
@Injectable()
export class PublishableKeyGuard implements CanActivate {
  constructor(
    private readonly routes: RouteMetadata,
    private readonly lookup: ApiKeyVerifier,
  ) {}

  /** Synchronous on routes that need no key: Nest awaits only a guard that returns a promise. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (!this.routes.get<boolean>(REQUIRES_PUBLISHABLE_KEY, context)) return true;
    const request = requestOf<RequestWithKey>(context);
    const header = request.headers['x-publishable-api-key'];
    if (header === undefined || header === '')
      throw new PublishableKeyError(PUBLISHABLE_KEY_MISSING);
    if (typeof header !== 'string' || parseToken(header) !== 'publishable_api_key') {
      throw new PublishableKeyError(PUBLISHABLE_KEY_INVALID);
    }
    return this.resolve(request, header);
  }

  private async resolve(request: RequestWithKey, header: string): Promise<boolean> {
    const key = await this.lookup.resolvePublishable(header);
    if (!key) throw new PublishableKeyError(PUBLISHABLE_KEY_INVALID);
    request.publishable_key_context = key;
    return true;
  }
}
