import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import type { AuthIdentity } from '../../../modules/auth/auth-identity.entity';
import { EmailPassService } from '../../../modules/auth/emailpass.service';
import { EMAILPASS_STRATEGY } from '../strategy-names';

/** passport-local for `POST /auth/{actor}/emailpass`: the body's email and password. */
@Injectable()
export class EmailPassStrategy extends PassportStrategy(Strategy, EMAILPASS_STRATEGY) {
  constructor(private readonly emailpass: EmailPassService) {
    super({ usernameField: 'email', passwordField: 'password', session: false });
  }

  validate(email: string, password: string): Promise<AuthIdentity> {
    return this.emailpass.authenticate(email, password);
  }
}
