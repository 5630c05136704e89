import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AuditLog } from '../audit-entry';
import { isGranted } from './permissions';
import { PermissionSource } from './ports';
import { NotAllowedError, UnauthorizedError } from '../errors/app-errors';
import type { AuthContext } from './auth-context';
import { requestOf, RequestWithAuth, REQUIRED_PERMISSIONS } from './decorators';
import { RouteMetadata } from '../route-metadata';

/**
 * RBAC after authentication (registered after the AuthGuard). Permissions are read at request time, so
 * a role change applies to the very next request of that user's JWTs and keys; a JWT costs one indexed
 * query, a secret key none (its lookup already read them). A scoped key holds the intersection of its
 * scopes and its creator's current permissions, so it never does more than the creator can do now.
 */
@Injectable()
export class PermissionsGuard implements CanActivate {
  constructor(
    private readonly routes: RouteMetadata,
    private readonly permissions: PermissionSource,
    private readonly audit: AuditLog,
  ) {}

  /** Synchronous unless permissions must be read: Nest awaits only a guard that returns a promise. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const required = this.routes.get<string[]>(REQUIRED_PERMISSIONS, context);
    if (!required) return true;
    const request = requestOf(context);
    const auth = request.auth_context;
    if (!auth || auth.actor_type !== 'user') throw new UnauthorizedError();
    if (!required.length) return true;
    return this.check(request, auth, required);
  }

  private async check(
    request: RequestWithAuth,
    auth: AuthContext,
    required: string[],
  ): Promise<boolean> {
    if (isGranted(required, await this.permissions.effectivePermissionsOf(auth))) return true;
    await this.audit.record({
      auth,
      action: 'permission.denied',
      outcome: 'denied',
      target: { type: 'route', id: `${request.method} ${request.routeOptions.url ?? request.url}` },
      metadata: { required },
    });
    throw new NotAllowedError();
  }
}
