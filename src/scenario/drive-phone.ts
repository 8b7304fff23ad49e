import { keyNames, type KeyName } from '../core/device-profile.js';
import { screenText, type Screen } from '../core/screen.js';
import { didYouMean } from './closest.js';
import type { ScenarioWorld } from './scenario-world.js';
import { StepFailure } from './step-errors.js';

/**
 * `press` and `select` drive the phone the way a person does: by the labels on its
 * current screen, in its locale, and with its keys.
 */

const isKeyName = (value: string): value is KeyName => (keyNames as readonly string[]).includes(value);

const softkeysOf = (screen: Screen) => screen.softkeys.map((key) => key.label).join(', ') || 'none';

function pressSoftkey(world: ScenarioWorld, screen: Screen, label: string): boolean {
  const softkey = screen.softkeys.find((key) => key.label === label);
  if (softkey) world.actor.send({ type: 'softkey.press', id: softkey.id });
  return softkey !== undefined;
}

function pressKey(world: ScenarioWorld, key: KeyName, times = 1): void {
  for (let i = 0; i < times; i += 1) world.actor.send({ type: 'key.press', key });
}

/** `press: LABEL | KEY`: the softkey with that label on the screen, else the key of that name. */
export function press(label: string, world: ScenarioWorld): Promise<void> {
  const screen = world.screen();
  if (pressSoftkey(world, screen, label)) return Promise.resolve();
  if (isKeyName(label)) {
    pressKey(world, label);
    return Promise.resolve();
  }
  const labels = screen.softkeys.map((key) => key.label);
  throw new StepFailure(`no softkey "${label}" on the screen${didYouMean(label, labels)}`, `a softkey "${label}"`, `softkeys: ${softkeysOf(screen)}`);
}

/** A list row's label: menus number their rows ("2. Status"). */
export const rowLabel = (line: string) => line.replace(/^\d+\.\s+/, '');

export function rowShows(line: string, label: string, columns: number): boolean {
  const shown = rowLabel(line);
  // A label too long for the screen is clipped at its edge.
  return shown === label || (line.length >= columns && shown.length > 0 && label.startsWith(shown));
}

/** Enough Down presses to go round any list the phone shows. */
const maxScroll = 500;

/**
 * `select: LABEL`: on a list, moves the cursor to the row with that label (scrolling as
 * needed) and presses Select, or presses the row's digit on a numbered list without a
 * cursor; where no row has it, presses the softkey with that label.
 */
export function select(label: string, world: ScenarioWorld): Promise<void> {
  const start = world.screen();
  const { columns, rows: screenRows } = world.scenario.profile.display;
  const bodyRows = screenRows - 2;
  const rows = new Set<string>();
  const seen = new Set<string>();
  for (let scroll = 0; scroll < maxScroll; scroll += 1) {
    const screen = world.screen();
    if (screen.highlighted === null) {
      // A numbered list without a cursor: a person presses the row's digit.
      const digit = screen.lines.map((line) => /^([1-9])\.\s+(.*)$/.exec(line)).find((match) => match?.[2] === label)?.[1];
      if (digit === undefined) break;
      pressKey(world, digit as KeyName);
      return Promise.resolve();
    }
    const target = screen.lines.findIndex((line) => rowShows(line, label, columns));
    if (target >= 0) {
      const delta = target - screen.highlighted;
      pressKey(world, delta < 0 ? 'Up' : 'Down', Math.abs(delta));
      pressKey(world, 'Select');
      return Promise.resolve();
    }
    for (const line of screen.lines) rows.add(rowLabel(line));
    if (screen.lines.length < bodyRows) break; // the whole list is on screen
    const signature = `${screen.highlighted}\n${screenText(screen)}`;
    if (seen.has(signature)) break; // round the whole list and back
    seen.add(signature);
    pressKey(world, 'Down');
  }
  if (pressSoftkey(world, world.screen(), label)) return Promise.resolve();
  const items = [...rows];
  throw new StepFailure(
    `no item or softkey "${label}" on the screen${didYouMean(label, [...items, ...start.softkeys.map((key) => key.label)])}`,
    `an item or softkey "${label}"`,
    `${items.length > 0 ? `items: ${items.join(', ')}; ` : 'no list on the screen; '}softkeys: ${softkeysOf(world.screen())}`,
  );
}
