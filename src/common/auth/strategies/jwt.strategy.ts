import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import {
  CredentialPassportStrategy,
  type CredentialStrategy,
  type StrategyOutcome,
} from './strategy';
import { SessionTokens } from '../ports';
import { bearerToken, KEY_TOKEN } from '../credentials';
import { andThen, Awaitable } from '../../awaitable';

/** `Authorization: Bearer <jwt>`. Declines (so another strategy may answer) on anything else. */
@Injectable()
export class JwtStrategy
  extends CredentialPassportStrategy('bearer')
  implements CredentialStrategy
{
  constructor(private readonly tokens: SessionTokens) {
    super();
  }

  validate(request: FastifyRequest): Awaitable<StrategyOutcome> {
    const token = bearerToken(request);
    if (!token || KEY_TOKEN.test(token)) return false;
    return andThen(this.tokens.authenticate(token, 'bearer'), (auth) => auth ?? false);
  }
}
