import type { MenuNode } from './device-profile.js';

/** Where the user is in a menu tree: the ids opened from the root, and the highlighted row. */
export interface MenuCursor {
  readonly path: readonly string[];
  readonly cursor: number;
  /**
   * How deep the menu was entered: Back at this depth leaves the menu. 0 from the root;
   * deeper when an idle softkey opened a node directly (Yealink's Status goes back to idle).
   */
  readonly floor?: number;
}

export const menuRoot: MenuCursor = { path: [], cursor: 0 };

/** The menu entered straight at `path`, as an idle softkey does. */
export function enterAt(path: readonly string[]): MenuCursor {
  return { path, cursor: 0, floor: path.length };
}

/** True when Back leaves the menu rather than going up a level. */
export function atFloor(menu: MenuCursor): boolean {
  return menu.path.length <= (menu.floor ?? 0);
}

/** The node at the end of `path`, or undefined at the root or on a stale path. */
export function nodeAt(tree: readonly MenuNode[], path: readonly string[]): MenuNode | undefined {
  let items: readonly MenuNode[] | undefined = tree;
  let node: MenuNode | undefined;
  for (const id of path) {
    node = items?.find((item) => item.id === id);
    if (!node) return undefined;
    items = node.children;
  }
  return node;
}

/** The items listed at the cursor's level, or undefined when the cursor shows a view. */
export function itemsAt(tree: readonly MenuNode[], path: readonly string[]): readonly MenuNode[] | undefined {
  if (path.length === 0) return tree;
  return nodeAt(tree, path)?.children;
}

export function moveCursor(tree: readonly MenuNode[], menu: MenuCursor, delta: number): MenuCursor {
  const items = itemsAt(tree, menu.path);
  if (!items) return menu;
  const cursor = (menu.cursor + delta + items.length) % items.length;
  return { ...menu, cursor };
}

/** Opens the highlighted item, or item `index` when given (keypad digits pick numbered rows). */
export function openItem(tree: readonly MenuNode[], menu: MenuCursor, index = menu.cursor): MenuCursor {
  const item = itemsAt(tree, menu.path)?.[index];
  if (!item) return menu;
  return { ...menu, path: [...menu.path, item.id], cursor: 0 };
}

/** Goes up one level, the cursor back on the item just left. */
export function closeItem(tree: readonly MenuNode[], menu: MenuCursor): MenuCursor {
  if (menu.path.length === 0) return menu;
  const parentPath = menu.path.slice(0, -1);
  const left = menu.path[menu.path.length - 1];
  const cursor = Math.max(0, itemsAt(tree, parentPath)?.findIndex((item) => item.id === left) ?? 0);
  return { ...menu, path: parentPath, cursor };
}

/** Every id path from the root to a node, depth first: used to validate profiles and to test reachability. */
export function allPaths(tree: readonly MenuNode[], prefix: readonly string[] = []): string[][] {
  return tree.flatMap((node) => {
    const path = [...prefix, node.id];
    return [path, ...(node.children ? allPaths(node.children, path) : [])];
  });
}
