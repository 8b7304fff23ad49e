import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';

export interface MermaidOptions {
  /** Shown as the diagram's title. */
  readonly title?: string;
  /** Milliseconds of each named delay, so `after bootDuration` reads `after bootDuration (8 s)`. */
  readonly delays?: Readonly<Record<string, number>>;
  /**
   * Guards whose value is fixed for this variant, by the label the chart gives them
   * (`hasOnDemandSoftkey`, `methodPicked(usb)`): a transition that needs a false one is left out,
   * a true one drops out of the labels, and what a constant-true transition shadows is left out.
   */
  readonly constantGuards?: ReadonlyMap<string, boolean>;
  /** One parallel region of the running phone (`update`, `signIn`...) instead of the whole chart. */
  readonly region?: string;
}

/** One arrow of the diagram, after guards are resolved and compound endpoints are straightened. */
interface Edge {
  readonly source: AnyStateNode;
  readonly target: AnyStateNode;
  readonly label: string;
}

/** The parallel regions of the running phone, in chart order: what `region` may name. */
export function chartRegions(machine: AnyStateMachine): string[] {
  const running = machine.root.states.running as AnyStateNode | undefined;
  return running ? Object.keys(running.states) : [];
}

/**
 * A machine as a Mermaid `stateDiagram-v2`, read from its definition (`machine.root`): the whole
 * chart (compound states nest, parallel regions split with `--`) or one region of it. Only what the
 * variant can do is drawn: transitions whose guards can never hold, transitions shadowed by an
 * earlier one that always wins, transitions that only run actions, and states nothing reaches are
 * left out. Edges from a compound state into its own children (which break Mermaid's ELK layout)
 * are drawn from each child they leave, which is what they mean.
 */
export function chartToMermaid(machine: AnyStateMachine, options: MermaidOptions = {}): string {
  const edges = straightened(allNodes(machine.root).flatMap((node) => edgesOf(node, options)));
  const reachable = reachableNodes(machine.root, edges);
  const kept = edges.filter((edge) => reachable.has(edge.source) && reachable.has(edge.target));
  const lines = options.title ? ['---', `title: ${options.title}`, '---'] : [];
  lines.push('stateDiagram-v2');
  if (options.region === undefined) {
    declareChildren(machine.root, reachable, lines, '  ');
    lines.push(...edgeLines(kept));
    return `${lines.join('\n')}\n`;
  }
  const region = (machine.root.states.running as AnyStateNode | undefined)?.states[options.region] as AnyStateNode | undefined;
  if (!region) throw new Error(`no region ${options.region}; the regions are ${chartRegions(machine).join(', ')}`);
  const inside = (node: AnyStateNode) => isWithin(node, region);
  const regionEdges = kept.filter((edge) => inside(edge.source) && edge.source !== region);
  const external = new Set(regionEdges.map((edge) => edge.target).filter((target) => !inside(target)));
  // Where the region hands over to the phone's lifecycle (installing, rebooting...), follow it back to running.
  const lifecycle = (node: AnyStateNode) => node.parent === machine.root;
  const followed: Edge[] = [];
  for (const node of external) {
    if (!lifecycle(node)) continue;
    for (const edge of kept.filter((candidate) => candidate.source === node && lifecycle(candidate.target))) {
      followed.push(edge);
      external.add(edge.target);
    }
  }
  declareChildren(region, reachable, lines, '  ');
  for (const node of external) lines.push(`  state "${externalName(node)}" as ${mermaidId(node)}`);
  lines.push(...edgeLines([...regionEdges, ...followed]));
  return `${lines.join('\n')}\n`;
}

function declareChildren(node: AnyStateNode, reachable: ReadonlySet<AnyStateNode>, lines: string[], indent: string): void {
  const children = (Object.values(node.states) as AnyStateNode[]).filter((child) => reachable.has(child));
  if (node.type === 'parallel') {
    children.forEach((child, index) => {
      if (index > 0) lines.push(`${indent}--`);
      declare(child, reachable, lines, indent);
    });
    return;
  }
  const initial = node.initial?.target[0];
  if (initial) lines.push(`${indent}[*] --> ${mermaidId(initial)}`);
  for (const child of children) declare(child, reachable, lines, indent);
}

