import { demoClaims, demoUser } from '../../services/hub/demo-users.js';
import type { Role } from '../../services/shared/catalogue.js';
import { type Principal, principalFromClaims } from '../../services/shared/principal.js';

/** The principal a demo user's token turns into. */
export function asDemoUser(login: string): Principal {
  return principalFromClaims(demoClaims(demoUser(login)));
}

/** A principal with one role and the catalogue's scopes for it. */
export function asRole(role: Role, where: { centers?: string[]; district?: string } = {}): Principal {
  return principalFromClaims(demoClaims({ login: `test-${role}`, role, ...where }));
}
