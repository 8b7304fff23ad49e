import { and, assign, not, raise, setup } from 'xstate';
import { dialKeys, keyGuards, phoneTypes, pressed, type RegionActions, type RegionGuards } from '../phone-setup.js';
import { factActions, factGuards } from '../regions/region-facts.js';
import { eraseLast, focusedValue, isLastField, moveFocus, typeInto } from './text-form.js';

/**
 * Text entry shared by every form on the phone (sign-in fields, Phone-Lock PINs): the
 * keypad and `text.input` type, Back erases, Up and Down move between fields, Select
 * moves on and, on the last field, submits (as `form.submit`, the same event softkeys raise).
 */
export const formActions = {
  typeKey: assign({
    form: ({ context, event }) => (context.form && event.type === 'key.press' ? typeInto(context.form, event.key) : context.form),
  }),
  typeText: assign({
    form: ({ context, event }) => (context.form && event.type === 'text.input' ? typeInto(context.form, event.text) : context.form),
  }),
  eraseText: assign({ form: ({ context }) => (context.form ? eraseLast(context.form) : null) }),
  focusNextField: assign({ form: ({ context }) => (context.form ? moveFocus(context.form, 1) : null) }),
  focusPreviousField: assign({ form: ({ context }) => (context.form ? moveFocus(context.form, -1) : null) }),
  closeForm: assign({ form: null }),
  submitForm: raise({ type: 'form.submit' as const }),
} satisfies RegionActions;

export const formGuards = {
  focusedFieldHasText: ({ context }) => focusedValue(context.form) !== '',
  focusOnFirstField: ({ context }) => (context.form?.focus ?? 0) === 0,
  focusOnLastField: ({ context }) => isLastField(context.form),
} satisfies RegionGuards;

const formSetup = setup({
  types: phoneTypes,
  actions: { ...factActions, ...formActions },
  guards: { ...keyGuards, ...factGuards, ...formGuards },
});

/** Where a form takes keys: sign-in forms while no menu covers them, lock forms while no call does. */
type FormFocus = 'uiIdle' | 'noCallOnScreen' | 'answeringWithPin';

/**
 * The key handling of a form while `when` holds. `onLeave` is what Back does on an empty first
 * field (a transition), or nothing when the form cannot be dismissed (PIN creation).
 */
export function formKeys(when: FormFocus, onLeave?: { readonly target: string }) {
  const leave = onLeave ? [{ guard: and([when, pressed('Back')]), target: onLeave.target }] : [];
  return formSetup.createStateConfig({
    on: {
      'key.press': [
        { guard: and([when, pressed(...dialKeys)]), actions: 'typeKey' },
        { guard: and([when, pressed('Back'), 'focusedFieldHasText']), actions: 'eraseText' },
        { guard: and([when, pressed('Back', 'Up'), not('focusOnFirstField')]), actions: 'focusPreviousField' },
        ...leave,
        { guard: and([when, pressed('Down'), not('focusOnLastField')]), actions: 'focusNextField' },
        { guard: and([when, pressed('Select'), not('focusOnLastField')]), actions: 'focusNextField' },
        { guard: and([when, pressed('Select')]), actions: 'submitForm' },
      ],
      'text.input': { guard: when, actions: 'typeText' },
    },
  }).on;
}
