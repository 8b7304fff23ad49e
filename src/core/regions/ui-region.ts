import { and, assign, not, setup } from 'xstate';
import type { KeyName } from '../device-profile.js';
import { atFloor, closeItem, enterAt, itemsAt, menuRoot, moveCursor, openItem } from '../menu.js';
import { keyGuards, phoneTypes, pressed, softkey, type RegionActions, type RegionGuards } from '../phone-setup.js';
import type { PhoneContext, PhoneEvent } from '../phone-types.js';
import { factGuards } from './region-facts.js';

const digitKeys: readonly KeyName[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** The idle softkey a press names, if the profile has it. */
function idleSoftkeyOf(context: PhoneContext, event: PhoneEvent) {
  if (event.type !== 'softkey.press') return undefined;
  return context.profile.idleSoftkeys.find((key) => `open.${key.id}` === event.id);
}

/** The menus: the profile's tree, opened from the menu keys or an idle softkey. */
export const uiActions = {
  openMenu: assign({ menu: menuRoot }),
  openMenuAtSoftkey: assign({
    menu: ({ context, event }) => enterAt(idleSoftkeyOf(context, event)?.opens ?? []),
  }),
  moveCursor: assign({
    menu: ({ context }, params: { delta: number }) => moveCursor(context.profile.menu, context.menu, params.delta),
  }),
  openHighlighted: assign({ menu: ({ context }) => openItem(context.profile.menu, context.menu) }),
  openNumbered: assign({
    menu: ({ context, event }) =>
      event.type === 'key.press' ? openItem(context.profile.menu, context.menu, Number(event.key) - 1) : context.menu,
  }),
  closeItem: assign({ menu: ({ context }) => closeItem(context.profile.menu, context.menu) }),
} satisfies RegionActions;

export const uiGuards = {
  opensMenu: ({ context, event }) => event.type === 'key.press' && context.profile.menuKeys.includes(event.key),
  atMenuRoot: ({ context }) => atFloor(context.menu),
  opensFromIdle: ({ context, event }) => idleSoftkeyOf(context, event) !== undefined,
  showsItems: ({ context }) => itemsAt(context.profile.menu, context.menu.path) !== undefined,
} satisfies RegionGuards;

const uiSetup = setup({ types: phoneTypes, actions: uiActions, guards: { ...keyGuards, ...factGuards, ...uiGuards } });

export const uiRegion = uiSetup.createStateConfig({
  initial: 'idle',
  // A call, PIN creation or the lock screen takes the screen back from the menus.
  on: { 'ui.home': '.idle' },
  states: {
    idle: {
      on: {
        'key.press': { guard: and(['opensMenu', not('modalScreen')]), target: 'menu', actions: 'openMenu' },
        'softkey.press': { guard: and(['opensFromIdle', not('modalScreen')]), target: 'menu', actions: 'openMenuAtSoftkey' },
      },
    },
    menu: {
      on: {
        'key.press': [
          { guard: 'opensMenu', target: 'idle' },
          { guard: pressed('Up'), actions: { type: 'moveCursor', params: { delta: -1 } } },
          { guard: pressed('Down'), actions: { type: 'moveCursor', params: { delta: 1 } } },
          {
            guard: and([pressed('Select', 'Right'), 'showsItems']),
            actions: 'openHighlighted',
          },
          { guard: and([pressed(...digitKeys), 'showsItems']), actions: 'openNumbered' },
          { guard: and([pressed('Back', 'Left'), 'atMenuRoot']), target: 'idle' },
          { guard: pressed('Back', 'Left'), actions: 'closeItem' },
        ],
        'softkey.press': [
          { guard: and([softkey('back'), 'atMenuRoot']), target: 'idle' },
          { guard: softkey('back'), actions: 'closeItem' },
        ],
      },
    },
  },
});
