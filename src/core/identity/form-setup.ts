import { and, assign, not, raise, stateIn } from 'xstate';
import { dialKeys, phoneSetup, pressed } from '../phone-setup.js';
import { eraseLast, focusedValue, isLastField, moveFocus, typeInto } from './text-form.js';
import { hasModalScreen, isCallBusy } from './identity-types.js';

/**
 * Text entry shared by every form on the phone (sign-in fields, Phone-Lock PINs): the
 * keypad and `text.input` type, Back erases, Up and Down move between fields, Select
 * moves on and, on the last field, submits (as `form.submit`, the same event softkeys raise).
 */
export const formSetup = phoneSetup.extend({
  actions: {
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
    goHome: raise({ type: 'ui.home' as const }),
  },
  guards: {
    uiIdle: stateIn('#phone.running.ui.idle'),
    callBusy: ({ context }) => isCallBusy(context),
    noCallOnScreen: ({ context }) => !isCallBusy(context),
    // Polycom: Answer on a locked phone asks for the PIN on the call screen.
    answeringWithPin: stateIn('#phone.running.call.ringing.pin'),
    modalScreen: ({ context }) => hasModalScreen(context),
    signedIn: ({ context }) => context.account.user !== null,
    focusedFieldHasText: ({ context }) => focusedValue(context.form) !== '',
    focusOnFirstField: ({ context }) => (context.form?.focus ?? 0) === 0,
    focusOnLastField: ({ context }) => isLastField(context.form),
  },
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
