import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard as PassportGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { requestOf } from '../../common/auth/decorators';
import { InvalidCredentialsError } from '../../common/errors/app-errors';
import { validateBody } from '../../common/validation';
import { ActorParams, EmailPassLoginDto } from './dto/emailpass.dto';
import { EMAILPASS_STRATEGY } from './emailpass.strategy';

/**
 * Guards the login route. Guards run before pipes, so it validates the actor and body itself (400 naming
 * the field) before passport-local checks the password.
 */
@Injectable()
export class EmailPassGuard extends PassportGuard(EMAILPASS_STRATEGY) {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = requestOf<FastifyRequest>(context);
    await validateBody(ActorParams, request.params);
    await validateBody(EmailPassLoginDto, request.body);
    return (await super.canActivate(context)) as boolean;
  }

  override getAuthenticateOptions() {
    return { property: 'auth_identity', session: false };
  }

  override handleRequest<T>(error: unknown, identity: T | false): T {
    if (error instanceof Error) throw error;
    if (error || !identity) throw new InvalidCredentialsError();
    return identity;
  }
}
