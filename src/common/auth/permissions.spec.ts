import {
  BUILT_IN_ROLES,
  effectivePermissions,
  isGranted,
  PERMISSIONS,
  unknownPermissions,
} from './permissions';

describe('permissions', () => {
  it('grants only when every requested permission is held', () => {
    expect(isGranted(['products:read'], ['products:read', 'products:write'])).toBe(true);
    expect(isGranted(['products:read', 'roles:manage'], ['products:read'])).toBe(false);
    expect(isGranted([], [])).toBe(true);
  });

  it('narrows to scopes, never widens', () => {
    expect(effectivePermissions(['products:read', 'products:write'], ['products:read'])).toEqual([
      'products:read',
    ]);
    expect(effectivePermissions(['products:read'], ['products:read', 'roles:manage'])).toEqual([
      'products:read',
    ]);
    expect(effectivePermissions(['products:read'], undefined)).toEqual(['products:read']);
    expect(effectivePermissions(['products:read'], [])).toEqual([]);
  });

  it('names the unknown permission strings', () => {
    expect(unknownPermissions(['products:read', 'products:*', 'root'])).toEqual([
      'products:*',
      'root',
    ]);
  });

  it('built-in roles: admin holds all, viewer every :read and nothing else', () => {
    const [admin, developer, viewer] = BUILT_IN_ROLES;
    expect(admin.permissions).toEqual([...PERMISSIONS]);
    expect(viewer.permissions).toEqual([
      'api_keys:read',
      'products:read',
      'sales_channels:read',
      'customers:read',
      'users:read',
      'audit:read',
    ]);
    expect(developer.permissions).not.toContain('roles:manage');
    for (const role of BUILT_IN_ROLES) expect(unknownPermissions(role.permissions)).toEqual([]);
  });
});
