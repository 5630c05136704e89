import { setFlagsFromString } from 'node:v8';

/**
 * Imported first by main.ts, before the application allocates anything.
 *
 * V8's allocation-site pretenuring watches which allocation sites' objects survive young-generation
 * collections and, past a threshold, allocates that site's objects straight into the old generation.
 * Measured here (issue #7): an instance whose first load was authenticated requests got stuck in that
 * state, with every request's short-lived objects promoted, a full GC about every second, 1.7× the CPU
 * per request and 250+ MB resident instead of about 160 MB. With the heuristic off the same run is
 * always the fast one. A request's objects never outlive it, so the heuristic has nothing to win here.
 */
setFlagsFromString('--no-allocation-site-pretenuring');
