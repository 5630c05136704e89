import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-local';
import { clientOf } from '../../common/client-info';
import type { ActorParams } from './dto/emailpass.dto';
import { LoginService, VerifiedLogin } from './login.service';

/** passport-local for `POST /auth/{actor}/emailpass`: the body's email and password. */
@Injectable()
export class EmailPassStrategy extends PassportStrategy(Strategy, 'emailpass') {
  constructor(private readonly logins: LoginService) {
    super({
      usernameField: 'email',
      passwordField: 'password',
      session: false,
      passReqToCallback: true,
    });
  }

  /** The guard has validated `:actor` and the body before this runs. */
  validate(request: FastifyRequest, email: string, password: string): Promise<VerifiedLogin> {
    const { actor } = request.params as ActorParams;
    return this.logins.checkPassword(email, password, clientOf(request), {
      action: 'auth.login',
      actor_type: actor,
    });
  }
}
