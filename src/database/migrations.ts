import { Init1795542639372 } from '../migrations/1795542639372-Init';

export const MIGRATIONS = [Init1795542639372];
