import type { Caller } from '../../services/shared/caller.js';

/** A named `@policy` the gateway can evaluate from the verified caller alone. */
export type Policy = (caller: Caller) => boolean;

// The hub's own schema states its static rules as scopes, from the permission catalogue, and names no policy. A
// supergraph that names a policy this gateway does not know is denied, never allowed.
export const policies: Record<string, Policy> = {};
