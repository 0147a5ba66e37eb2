import { demoClaims, demoUser } from '../../services/hub/demo-users.js';
import type { Role } from '../../services/shared/catalogue.js';
import { type Caller, callerFromClaims } from '../../services/shared/caller.js';

/** An anonymous request: no caller at all. */
export const anonymous = null;

/** The caller a demo user's token turns into. */
export function asDemoUser(login: string): Caller {
  return callerFromClaims(demoClaims(demoUser(login)));
}

/** A caller with one role and the catalogue's scopes for it. */
export function asRole(role: Role, where: { centers?: string[]; district?: string } = {}): Caller {
  return callerFromClaims(demoClaims({ login: `test-${role}`, role, ...where }));
}
