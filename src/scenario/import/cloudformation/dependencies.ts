// Which resources of a template each resource depends on (Ref, Fn::GetAtt, the ${…} of Fn::Sub,
// DependsOn), and the circles among them: CloudFormation refuses a template whose resources depend
// on each other in a circle ("Circular dependency between resources"), so an import does too.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/troubleshooting.html#troubleshooting-errors-dependency-error
// Pure.
import { isObj, type Obj } from '../types.js';

/** The logical ids among `ids` that `value` (a resource's body) refers to. */
export function referencedIds(value: unknown, ids: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  const add = (id: unknown): void => void (typeof id === 'string' && ids.has(id) && found.add(id));
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!isObj(v)) return;
    for (const [key, arg] of Object.entries(v)) {
      if (key === 'Ref') add(arg);
      else if (key === 'Fn::GetAtt') add(typeof arg === 'string' ? arg.split('.')[0] : Array.isArray(arg) ? arg[0] : undefined);
      else if (key === 'Fn::Sub') subReferences(arg, add);
      else if (key === 'DependsOn') (Array.isArray(arg) ? arg : [arg]).forEach(add);
      walk(arg);
    }
  };
  walk(value);
  return found;
}

/** `${Name}` and `${Name.Attr}` of a Fn::Sub template, but not its own variables nor `${!Literal}` (the walk reads the variables' values). */
function subReferences(arg: unknown, add: (id: unknown) => void): void {
  const [template, vars] = Array.isArray(arg) ? [arg[0], isObj(arg[1]) ? arg[1] : {}] : [arg, {} as Obj];
  if (typeof template !== 'string') return;
  for (const [, name] of template.matchAll(/\$\{([^}!][^}]*)\}/g)) if (!Object.hasOwn(vars, name)) add(name.split('.')[0]);
}

/**
 * The circles of a dependency graph: each strongly connected component of more than one resource,
 * or a resource that depends on itself, as its ids in template order (Tarjan's algorithm).
 */
export function dependencyCycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const order = [...graph.keys()];
  const visit = (id: string): void => {
    index.set(id, index.size);
    low.set(id, index.get(id)!);
    stack.push(id);
    onStack.add(id);
    for (const next of graph.get(id) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(id, Math.min(low.get(id)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(id, Math.min(low.get(id)!, index.get(next)!));
    }
    if (low.get(id) !== index.get(id)) return;
    const component: string[] = [];
    let top: string;
    do {
      top = stack.pop()!;
      onStack.delete(top);
      component.push(top);
    } while (top !== id);
    if (component.length > 1 || graph.get(id)?.has(id)) cycles.push(component.sort((a, b) => order.indexOf(a) - order.indexOf(b)));
  };
  for (const id of order) if (!index.has(id)) visit(id);
  return cycles.sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
}
