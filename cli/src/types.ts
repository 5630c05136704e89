/** The API's shapes the CLI reads (Gatehouse's OpenAPI document at /docs-json has them all). */

export interface User {
  id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
}

export interface Organization {
  id: string;
  name: string;
  plan: string;
  role: string | null;
  created_at: string;
}

export interface Member {
  user_id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  role: string;
  joined_at: string;
}

export interface Project {
  id: string;
  organization_id: string;
  name: string;
  created_at: string;
}

export interface Environment {
  id: string;
  project_id: string;
  name: string;
  created_at: string;
}

export interface AccessKey {
  id: string;
  name: string;
  redacted: string;
  owner: 'organization' | 'personal';
  organization_id: string | null;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  /** Only in the answer to a create. */
  token?: string;
}

export interface ApiKey {
  id: string;
  title: string;
  redacted: string;
  type: 'secret' | 'publishable';
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  /** Only in the answer to a create or a roll. */
  token?: string;
}

export interface Deleted {
  id: string;
  object: string;
  deleted: boolean;
}
