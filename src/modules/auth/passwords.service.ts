import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthContext } from '../../common/auth/auth-context';
import { KeyRevocation, PersonalKey, PersonalKeys } from '../../common/auth/personal-keys';
import type { ClientInfo } from '../../common/client-info';
import {
  InvalidCredentialsError,
  InvalidDataError,
  NotFoundError,
} from '../../common/errors/app-errors';
import type { AuditEntry } from '../../common/audit-entry';
import { AuditService } from '../audit/audit.service';
import type { ChangePasswordDto, PasswordReplacedResponse } from './dto/password-reset.dto';
import { IdentitiesService } from './identities.service';
import { LoginService } from './login.service';
import { PasswordHasher } from './password-hasher';
import type { ProviderIdentity } from './provider-identity.entity';
import { SessionsService } from './sessions.service';

/** A password being replaced: whose, by whom, and what else goes with it. */
export interface Replacement {
  provider: ProviderIdentity;
  /** The identity's admin user, whose keys the answer lists (and `revoke_keys` revokes). */
  userId: string | undefined;
  password: string;
  /** The session the change is made from, which stays signed in. */
  keepSession?: string;
  revokeKeys: boolean;
  audit: Pick<AuditEntry, 'auth' | 'actor' | 'client'> & {
    action: 'auth.password_change' | 'auth.password_reset';
  };
}

/** What a replacement did; `forget` evicts it on this instance once its transaction committed. */
export interface Replaced {
  response: PasswordReplacedResponse;
  forget: () => void;
}

/**
 * Password changes and the common part of a reset (issue 19): a new password signs out every other
 * session of the identity, customer sessions included, and the answer lists the person's secret API keys
 * and personal access keys, since keys made by whoever took the account must not outlive its recovery;
 * `revoke_keys` revokes them in the same transaction.
 */
@Injectable()
export class PasswordsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly identities: IdentitiesService,
    private readonly logins: LoginService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly personalKeys: PersonalKeys,
    private readonly audit: AuditService,
  ) {}

  /**
   * `POST /admin/users/me/password`: the current password is checked like a login (counted, locked,
   * audited), then replaced; this session stays signed in.
   */
  async change(
    auth: AuthContext,
    dto: ChangePasswordDto,
    client: ClientInfo,
  ): Promise<PasswordReplacedResponse> {
    const provider = await this.identities.loginOfIdentity(
      this.dataSource.manager,
      auth.auth_identity_id,
    );
    if (!provider) throw new NotFoundError('This account has no password login');
    try {
      await this.logins.checkPassword(provider.entity_id, dto.old_password, client, {
        action: 'auth.password_change',
        actor_type: 'user',
        auth,
      });
    } catch (error) {
      // The caller is signed in: a 401 would read as "signed out" to a client.
      if (error instanceof InvalidCredentialsError)
        throw new InvalidDataError('old_password is incorrect');
      throw error;
    }
    const { response, forget } = await this.dataSource.transaction((manager) =>
      this.replaceIn(manager, {
        provider,
        userId: auth.actor_id,
        password: dto.password,
        keepSession: auth.session_id,
        revokeKeys: dto.revoke_keys ?? false,
        audit: { auth, action: 'auth.password_change' },
      }),
    );
    forget();
    return response;
  }

  /** Sets the new password inside the caller's transaction, with everything that goes with it. */
  async replaceIn(manager: EntityManager, replacement: Replacement): Promise<Replaced> {
    const { provider, userId, revokeKeys, audit } = replacement;
    const { action, ...by } = audit;
    await this.identities.setPasswordHashIn(
      manager,
      provider,
      await this.hasher.hashNew(replacement.password),
    );
    const sessionIds = await this.sessions.revokeAllIn(
      manager,
      provider.auth_identity_id,
      replacement.keepSession,
    );
    const revocation: KeyRevocation = {
      ...by,
      reason: action === 'auth.password_change' ? 'password_change' : 'password_reset',
    };
    const keys: PersonalKey[] = !userId
      ? []
      : revokeKeys
        ? await this.personalKeys.revokeIn(manager, userId, revocation)
        : await this.personalKeys.of(userId);
    await this.audit.record(
      {
        ...by,
        action,
        target: { type: 'auth_identity', id: provider.auth_identity_id },
        metadata: {
          email: provider.entity_id,
          sessions_revoked: sessionIds.length,
          keys_revoked: revokeKeys ? keys.map(({ id }) => id) : [],
        },
      },
      manager,
    );
    return {
      response: {
        success: true,
        sessions_revoked: sessionIds.length,
        keys_revoked: revokeKeys,
        api_keys: keys.filter((key) => key.object === 'api_key'),
        access_keys: keys.filter((key) => key.object === 'access_key'),
      },
      forget: () => {
        this.sessions.forgetHere(sessionIds);
        if (revokeKeys) this.personalKeys.forgetHere(keys);
      },
    };
  }
}
