import {
  coerceInputValue,
  type GraphQLInputType,
  GraphQLError,
  type GraphQLSchema,
  isInputObjectType,
  isInputType,
  isLeafType,
  isListType,
  isNonNullType,
  type OperationDefinitionNode,
  print,
  typeFromAST,
  valueFromAST,
} from 'graphql';

// The operation's variables as the executor will see them: coerced to their types, defaults applied. The filter reads
// @skip and @include through these, so that `$v: Boolean = true` with no value sent counts as true, as it will when
// the operation runs. A value that does not coerce is refused here, before any subgraph is asked, in words that never
// repeat the value: it can be a survivor's name or phone number, and client error trackers keep what they are told.

/** More than this many problems end the coercion: a client that sends that many needs no more. */
const MAX_PROBLEMS = 10;

export interface VariableProblem {
  field: string;
  problem: string;
}

/** The type found at a path inside a variable's value, or undefined where the value strays from the type. */
function typeAt(type: GraphQLInputType, path: readonly (string | number)[]): GraphQLInputType | undefined {
  let t: GraphQLInputType | undefined = type;
  for (const key of path) {
    if (t && isNonNullType(t)) t = t.ofType;
    if (t && isListType(t)) t = t.ofType as GraphQLInputType;
    else if (t && isInputObjectType(t)) t = t.getFields()[String(key)]?.type;
    else return undefined;
  }
  return t;
}

const pathText = (name: string, path: readonly (string | number)[]) =>
  path.reduce<string>((at, key) => (typeof key === 'number' ? `${at}[${key}]` : `${at}.${key}`), name);

function variableError(name: string, problem: VariableProblem): GraphQLError {
  return new GraphQLError(`Variable "$${name}" got an invalid value at "${problem.field}": ${problem.problem}`, {
    extensions: { code: 'BAD_USER_INPUT', fields: [problem] },
  });
}

export function coerceVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  raw: Record<string, unknown> | null | undefined,
): { values: Record<string, unknown> } | { errors: readonly GraphQLError[] } {
  const values: Record<string, unknown> = {};
  const errors: GraphQLError[] = [];
  const given = raw ?? {};
  for (const def of operation.variableDefinitions ?? []) {
    if (errors.length >= MAX_PROBLEMS) break;
    const name = def.variable.name.value;
    const type = typeFromAST(schema, def.type);
    const refuse = (message: string) =>
      errors.push(new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } }));
    if (!type || !isInputType(type)) {
      refuse(`Variable "$${name}" expected value of type "${print(def.type)}" which cannot be used as an input type.`);
      continue;
    }
    if (!Object.hasOwn(given, name)) {
      if (def.defaultValue) values[name] = valueFromAST(def.defaultValue, type);
      else if (isNonNullType(type)) refuse(`Variable "$${name}" of required type "${String(type)}" was not provided.`);
      continue;
    }
    const value = given[name];
    if (value === null && isNonNullType(type)) {
      refuse(`Variable "$${name}" of non-null type "${String(type)}" must not be null.`);
      continue;
    }
    values[name] = coerceInputValue(value, type, (path, _invalid, error) => {
      if (errors.length >= MAX_PROBLEMS) return;
      const at = typeAt(type, path);
      // A scalar's or an enum's own message quotes the value; what the field needs is said instead. Messages about
      // the shape (a field missing, a field the type does not have) name fields only.
      const leaf = at && (isNonNullType(at) ? at.ofType : at);
      const problem =
        leaf && isLeafType(leaf) && !error.message.startsWith('Expected non-nullable type')
          ? `must be a value of type ${leaf.name}`
          : error.message;
      errors.push(variableError(name, { field: pathText(name, path), problem }));
    });
  }
  return errors.length > 0 ? { errors } : { values };
}
