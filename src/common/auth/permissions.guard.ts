import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditService } from '../../modules/audit/audit.service';
import { isGranted } from '../../modules/rbac/permissions';
import { RbacService } from '../../modules/rbac/rbac.service';
import { NotAllowedError, UnauthorizedError } from '../errors/app-errors';
import { RequestWithAuth, REQUIRED_PERMISSIONS } from './decorators';

/**
 * RBAC after authentication (registered after the AuthGuard). Permissions are read at request time, so
 * a role change applies to the very next request of that user's JWTs and keys; a JWT costs one indexed
 * query, a secret key none (its lookup already read them). A scoped key holds the intersection of its
 * scopes and its creator's current permissions, so it never does more than the creator can do now.
 */
@Injectable()
export class PermissionsGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly rbac: RbacService,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_PERMISSIONS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required) return true;
    const request = context.switchToHttp().getRequest<RequestWithAuth>();
    const auth = request.auth_context;
    if (!auth || auth.actor_type !== 'user') throw new UnauthorizedError();
    if (!required.length) return true;
    if (isGranted(required, await this.rbac.effectivePermissionsOf(auth))) return true;
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
