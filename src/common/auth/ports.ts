import type { Awaitable } from '../awaitable';
import type { AuthContext } from './auth-context';

/**
 * The ports of the auth core. The core (guards, strategies, `@AuthContext()`) needs four answers from the
 * feature modules and declares each as an abstract class, used as its injection token; the module that
 * can answer binds its service to it (`{ provide: SessionTokens, useExisting: JwtTokenService }`) and
 * exports the binding, and AppModule hands those modules to `AuthCoreModule.forRoot`. A port nobody
 * binds fails the boot with Nest's "can't resolve dependencies", never a request.
 *
 * Every answer is synchronous when it comes from a cache, as it almost always does: the core awaits only
 * what needs the database (issue #7).
 */

/** The session checker: the caller behind a JWT, if it is valid and its session is live. */
export abstract class SessionTokens {
  abstract authenticate(
    token: string,
    method: 'bearer' | 'session',
  ): Awaitable<AuthContext | undefined>;
}

export interface SecretKeyCaller {
  api_key_id: string;
  user_id: string;
  scopes: string[] | null;
  /** The creator's permissions now (before the key's scopes narrow them). */
  permissions: string[];
}

export interface PublishableKeyContext {
  api_key_id: string;
  sales_channel_ids: string[];
}

/** The API-key verifier: secret keys (callers) and publishable keys (sales-channel scope). */
export abstract class ApiKeyVerifier {
  abstract authenticateSecret(token: string): Awaitable<SecretKeyCaller | undefined>;
  abstract resolvePublishable(token: string): Promise<PublishableKeyContext | undefined>;
}

export type AccessKeyCaller =
  | {
      owner: 'organization';
      access_key_id: string;
      organization_id: string;
      /** The member whose role the key carries (its adopter, or else its creator), and that role. */
      member_id: string;
      role: NonNullable<AuthContext['organization_role']>;
    }
  | { owner: 'personal'; access_key_id: string; user_id: string };

/** The access-key verifier: organization (`oak_`) and personal (`pak_`) keys. */
export abstract class AccessKeyVerifier {
  abstract authenticate(token: string): Awaitable<AccessKeyCaller | undefined>;
}

/** The permission source: what an authenticated user may do now, after a key's scopes. */
export abstract class PermissionSource {
  abstract effectivePermissionsOf(auth: AuthContext): Promise<string[]>;
}
