import { type FieldNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';

/**
 * The fields a request selected under the current field, as dotted paths ("survivor.identity.givenName"): what the
 * access log says was seen. `under` descends first (["nodes"] for a connection's cases).
 */
export function selectedFields(info: GraphQLResolveInfo, under: string[] = []): string[] {
  const out = new Set<string>();
  const walk = (set: SelectionSetNode | undefined, prefix: string, depth: number) => {
    if (!set) return;
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) walk(sel.selectionSet, prefix, depth);
      else if (sel.kind === Kind.FRAGMENT_SPREAD) walk(info.fragments[sel.name.value]?.selectionSet, prefix, depth);
      else if (sel.name.value !== '__typename') {
        const path = prefix ? `${prefix}.${sel.name.value}` : sel.name.value;
        if (sel.selectionSet && depth < 6) walk(sel.selectionSet, path, depth + 1);
        else out.add(path);
      }
    }
  };
  for (const node of info.fieldNodes) {
    let sets: (SelectionSetNode | undefined)[] = [node.selectionSet];
    for (const name of under) {
      sets = sets.flatMap((s) =>
        (s?.selections ?? [])
          .filter((x): x is FieldNode => x.kind === Kind.FIELD && x.name.value === name)
          .map((x) => x.selectionSet));
    }
    for (const s of sets) walk(s, '', 0);
  }
  return [...out];
}
