import { domainToASCII } from 'node:url';
import { InvalidDataError } from './errors/app-errors';

/**
 * Characters that render as nothing (controls, format characters, separators, and Unicode's default
 * ignorables: soft hyphens, joiners, fillers, variation selectors): IDNA would drop some of them silently,
 * so `ad\u00ADmin@example.com` would become a second spelling of an existing account.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}\p{Default_Ignorable_Code_Point}]/u;
/** Printable ASCII, without the blank: the local part of every email Gatehouse stores. */
const LOCAL_PART = /^[\x21-\x7E]+$/;

/** Why an email cannot be one account's, or undefined when it can. */
function problemWith(email: string): string | undefined {
  if (INVISIBLE.test(email)) return 'must not contain invisible characters';
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) return 'must be a valid email address';
  if (!LOCAL_PART.test(email.slice(0, at)))
    return 'must have a local part (before the @) of printable ASCII characters';
  if (!domainToASCII(email.slice(at + 1))) return 'must have a valid domain';
  return undefined;
}

/**
 * An email as one account (issue 19: an email is one account): trimmed, NFKC-normalised and lower-cased,
 * with its domain as its IDNA A-label, so that look-alike spellings (full-width letters, Unicode domains
 * and their `xn--` forms, case) are the same account. Refuses (400) invisible characters and a local part
 * that is not printable ASCII.
 */
export function normalizeEmail(email: string): string {
  const candidate = prepared(email);
  const problem = problemWith(candidate);
  if (problem) throw new InvalidDataError(`email ${problem}`);
  const at = candidate.lastIndexOf('@');
  return `${candidate.slice(0, at)}@${domainToASCII(candidate.slice(at + 1))}`;
}

/** For validators: the problem with an email, in the words `normalizeEmail` would refuse it with. */
export function emailProblem(email: string): string | undefined {
  return problemWith(prepared(email));
}

function prepared(email: string): string {
  return email.trim().normalize('NFKC').toLowerCase();
}
