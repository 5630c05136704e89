import { InvalidDataError } from '../errors/app-errors';

/**
 * DESIGN §6: permissions are `resource:action` strings. This list is the whole vocabulary: a role or a
 * key scope naming anything else is refused (400).
 */
export const PERMISSIONS = [
  'api_keys:read',
  'api_keys:write',
  'products:read',
  'products:write',
  'sales_channels:read',
  'sales_channels:write',
  'customers:read',
  'users:read',
  'users:manage',
  'roles:manage',
  'audit:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const KNOWN = new Set<string>(PERMISSIONS);

export function unknownPermissions(requested: readonly string[]): string[] {
  return requested.filter((permission) => !KNOWN.has(permission));
}

/** Refuses (400) any string outside the vocabulary; returns the list without duplicates. */
export function validatePermissions(requested: readonly string[]): string[] {
  const unknown = unknownPermissions(requested);
  if (unknown.length) throw new InvalidDataError(`Unknown permissions: ${unknown.join(', ')}`);
  return [...new Set(requested)];
}

/** STYLE: the one check, used by the guard and when a key is created with scopes. */
export function isGranted(requested: readonly string[], held: readonly string[]): boolean {
  return requested.every((permission) => held.includes(permission));
}

/** What a caller holds: its user's permissions, narrowed to the key's scopes when it has any. */
export function effectivePermissions(
  held: readonly string[],
  scopes: readonly string[] | undefined,
): string[] {
  return scopes ? held.filter((permission) => scopes.includes(permission)) : [...held];
}

/** Built-in roles, seeded by migration with these fixed ids; they cannot be edited or deleted. */
export const BUILT_IN_ROLES = [
  {
    id: 'role_admin',
    name: 'admin',
    description: 'Every permission',
    permissions: [...PERMISSIONS],
  },
  {
    id: 'role_developer',
    name: 'developer',
    description: 'API keys, products and sales channels; read customers',
    permissions: [
      'api_keys:read',
      'api_keys:write',
      'products:read',
      'products:write',
      'sales_channels:read',
      'sales_channels:write',
      'customers:read',
    ],
  },
  {
    id: 'role_viewer',
    name: 'viewer',
    description: 'Read everything, change nothing',
    permissions: PERMISSIONS.filter((permission) => permission.endsWith(':read')),
  },
] as const;

export const ADMIN_ROLE_ID = 'role_admin';
