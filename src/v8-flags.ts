import { setFlagsFromString } from 'node:v8';

/**
 * Imported first by main.ts, before the application allocates anything. Both flags were measured with
 * `npm run bench` (issue #7).
 *
 * V8's allocation-site pretenuring watches which allocation sites' objects survive young-generation
 * collections and, past a threshold, allocates that site's objects straight into the old generation.
 * An instance whose first load was authenticated requests got stuck in that state, with every request's
 * short-lived objects promoted, a full GC about every second, 1.7× the CPU per request and 250+ MB
 * resident instead of about 160 MB. With the heuristic off the same run is always the fast one. A
 * request's objects never outlive it, so the heuristic has nothing to win here.
 *
 * The old generation may grow 20% past what the last full GC kept before the next one. V8's own factor
 * (between 1.1× and 4×, the higher the faster its collections) let the heap double under load: about
 * 40 MB live, 90 MB reserved, and the instance at 230–240 MB resident while logins ran. With 20% it
 * stays near 50 MB, 180–205 MB resident at the login peak, for no measurable CPU per request.
 *
 * Two more flags only work on the command line, so `npm start` passes them. `--max-semi-space-size=8`
 * halves the young generation (16 MB semi-spaces by default, both touched under load). The benchmark
 * measured 139 MB instead of 165 on the GETs and 178 MB instead of 197–205 at the login peak, with no
 * more CPU per request. `--min-semi-space-size=8` keeps it at that size. V8 shrinks the young generation
 * to 1 MB once the instance has been idle a few seconds, and grows it again only as objects survive
 * collections, which a request's objects seldom do. After an 8-second pause, an instance on one
 * connection then scavenged every 33 requests instead of every 270: 190 ms of scavenges per 20,000
 * requests instead of 44 (about 7 µs a request); on 50 connections, twice as many scavenges as needed.
 * It also kept V8 off a slow path we do not understand: in 5 of 8 instances started without it, perf
 * caught process.nextTick's object literal going through the runtime with map migrations after warm-up
 * (`Runtime_DefineKeyedOwnPropertyInLiteral`; 35,000 of a /health request's 250,000 instructions in
 * the instance counted under callgrind), and in none of 12 with it. Whoever starts `dist/src/main.js`
 * another way should pass both.
 */
/** What `npm start` passes on node's command line; main warns when one is missing. */
export const COMMAND_LINE_V8_FLAGS = ['--max-semi-space-size=8', '--min-semi-space-size=8'];

setFlagsFromString('--no-allocation-site-pretenuring');
setFlagsFromString('--heap-growing-percent=20');
