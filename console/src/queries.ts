import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
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

/** Rows a list page shows at once (the API gives at most 100). */
export const PAGE_SIZE = 50;

/**
 * A list a page at a time: the query of the page at `offset` (keyed under `key`, so invalidating `key`
 * refreshes every page) and what a Pager needs. The previous page stays on screen while the next loads.
 */
export function usePaged<T extends { count: number }>(
  key: unknown[],
  fetch: (page: { limit: number; offset: number }) => Promise<T>,
  size = PAGE_SIZE,
) {
  const [offset, setOffset] = useState(0);
  const query = useQuery({
    queryKey: [...key, { offset, size }],
    queryFn: () => fetch({ limit: size, offset }),
    placeholderData: keepPreviousData,
  });
  // The last row of the last page deleted: step back to the page that now is the last.
  const count = query.data?.count;
  useEffect(() => {
    if (count !== undefined && offset > 0 && offset >= count)
      setOffset(Math.max(0, Math.ceil(count / size) - 1) * size);
  }, [count, offset, size]);
  return { query, pager: { offset, size, count: query.data?.count ?? 0, onChange: setOffset } };
}
