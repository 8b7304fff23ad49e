import type { SignInMethod } from '../device-profile.js';
import type { MessageKey } from '../messages/index.js';
import type { PhoneContext } from '../phone-types.js';
import type { Draft, Translate } from '../screen-draft.js';
import type { PhoneSnapshot } from '../phone-snapshot.js';
import { maxPhonePinLength } from './lock-pin.js';
import { forgotCheck, usesDeviceLock } from './lock-region.js';
import { offeredMethods } from './sign-in-region.js';
import { shownValue, type TextForm } from './text-form.js';

/** The name this vendor's screen gives a sign-in method. */
export function methodLabel(context: PhoneContext, method: SignInMethod, t: Translate): string {
  return t(`signIn.method.${context.profile.signIn.labels[method] ?? method}` as MessageKey);
}

/** Fields one a row, the focused one marked; secrets as dots. */
function formLines(form: TextForm | null, t: Translate): string[] {
  return (form?.fields ?? []).map(
    (field, index) => `${index === form?.focus ? '>' : ' '} ${t(`field.${field.id}` as MessageKey)}: ${shownValue(field)}`,
  );
}

const withError = (lines: string[], error: string | null) => (error ? [...lines, error] : lines);

/** Screens that own the keys and cover menus: a call, then Phone-Lock. Null when neither is up. */
export function modalDraft(snapshot: PhoneSnapshot, t: Translate): Draft | null {
  const { context } = snapshot;
  const { calling: call, lock } = context;
  const party = call.current?.party ?? call.dialer ?? '';
  const callState = (state: string) => snapshot.matches({ running: { call: state } } as never);
  if (callState('collecting')) {
    return {
      title: t('call.title'),
      lines: [t('call.dialer', { digits: call.dialer ?? '' }), t('call.dialerHint', { seconds: context.policy.UserDialTimeoutMS / 1000 })],
      softkeys: ['dial', 'cancel'],
    };
  }
  if (callState('requesting')) return { title: t('call.title'), lines: [t('call.requesting', { party })] };
  if (callState('outgoing')) return { title: t('call.title'), lines: [t('call.ringingOut', { party })], softkeys: ['hangUp'] };
  if (callState('ringing')) {
    // On a Polycom the call rings on the lock screen, and Answer asks for the PIN there.
    const locked = snapshot.matches({ running: { lock: 'locked' } }) && context.profile.lock.answerNeedsPin;
    const pin = snapshot.matches({ running: { call: { ringing: 'pin' } } } as never);
    const error = lock.error ? t(lock.error.key, lock.error.params) : null;
    const lines = pin ? withError([t('call.incoming', { party }), t('lock.answer.prompt'), ...formLines(context.form, t)], error) : [t('call.incoming', { party })];
    return { title: t(locked ? 'lock.locked.title' : 'call.title'), lines, softkeys: ['answer', 'decline'] };
  }
  if (callState('connected')) return { title: t('call.title'), lines: [t('call.connected', { party })], softkeys: ['hangUp'] };

  const error = lock.error ? t(lock.error.key, lock.error.params) : null;
  // Before 5.5.1 a Polycom calls its lock Device Lock.
  const deviceLock = usesDeviceLock(context);
  if (snapshot.matches({ running: { lock: 'creating' } })) {
    const confirming = snapshot.matches({ running: { lock: { creating: 'confirm' } } });
    const prompt = confirming
      ? t('lock.confirm.prompt')
      : t('lock.create.prompt', { min: context.policy.MinPhonePinLength, max: maxPhonePinLength });
    return {
      title: t(deviceLock ? 'lock.deviceLock.title' : 'lock.title'),
      lines: withError([prompt, ...formLines(context.form, t)], error),
      softkeys: ['ok'],
    };
  }
  if (snapshot.matches({ running: { lock: 'locked' } })) {
    const admin = snapshot.matches({ running: { lock: { locked: 'adminCode' } } });
    const title = t(deviceLock ? 'lock.deviceLocked.title' : 'lock.locked.title');
    if (snapshot.matches({ running: { lock: { locked: { forgot: 'verifying' } } } })) return { title, lines: [t('lock.forgot.checking')], softkeys: [] };
    if (snapshot.matches({ running: { lock: { locked: 'forgot' } } })) {
      const prompt = t(forgotCheck(context) === 'pin' ? 'lock.forgot.pin.prompt' : 'lock.forgot.password.prompt');
      return { title, lines: withError([prompt, ...formLines(context.form, t)], error), softkeys: ['ok', 'cancel'] };
    }
    // Polycom's lock screen: Unlock and Forgot (Device Lock guide).
    const forgot = !admin && context.profile.lock.forgotSoftkey ? (['forgot'] as const) : [];
    return {
      title,
      lines: withError([t(admin ? 'lock.admin.prompt' : 'lock.locked.prompt'), ...formLines(context.form, t)], error),
      softkeys: ['unlock', ...forgot, context.profile.lock.dialSoftkey],
    };
  }
  return null;
}

