/**
 * The privilege ceiling (DESIGN §6, issue 19): nobody hands out more than they hold. Every path that
 * yields a credential or a role, or acts on one that carries rights (rolling, revoking, deleting or
 * renaming an API key, granting or taking roles, creating, editing or deleting a role, inviting, creating
 * a scoped key, editing or deleting another user), asks this one function.
 *
 * `held` is what the caller may do now (its user's permissions narrowed to its key's scopes); `carried` is
 * every permission the resulting or touched credential, role or person holds. The answer is what the
 * caller lacks: empty means allowed.
 */
export function beyondCeiling(held: readonly string[], carried: readonly string[]): string[] {
  const holds = new Set(held);
  return [...new Set(carried)].filter((permission) => !holds.has(permission)).sort();
}
