import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-custom';
import { JwtTokenService } from '../../../modules/auth/jwt-token.service';
import type { AuthContext } from '../auth-context';
import { bearerToken } from '../credentials';
import { STRATEGY_FOR_METHOD } from '../strategy-names';

const KEY_PREFIX = /^(sk|pk|oak|pak)_/;

/** `Authorization: Bearer <jwt>`. Declines (so another strategy may answer) on anything else. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, STRATEGY_FOR_METHOD.bearer) {
  constructor(private readonly tokens: JwtTokenService) {
    super();
  }

  async validate(request: FastifyRequest): Promise<AuthContext | false> {
    const token = bearerToken(request);
    if (!token || KEY_PREFIX.test(token)) return false;
    return (await this.tokens.authenticate(token, 'bearer')) ?? false;
  }
}
