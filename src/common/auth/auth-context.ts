import type { ClientInfo } from '../client-info';

/** The actor a login is linked to (DESIGN §3): a user, a customer, or neither yet. */
export interface AppMetadata {
  user_id?: string;
  customer_id?: string;
}

/** Who can log in with a password (and so appear in a JWT). */
export type LoginActorType = 'user' | 'customer';
export const ACTOR_TYPES: readonly LoginActorType[] = ['user', 'customer'];

/** An organization access key acts as its organization, with no user behind it. */
export type ActorType = LoginActorType | 'organization';

/** How the caller proved who they are; one CredentialStrategy per method. */
export type AuthMethod = 'bearer' | 'session' | 'api-key' | 'access-key';

/** What every authenticated handler receives through `@AuthContext()` (DESIGN §3). */
export interface AuthContext {
  /** Empty for a registration token: the identity exists but no actor is linked yet. */
  actor_id: string;
  actor_type: ActorType;
  auth_identity_id: string;
  app_metadata: AppMetadata;
  auth_method: AuthMethod;
  /** The login behind a JWT (bearer or cookie). */
  session_id?: string;
  /** Set when the caller is a secret API key acting as its creator. */
  api_key_id?: string;
  /** Set when the caller is an organization or personal access key. */
  access_key_id?: string;
  /**
   * For an organization key: the member role it carries (its creator's, or its adopter's), which bounds
   * what it may do in its organization.
   */
  organization_role?: 'owner' | 'admin' | 'member';
  /** Set when a key was created with `scopes`; narrows the actor's permissions. */
  scopes?: string[];
  /** The acting user's permissions when the strategy already read them (in the key's own query). */
  permissions?: string[];
  /** Where the request came from (set by the AuthGuard), for the audit log. */
  client?: ClientInfo;
}
