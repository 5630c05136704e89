import { Init1795542639372 } from '../migrations/1795542639372-Init';
import { ApiKeysProducts1795543316809 } from '../migrations/1795543316809-ApiKeysProducts';
import { OrganizationsAccessKeys1795544126666 } from '../migrations/1795544126666-OrganizationsAccessKeys';
import { RbacAudit1795544549248 } from '../migrations/1795544549248-RbacAudit';
import { SessionsResetInvites1795545063663 } from '../migrations/1795545063663-SessionsResetInvites';
import { AccountLifecycle1795546000000 } from '../migrations/1795546000000-AccountLifecycle';
import { NormalizeEmails1795546100000 } from '../migrations/1795546100000-NormalizeEmails';
import { ModuleFunctions1795546200000 } from '../migrations/1795546200000-ModuleFunctions';
import { DeviceLogin1795546300000 } from '../migrations/1795546300000-DeviceLogin';
import { AuditRetention1795546400000 } from '../migrations/1795546400000-AuditRetention';
import { SessionPurgeIndexes1795546500000 } from '../migrations/1795546500000-SessionPurgeIndexes';

/** In order. A merged migration is never edited: a change is a new file appended here. */
export const MIGRATIONS = [
  Init1795542639372,
  ApiKeysProducts1795543316809,
  OrganizationsAccessKeys1795544126666,
  RbacAudit1795544549248,
  SessionsResetInvites1795545063663,
  AccountLifecycle1795546000000,
  NormalizeEmails1795546100000,
  ModuleFunctions1795546200000,
  DeviceLogin1795546300000,
  AuditRetention1795546400000,
  SessionPurgeIndexes1795546500000,
];
