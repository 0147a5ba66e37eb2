import type { HubClaims } from '../../services/shared/principal.js';

/** A named `@policy` the gateway can evaluate from the verified claims alone. */
export type Policy = (claims: HubClaims) => boolean;

// The hub's own schema states its static rules as scopes, from the permission catalogue, and names no policy. A
// supergraph that names a policy this gateway does not know is denied, never allowed.
export const policies: Record<string, Policy> = {};
