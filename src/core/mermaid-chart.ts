import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';

export interface MermaidOptions {
  /** Shown as the diagram's title. */
  readonly title?: string;
  /** Milliseconds of each named delay, so `after bootDuration` reads `after bootDuration (8 s)`. */
  readonly delays?: Readonly<Record<string, number>>;
  /** Named guards that never hold for this variant: transitions that need them are left out. */
  readonly falseGuards?: ReadonlySet<string>;
}

/**
 * A machine as a Mermaid `stateDiagram-v2`, read from its definition (`machine.root`):
 * compound states nest, parallel regions are split with `--`, and every transition is
 * labelled with its event, guard and, for delayed ones, the delay.
 */
export function chartToMermaid(machine: AnyStateMachine, options: MermaidOptions = {}): string {
  const lines = options.title ? ['---', `title: ${options.title}`, '---'] : [];
  lines.push('stateDiagram-v2');
  declareChildren(machine.root, lines, '  ');
  const edges = new Set<string>();
  for (const node of allNodes(machine.root)) for (const edge of edgesOf(node, options)) edges.add(edge);
  lines.push(...[...edges].map((edge) => `  ${edge}`));
  return `${lines.join('\n')}\n`;
}

function declareChildren(node: AnyStateNode, lines: string[], indent: string): void {
  const children = Object.values(node.states) as AnyStateNode[];
  if (node.type === 'parallel') {
    children.forEach((child, index) => {
      if (index > 0) lines.push(`${indent}--`);
      declare(child, lines, indent);
    });
    return;
  }
  const initial = node.initial?.target[0];
  if (initial) lines.push(`${indent}[*] --> ${mermaidId(initial)}`);
  for (const child of children) declare(child, lines, indent);
}

function declare(node: AnyStateNode, lines: string[], indent: string): void {
  if (Object.keys(node.states).length === 0) {
    lines.push(`${indent}state "${node.key}" as ${mermaidId(node)}`);
    return;
  }
  lines.push(`${indent}state "${node.key}" as ${mermaidId(node)} {`);
  declareChildren(node, lines, `${indent}  `);
  lines.push(`${indent}}`);
}

function allNodes(node: AnyStateNode): AnyStateNode[] {
  return [node, ...(Object.values(node.states) as AnyStateNode[]).flatMap(allNodes)];
}

function edgesOf(node: AnyStateNode, options: MermaidOptions): string[] {
  const possible = (transition: AnyTransitionDefinition) => !needsFalseGuard(transition.guard, options.falseGuards ?? new Set());
  const delayed = node.after.filter(possible).map((transition) => edge(node, transition, `after ${delayLabel(transition.delay, options)}`));
  const always = (node.always ?? []).filter(possible).map((transition: AnyTransitionDefinition) => edge(node, transition, 'always'));
  const onEvents = Object.entries(node.on)
    .filter(([eventType]) => !eventType.startsWith('xstate.after.'))
    .flatMap(([eventType, transitions]) =>
      (transitions as AnyTransitionDefinition[]).filter(possible).map((transition) => edge(node, transition, eventType)),
    );
  return [...delayed, ...always, ...onEvents];
}

/** True when the guard is, or is an `and` of, a guard that never holds. */
function needsFalseGuard(guard: unknown, falseGuards: ReadonlySet<string>): boolean {
  if (typeof guard === 'string') return falseGuards.has(guard);
  if (typeof guard === 'function' && guard.name === 'and') {
    return ((guard as { guards?: unknown[] }).guards ?? []).some((inner) => needsFalseGuard(inner, falseGuards));
  }
  return false;
}

/** One arrow per target; a transition without a target (actions only) loops on its state. */
function edge(source: AnyStateNode, transition: AnyTransitionDefinition, trigger: string): string {
  const guard = transition.guard === undefined ? '' : ` [${guardLabel(transition.guard)}]`;
  const targets = transition.target?.length ? transition.target : [source];
  return targets.map((target) => `${mermaidId(source)} --> ${mermaidId(target)} : ${trigger}${guard}`).join('\n  ');
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

/** Guards as the chart names them: `opensMenu`, `keyIs(Up)`, `keyIs(Select,Right) and showsItems`. */
function guardLabel(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const inner = ((guard as { guards?: unknown[] }).guards ?? []).map(guardLabel);
    return guard.name === 'not' ? `not ${inner[0] ?? '?'}` : inner.join(` ${guard.name} `) || guard.name || 'inline guard';
  }
  if (typeof guard === 'object' && guard !== null && 'type' in guard) {
    const { type, params } = guard as { type: string; params?: Record<string, unknown> };
    const args = params ? Object.values(params).flat().map(String).join(',') : '';
    return args ? `${type}(${args})` : type;
  }
  return 'inline guard';
}

/** Mermaid ids cannot hold dots: phone.running.update -> phone_running_update. */
function mermaidId(node: AnyStateNode): string {
  return node.id.replace(/[^A-Za-z0-9_]/g, '_');
}