function declare(node: AnyStateNode, reachable: ReadonlySet<AnyStateNode>, lines: string[], indent: string): void {
  if (!(Object.values(node.states) as AnyStateNode[]).some((child) => reachable.has(child))) {
    lines.push(`${indent}state "${node.key}" as ${mermaidId(node)}`);
    return;
  }
  lines.push(`${indent}state "${node.key}" as ${mermaidId(node)} {`);
  declareChildren(node, reachable, lines, `${indent}  `);
  lines.push(`${indent}}`);
}

/** One line per pair of states; several triggers between the same two share the arrow. */
function edgeLines(edges: readonly Edge[]): string[] {
  const byPair = new Map<string, string[]>();
  for (const edge of edges) {
    const key = `${mermaidId(edge.source)} --> ${mermaidId(edge.target)}`;
    const labels = byPair.get(key) ?? [];
    if (!labels.includes(edge.label)) labels.push(edge.label);
    byPair.set(key, labels);
  }
  return [...byPair].map(([pair, labels]) => `  ${pair} : ${labels.join('<br/>')}`);
}

function allNodes(node: AnyStateNode): AnyStateNode[] {
  return [node, ...(Object.values(node.states) as AnyStateNode[]).flatMap(allNodes)];
}

function isWithin(node: AnyStateNode, ancestor: AnyStateNode): boolean {
  for (let current: AnyStateNode | undefined = node; current; current = current.parent) if (current === ancestor) return true;
  return false;
}

/** The transitions a node can take, grouped as XState picks them: the first enabled one of each trigger. */
function edgesOf(node: AnyStateNode, options: MermaidOptions): Edge[] {
  const groups: [string, AnyTransitionDefinition[]][] = [];
  const delayed = new Map<string, (typeof node.after)[number][]>();
  for (const transition of node.after) {
    const group = delayed.get(transition.eventType) ?? [];
    group.push(transition);
    delayed.set(transition.eventType, group);
  }
  for (const group of delayed.values()) groups.push([`after ${delayLabel(group[0]!.delay, options)}`, group]);
  if (node.always?.length) groups.push(['always', node.always]);
  for (const [eventType, transitions] of Object.entries(node.on)) {
    if (!eventType.startsWith('xstate.after.')) groups.push([eventType, transitions as AnyTransitionDefinition[]]);
  }
  return groups.flatMap(([trigger, transitions]) => takeable(node, trigger, transitions, options.constantGuards ?? new Map()));
}

function takeable(
  node: AnyStateNode,
  trigger: string,
  transitions: readonly AnyTransitionDefinition[],
  constants: ReadonlyMap<string, boolean>,
): Edge[] {
  const edges: Edge[] = [];
  const seen = new Set<string>();
  for (const transition of transitions) {
    const guard = transition.guard === undefined ? true : simplify(transition.guard, constants);
    if (guard === false) continue;
    const guardText = guard === true ? '' : guard.text;
    // The same condition again: the earlier transition always wins it.
    if (seen.has(guardText)) continue;
    seen.add(guardText);
    // A transition without a target only runs actions: the state does not change, no arrow.
    for (const target of transition.target ?? []) {
      edges.push({ source: node, target, label: guard === true ? trigger : `${trigger} [${guard.text}]` });
    }
    if (guard === true) break;
  }
  return edges;
}

/**
 * Edges Mermaid can lay out: a target that is the source itself or one of its ancestors is
 * re-entered at its initial child; an edge from a compound state into its own subtree leaves
 * from each of its other children instead.
 */
function straightened(edges: readonly Edge[]): Edge[] {
  return edges.flatMap(({ source, target, label }) => {
    let entered: AnyStateNode | undefined = target;
    while (entered && isWithin(source, entered) && Object.keys(entered.states).length > 0) {
      entered = entered.type === 'parallel' ? undefined : entered.initial?.target[0];
    }
    if (!entered) return [];
    if (entered === source || !isWithin(entered, source)) return [{ source, target: entered, label }];
    if (source.type === 'parallel') return [];
    return (Object.values(source.states) as AnyStateNode[])
      .filter((child) => !isWithin(entered, child))
      .map((child) => ({ source: child, target: entered, label }));
  });
}

