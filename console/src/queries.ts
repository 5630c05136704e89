import { api, data } from './api/client';

/** The signed-in user; a 401 here is how the page learns it is signed out. */
export const meQuery = {
  queryKey: ['me'],
  queryFn: () => data(api.GET('/cloud/me')),
};

export const organizationsQuery = {
  queryKey: ['organizations'],
  queryFn: () =>
    data(api.GET('/cloud/organizations', { params: { query: { limit: 100 } } })).then(
      (list) => list.organizations,
    ),
};

export const membersQuery = (orgId: string) => ({
  queryKey: ['members', orgId],
  queryFn: () =>
    data(
      api.GET('/cloud/organizations/{org_id}/members', {
        params: { path: { org_id: orgId }, query: { limit: 100 } },
      }),
    ),
});

/** The admin user with their roles and what they may do (`GET /admin/users/me`). */
export const adminMeQuery = {
  queryKey: ['admin-me'],
  queryFn: () => data(api.GET('/admin/users/me')),
};

/** Every role, built-in and custom (`roles:manage`). */
export const rolesQuery = {
  queryKey: ['roles'],
  queryFn: () => data(api.GET('/admin/roles', { params: { query: { limit: 100 } } })),
};
