import {
  type FieldNode, getNamedType, type GraphQLField, type GraphQLNamedType, type GraphQLResolveInfo, isObjectType, isInterfaceType,
  Kind, type SelectionSetNode,
} from 'graphql';

const inaccessible = (f: GraphQLField<unknown, unknown>) => f.astNode?.directives?.some((d) => d.name.value === 'inaccessible') ?? false;

function fieldsOf(type: GraphQLNamedType | undefined): Record<string, GraphQLField<unknown, unknown>> {
  return type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields() : {};
}

/**
 * The fields a request selected under the current field, as dotted paths ("survivor.identity.givenName"): what the
 * access log says was seen. `under` descends first (["nodes"] for a connection's cases). Fields no client can see
 * (@inaccessible, fetched by the gateway's planner for another subgraph's rule) are not disclosures and are left out.
 */
export function selectedFields(info: GraphQLResolveInfo, under: string[] = []): string[] {
  const out = new Set<string>();
  const walk = (set: SelectionSetNode | undefined, type: GraphQLNamedType | undefined, prefix: string, depth: number) => {
    if (!set) return;
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        walk(sel.selectionSet, sel.typeCondition ? info.schema.getType(sel.typeCondition.name.value) ?? type : type, prefix, depth);
      } else if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = info.fragments[sel.name.value];
        walk(frag?.selectionSet, frag ? info.schema.getType(frag.typeCondition.name.value) ?? type : type, prefix, depth);
      } else if (!sel.name.value.startsWith('__')) {
        const def = fieldsOf(type)[sel.name.value];
        if (def && inaccessible(def)) continue;
        const path = prefix ? `${prefix}.${sel.name.value}` : sel.name.value;
        if (sel.selectionSet && depth < 6) walk(sel.selectionSet, def ? getNamedType(def.type) : undefined, path, depth + 1);
        else out.add(path);
      }
    }
  };
  for (const node of info.fieldNodes) {
    let level: { set: SelectionSetNode | undefined; type: GraphQLNamedType | undefined }[] = [
      { set: node.selectionSet, type: getNamedType(info.returnType) },
    ];
    for (const name of under) {
      level = level.flatMap(({ set, type }) =>
        (set?.selections ?? [])
          .filter((x): x is FieldNode => x.kind === Kind.FIELD && x.name.value === name)
          .map((x) => {
            const def = fieldsOf(type)[name];
            return { set: x.selectionSet, type: def ? getNamedType(def.type) : undefined };
          }));
    }
    for (const { set, type } of level) walk(set, type, '', 0);
  }
  return [...out];
}