/** The states the chart can be in: entered initially, or the target of an edge from a state it can be in. */
function reachableNodes(root: AnyStateNode, edges: readonly Edge[]): Set<AnyStateNode> {
  const reachable = new Set<AnyStateNode>();
  const enter = (node: AnyStateNode): void => {
    if (reachable.has(node)) return;
    reachable.add(node);
    if (node.parent) enter(node.parent);
    if (node.type === 'parallel') for (const child of Object.values(node.states) as AnyStateNode[]) enter(child);
    const initial = node.initial?.target[0];
    if (initial) enter(initial);
  };
  enter(root);
  for (let grown = true; grown; ) {
    const before = reachable.size;
    for (const edge of edges) if (reachable.has(edge.source)) enter(edge.target);
    grown = reachable.size > before;
  }
  return reachable;
}

/** A guard resolved against the variant's constants: always true, never true, or the text of what it depends on. */
type Simplified = boolean | { readonly text: string; readonly op?: 'and' | 'or' | 'not' };

function simplify(guard: unknown, constants: ReadonlyMap<string, boolean>): Simplified {
  if (typeof guard === 'string') return constants.get(guard) ?? { text: guard };
  if (typeof guard === 'function') {
    const inner = ((guard as { guards?: unknown[] }).guards ?? []).map((part) => simplify(part, constants));
    if (guard.name === 'not') {
      const [operand] = inner;
      if (typeof operand === 'boolean') return !operand;
      return operand ? { text: `not ${parenthesized(operand)}`, op: 'not' } : { text: 'not ?' };
    }
    if (guard.name === 'and' || guard.name === 'or') {
      const decisive = guard.name === 'or';
      if (inner.includes(decisive)) return decisive;
      const open = inner.filter((part): part is Exclude<Simplified, boolean> => typeof part !== 'boolean');
      if (open.length === 0) return !decisive;
      if (open.length === 1) return open[0]!;
      return { text: open.map((part) => (part.op === 'not' ? part.text : parenthesized(part, guard.name))).join(` ${guard.name} `), op: guard.name };
    }
    if (guard.name === 'stateIn') {
      const state = String((guard as { stateValue?: unknown }).stateValue ?? '?').replace(/^#phone\.(running\.)?/, '');
      return { text: `in(${state})` };
    }
    return { text: guard.name || 'inline guard' };
  }
  if (typeof guard === 'object' && guard !== null && 'type' in guard) {
    const { type, params } = guard as { type: string; params?: Record<string, unknown> };
    const args = params ? argumentsLabel(Object.values(params).flat().map(String)) : '';
    const text = args ? `${type}(${args})` : type;
    return constants.get(text) ?? { text };
  }
  return { text: 'inline guard' };
}

function parenthesized(part: Exclude<Simplified, boolean>, within?: string): string {
  return part.op && part.op !== 'not' && part.op !== within ? `(${part.text})` : part.text;
}

/** Arguments as written, runs of three digits or more shortened: `keyIs(0-9,*,#)`. */
function argumentsLabel(values: readonly string[]): string {
  const out: string[] = [];
  for (let start = 0; start < values.length; ) {
    let end = start;
    while (/^\d$/.test(values[start]!) && end + 1 < values.length && Number(values[end + 1]) === Number(values[end]) + 1 && /^\d$/.test(values[end + 1]!)) end++;
    out.push(end - start >= 2 ? `${values[start]}-${values[end]}` : values[start]!);
    start = end - start >= 2 ? end + 1 : start + 1;
  }
  return out.join(',');
}

function delayLabel(delay: unknown, options: MermaidOptions): string {
  if (typeof delay === 'number') return formatMs(delay);
  if (typeof delay !== 'string') return 'a computed delay';
  const ms = options.delays?.[delay];
  return ms === undefined ? delay : `${delay} (${formatMs(ms)})`;
}

export function formatMs(ms: number): string {
  const units: [number, string][] = [
    [24 * 60 * 60_000, 'd'],
    [60 * 60_000, 'h'],
    [60_000, 'min'],
    [1_000, 's'],
  ];
  const unit = units.find(([size]) => ms >= size && ms % size === 0);
  return unit ? `${ms / unit[0]} ${unit[1]}` : `${ms} ms`;
}

/** A state outside the drawn region, named by its path under the running phone: `installing`, `signIn.signedOut`. */
function externalName(node: AnyStateNode): string {
  const path = node.path[0] === 'running' && node.path.length > 1 ? node.path.slice(1) : node.path;
  return path.join('.') || node.key;
}

/** Mermaid ids cannot hold dots: phone.running.update -> phone_running_update. */
function mermaidId(node: AnyStateNode): string {
  return node.id.replace(/[^A-Za-z0-9_]/g, '_');
}
