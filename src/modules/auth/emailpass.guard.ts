import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import passport from 'passport';
import { requestOf } from '../../common/auth/decorators';
import { InvalidCredentialsError } from '../../common/errors/app-errors';
import { validateBody } from '../../common/validation';
import { ActorParams, EmailPassLoginDto } from './dto/emailpass.dto';
import { EmailPassStrategy } from './emailpass.strategy';
import type { VerifiedLogin } from './login.service';

type LoginRequest = FastifyRequest & { auth_identity?: VerifiedLogin };

/**
 * Guards the login route: passport-local checks the password, through `passport.authenticate`. Guards
 * run before pipes, so it validates the actor and body itself first (400 naming the field). It hands
 * passport this application's own strategy, never a name: passport's registry is process-wide, and a
 * second application in the process would otherwise answer this one's logins.
 */
@Injectable()
export class EmailPassGuard implements CanActivate {
  constructor(private readonly strategy: EmailPassStrategy) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = requestOf<LoginRequest>(context);
    await validateBody(ActorParams, request.params);
    await validateBody(EmailPassLoginDto, request.body);
    request.auth_identity = await new Promise<VerifiedLogin>((resolve, reject) => {
      const authenticate = passport.authenticate(
        // A strategy object per request, as passport makes for a named one: it sets its callbacks on it.
        Object.create(this.strategy) as EmailPassStrategy,
        { session: false },
        (error: unknown, login: VerifiedLogin | false) => {
          if (error) reject(error instanceof Error ? error : new InvalidCredentialsError());
          else if (!login) reject(new InvalidCredentialsError());
          else resolve(login);
        },
      ) as (req: unknown, res: unknown, next: (error?: unknown) => void) => void;
      authenticate(request, {}, reject);
    });
    return true;
  }
}
