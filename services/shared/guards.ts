import { type AuthChecker, Authorized, Directive } from 'type-graphql';
import type { Scope } from './catalogue.js';
import { satisfies } from './scopes.js';
import type { HubContext } from './context.js';
import { DenialReason, forbidden, unauthenticated } from './errors.js';

// One declaration, two enforcements. The standard federation directive goes into the schema, where the gateway reads
// it and removes the field before planning; the same rule is checked again in the subgraph, so a request that
// reaches it some other way (a misconfigured gateway, a replay within the window) still meets the rule.

type Decorator = (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => void;

function both(directive: string, roles: string[]): Decorator {
  const d = Directive(directive) as Decorator;
  const a = Authorized(roles) as Decorator;
  return (target, key, descriptor) => {
    d(target, key, descriptor);
    a(target, key, descriptor);
  };
}

const sdlList = (scopes: readonly string[]): string => `[${scopes.map((s) => JSON.stringify(s)).join(', ')}]`;

/** The caller must hold every one of these scopes. */
export function Requires(...scopes: [Scope, ...Scope[]]): Decorator {
  return RequiresAnyOf(scopes);
}

/** The caller must hold every scope of at least one of the alternatives (the `@requiresScopes` semantics). */
export function RequiresAnyOf(...alternatives: [readonly Scope[], ...(readonly Scope[])[]]): Decorator {
  return both(
    `@requiresScopes(scopes: [${alternatives.map(sdlList).join(', ')}])`,
    alternatives.map((alt) => alt.join('+')),
  );
}

export const authChecker: AuthChecker<HubContext> = ({ context }, roles) => {
  const { caller } = context;
  if (caller === null) throw unauthenticated();
  if (roles.length === 0) return true;
  if (
    !satisfies(
      caller.scopes,
      roles.map((alt) => alt.split('+')),
    )
  )
    throw forbidden(DenialReason.MISSING_SCOPE);
  return true;
};