/** The methods offered now, one numbered row each: "3. Web Sign-in". */
function methodRows(context: PhoneContext, t: Translate): string[] {
  return offeredMethods(context).map((method, index) => `${index + 1}. ${methodLabel(context, method, t)}`);
}

/** The signed-out flows once the user picked Sign In or a method: method list, forms, web code, PC and USB hints. */
export function signInDraft(snapshot: PhoneSnapshot, t: Translate): Draft | null {
  const { context } = snapshot;
  const signedOut = (state: string) => snapshot.matches({ running: { signIn: { signedOut: state } } } as never);
  const error = context.account.error ? t(context.account.error.key, context.account.error.params) : null;
  if (signedOut('choosing')) {
    return {
      title: t('signIn.title'),
      lines: methodRows(context, t),
      highlighted: context.account.methodCursor,
      softkeys: ['select', 'cancel'],
    };
  }
  for (const [state, method] of [['userId', 'userId'], ['pinAuth', 'pin']] as const) {
    if (!signedOut(state)) continue;
    const title = methodLabel(context, method, t);
    if (snapshot.matches({ running: { signIn: { signedOut: { [state]: 'submitting' } } } } as never)) {
      return { title, lines: [t('signIn.inProgress')] };
    }
    // A refusal comes first: on a small screen it would fall below the fields.
    const lines = error ? [error, ...formLines(context.form, t)] : formLines(context.form, t);
    return { title, lines, softkeys: ['signIn', 'cancel'], textEntry: state === 'userId' };
  }
  if (signedOut('web')) {
    const title = methodLabel(context, 'web', t);
    const code = context.account.webCode;
    if (snapshot.matches({ running: { signIn: { signedOut: { web: 'expired' } } } })) {
      const newCode = context.profile.signIn.newCodeSoftkey;
      return { title, lines: [t('web.expired'), t('web.newCode', { softkey: t(`softkey.${newCode}`) })], softkeys: [newCode, 'cancel'] };
    }
    if (!code) return { title, lines: [t('web.requesting')], softkeys: ['cancel'] };
    const expires = t('web.expiresIn', { minutes: Math.round(code.expiresInMs / 60_000) });
    const explained = [t('web.goTo'), code.url, t('web.enterCode'), code.code, expires];
    // Under five rows (VVX 201/301, 405HD/420HD, T41P/T42G) the screen keeps what the user must copy: the address and the code.
    const lines = explained.length <= context.profile.display.rows - 2 ? explained : [code.url, code.code, expires];
    return { title, lines, softkeys: ['cancel'] };
  }
  if (signedOut('viaPc')) {
    return {
      title: methodLabel(context, 'pc', t),
      lines: [t(context.pairing.paired ? 'viaPc.instructions' : 'viaPc.notPaired')],
      softkeys: ['cancel'],
    };
  }
  if (signedOut('usb')) return { title: methodLabel(context, 'usb', t), lines: [t('usb.instructions')], softkeys: ['cancel'] };
  return null;
}

/**
 * What the idle screen says about the user, Exchange and pairing, and its identity softkeys;
 * signed out, the sign-in methods too, numbered (`methods`, drawn below the notices).
 */
export function idleIdentity(context: PhoneContext, t: Translate): Pick<Draft, 'lines' | 'softkeys'> & { lines: string[]; methods: string[] } {
  const { account, pairing } = context;
  const pairingLines = pairing.code
    ? [t('idle.pairingCode', { code: pairing.code }), t('idle.pairingCodeHint')]
    : pairing.paired
      ? [t('idle.pcPaired')]
      : [];
  if (!account.user) {
    const error = account.error ? [t(account.error.key, account.error.params)] : [];
    return { lines: [t('idle.notSignedIn'), ...error, ...pairingLines], methods: methodRows(context, t), softkeys: ['signIn'] };
  }
  return {
    methods: [],
    lines: [
      t('idle.signedInAs', { user: account.user.displayName }),
      t(account.user.exchange ? 'idle.exchangeOn' : 'idle.exchangeOff'),
      ...pairingLines,
    ],
    softkeys: ['newCall', 'signOut'],
  };
}
