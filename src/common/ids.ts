import { ulid } from 'ulid';

/** DESIGN §2: ids are a prefix and a ULID (`user_01J…`), sortable by creation time. */
export type IdPrefix =
  | 'authid'
  | 'provid'
  | 'user'
  | 'cus'
  | 'apk'
  | 'sc'
  | 'prod'
  | 'ak'
  | 'org'
  | 'orgmem'
  | 'proj'
  | 'env'
  | 'role'
  | 'sess'
  | 'aud'
  | 'rtk'
  | 'prt'
  | 'inv';

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid()}`;
}
