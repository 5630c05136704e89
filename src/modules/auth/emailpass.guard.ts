import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { requestOf } from '../../common/auth/decorators';
import { authenticateWith } from '../../common/auth/passport';
import { InvalidCredentialsError } from '../../common/errors/app-errors';
import { validateBody } from '../../common/validation';
import { ActorParams, EmailPassLoginDto } from './dto/emailpass.dto';
import { EmailPassStrategy } from './emailpass.strategy';
import type { VerifiedLogin } from './login.service';

type LoginRequest = FastifyRequest & { auth_identity?: VerifiedLogin };

/**
 * Guards the login route: passport-local checks the password, through `passport.authenticate`. Guards
 * run before pipes, so it validates the actor and body itself first (400 naming the field). Passport
 * gets this application's own strategy instance (authenticateWith), so two applications in one process
 * each answer their own logins.
 */
@Injectable()
export class EmailPassGuard implements CanActivate {
  constructor(private readonly strategy: EmailPassStrategy) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = requestOf<LoginRequest>(context);
    await validateBody(ActorParams, request.params);
    await validateBody(EmailPassLoginDto, request.body);
    const login = await authenticateWith<VerifiedLogin>(this.strategy, request);
    if (!login) throw new InvalidCredentialsError();
    request.auth_identity = login;
    return true;
  }
}
