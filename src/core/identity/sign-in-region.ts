import { and, assign, emit, not, setup, stateIn } from 'xstate';
import { signInMethods, type KeyName, type SignInMethod } from '../device-profile.js';
import type { PhoneContext, PhoneEvent } from '../phone-types.js';
import { keyGuards, phoneTypes, pressed, softkey, type RegionActions, type RegionDelays, type RegionGuards } from '../phone-setup.js';
import { factActions, factGuards } from '../regions/region-facts.js';
import { offersPopUp } from '../update-prompt.js';
import { formActions, formGuards, formKeys } from './form-setup.js';
import { openForm, valueOf, type TextForm } from './text-form.js';

const replyTimeoutMs = 30_000;
const defaultWebCodeLifetimeMs = 15 * 60_000;

/**
 * The methods this phone's sign-in screen offers in its deployment, in the profile's order.
 * Sign-in via PC goes through BToE: with EnableBetterTogetherOverEthernet off it is not offered.
 */
export function offeredMethods(context: Pick<PhoneContext, 'profile' | 'account' | 'policy'>): readonly SignInMethod[] {
  const methods = context.profile.signIn[context.account.deployment];
  return context.policy.EnableBetterTogetherOverEthernet ? methods : methods.filter((method) => method !== 'pc');
}

/** The method a key or softkey picks on the method list: a digit picks its row, Select the highlighted one. */
function pickedMethod(context: PhoneContext, event: PhoneEvent): SignInMethod | undefined {
  const methods = offeredMethods(context);
  if (event.type === 'key.press' && /^[1-9]$/.test(event.key)) return methods[Number(event.key) - 1];
  if (event.type === 'key.press' && (event.key === 'Select' || event.key === 'Right')) return methods[context.account.methodCursor];
  if (event.type === 'softkey.press' && event.id === 'select') return methods[context.account.methodCursor];
  return undefined;
}

function withoutSecrets(form: TextForm | null): TextForm | null {
  if (!form) return null;
  const fields = form.fields.map((field) => (field.secret ? { ...field, value: '' } : field));
  const focus = Math.max(0, fields.findIndex((field) => field.secret));
  return { fields, focus };
}

/** The sign-in region's vocabulary: choosing a method, the credential forms, web sign-in, the session. */
export const signInActions = {
  applyTenantInfo: assign({
    account: ({ context, event }) => {
      if (event.type !== 'server.tenantInfo') return context.account;
      // The method list may change under the cursor: it stays on its method if still offered, else goes to the first row.
      const highlighted = offeredMethods(context)[context.account.methodCursor];
      const methodCursor = highlighted ? Math.max(0, context.profile.signIn[event.sfb].indexOf(highlighted)) : 0;
      return { ...context.account, deployment: event.sfb, emergencyNumbers: event.emergencyNumbers, methodCursor };
    },
  }),
  openMethodList: assign({ account: ({ context }) => ({ ...context.account, methodCursor: 0, error: null }) }),
  moveMethodCursor: assign({
    account: ({ context }, params: { delta: number }) => {
      const count = Math.max(1, offeredMethods(context).length);
      return { ...context.account, methodCursor: (context.account.methodCursor + params.delta + count) % count };
    },
  }),
  openUserIdForm: assign({ form: openForm(['user', 'password']) }),
  openPinAuthForm: assign({ form: openForm(['extension', 'pin']) }),
  clearSignInError: assign({ account: ({ context }) => ({ ...context.account, error: null }) }),
  noteFormIncomplete: assign({ account: ({ context }) => ({ ...context.account, error: { key: 'signIn.fillEveryField' as const } }) }),
  requestUserIdSignIn: emit(({ context }) => ({
    type: 'signIn.requested' as const,
    request: { method: 'userId' as const, user: valueOf(context.form, 'user').trim(), password: valueOf(context.form, 'password') },
  })),
  requestPinSignIn: emit(({ context }) => ({
    type: 'signIn.requested' as const,
    request: { method: 'pin' as const, extension: valueOf(context.form, 'extension'), pin: valueOf(context.form, 'pin') },
  })),
  storeUser: assign({
    account: ({ context, event }) =>
      event.type === 'server.signedIn'
        ? { ...context.account, user: event.user, token: event.token, error: null, webCode: null }
        : context.account,
  }),
  /** A refusal says why and changes nothing else: the user name stays, secrets are cleared. */
  storeRefusal: assign({
    account: ({ context, event }) =>
      event.type === 'server.signInRefused'
        ? {
            ...context.account,
            error: { key: `signIn.refused.${event.reason}` as const, params: { firmware: context.firmware, minimum: event.minimum ?? '' } },
          }
        : context.account,
    form: ({ context }) => withoutSecrets(context.form),
  }),
  noteNoAnswer: assign({ account: ({ context }) => ({ ...context.account, error: { key: 'signIn.noAnswer' as const } }) }),
  requestWebCode: emit({ type: 'webSignIn.codeRequested' as const }),
  storeWebCode: assign({
    account: ({ context, event }) => (event.type === 'server.webCode' ? { ...context.account, webCode: event.code } : context.account),
  }),
  cancelWebSignIn: emit({ type: 'webSignIn.cancelled' as const }),
  forgetWebCode: assign({ account: ({ context }) => ({ ...context.account, webCode: null }) }),
  signOut: emit({ type: 'signOut.requested' as const }),
  forgetUser: assign({
    account: ({ context }) => ({ ...context.account, user: null, token: null, webCode: null }),
    form: null,
  }),
  noteSignedOutAfterRetries: assign({
    account: ({ context }) => ({ ...context.account, error: { key: 'lock.signedOutAfterRetries' as const } }),
  }),
} satisfies RegionActions;

export const signInGuards = {
  hasUser: ({ context }) => context.account.user !== null,
  hasWebCode: ({ context }) => context.account.webCode !== null,
  methodPicked: ({ context, event }, params: { method: SignInMethod }) => pickedMethod(context, event) === params.method,
  sessionEnded: ({ event }) => event.type === 'server.signInRefused' && event.reason === 'sessionExpired',
  formComplete: ({ context }) => (context.form?.fields ?? []).every((field) => field.value.trim() !== ''),
  updatePopUp: ({ context }) => offersPopUp(context),
} satisfies RegionGuards;

export const signInDelays = {
  signInReplyTimeout: replyTimeoutMs,
  webCodeLifetime: ({ context }) => context.account.webCode?.expiresInMs ?? defaultWebCodeLifetimeMs,
} satisfies RegionDelays;

const signInSetup = setup({
  types: phoneTypes,
  actions: { ...factActions, ...formActions, ...signInActions },
  guards: { ...keyGuards, ...factGuards, ...formGuards, ...signInGuards },
  delays: signInDelays,
});

/** The signed-out state each sign-in method opens. */
export const stateOfMethod: Record<SignInMethod, string> = { userId: 'userId', pin: 'pinAuth', web: 'web', pc: 'viaPc', usb: 'usb' };

/** Method list entries for both Select-like keys and the Select softkey. */
const pickTransitions = signInMethods.map((method) => ({
  guard: and(['uiIdle', { type: 'methodPicked' as const, params: { method } }]),
  target: stateOfMethod[method],
}));

const rowDigits: KeyName[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** The signed-out start screen is up: no menu, download or Update / Postpone pop-up covers it. */
const startScreenShown = and([
  'uiIdle',
  not(stateIn('#phone.running.update.downloading')),
  not(and([stateIn('#phone.running.update.offered'), 'updatePopUp'])),
]);

/** The start screen numbers the methods: a row's digit picks it. */
const pickFromStartScreen = signInMethods.map((method) => ({
  guard: and([startScreenShown, pressed(...rowDigits), { type: 'methodPicked' as const, params: { method } }]),
  target: stateOfMethod[method],
  actions: 'clearSignInError' as const,
}));

const backToIdle = { target: '#phone.running.signIn.signedOut.idle' };

/** A credential form: edit, submit, wait for the service's answer, show its refusal. */
function credentialForm(open: 'openUserIdForm' | 'openPinAuthForm', request: 'requestUserIdSignIn' | 'requestPinSignIn') {
  return {
    entry: open,
    initial: 'editing' as const,
    on: { 'softkey.press': { guard: and(['uiIdle', softkey('cancel')]), ...backToIdle } },
    states: {
      editing: {
        on: {
          ...formKeys('uiIdle', backToIdle),
          'softkey.press': { guard: and(['uiIdle', softkey('signIn')]), actions: 'submitForm' as const },
          'form.submit': [
            { guard: 'formComplete' as const, target: 'submitting', actions: 'clearSignInError' as const },
            { actions: 'noteFormIncomplete' as const },
          ],
        },
      },
      submitting: {
        entry: request,
        on: {
          'server.signInRefused': { target: 'editing', actions: 'storeRefusal' as const },
          'server.disconnected': { target: 'editing', actions: 'noteNoAnswer' as const },
        },
        after: { signInReplyTimeout: { target: 'editing', actions: 'noteNoAnswer' as const } },
      },
    },
  };
}

/**
 * Signed out: the start screen lists the methods this model offers in this deployment, by
 * number (as real phones show their sign-in screen when nobody is signed in), and its Sign
 * In softkey opens them as a list to move through. A sign-in the service pushes (web sign-in
 * completed in a browser, a paired or tethered PC) is accepted from any signed-out screen.
 */
export const signInRegion = signInSetup.createStateConfig({
  initial: 'starting',
  on: { 'server.tenantInfo': { actions: 'applyTenantInfo' } },
  states: {
    // After a reboot the phone is still signed in: the link resumes the session with its token.
    // A phone that powers on with a web sign-in code in its memory (a state file of format 1) shows it.
    starting: {
      always: [{ guard: 'hasUser', target: 'signedIn' }, { guard: 'hasWebCode', target: 'signedOut.web.showing' }, { target: 'signedOut' }],
    },
    signedOut: {
      initial: 'idle',
      on: {
        'server.signedIn': { target: 'signedIn', actions: ['storeUser', 'closeForm'] },
        'server.signInRefused': { target: '.idle', actions: 'storeRefusal' },
      },
      states: {
        idle: {
          on: {
            'softkey.press': { guard: and(['uiIdle', softkey('signIn')]), target: 'choosing', actions: 'openMethodList' },
            'key.press': pickFromStartScreen,
          },
        },
        choosing: {
          on: {
            'key.press': [
              { guard: and(['uiIdle', pressed('Up')]), actions: { type: 'moveMethodCursor', params: { delta: -1 } } },
              { guard: and(['uiIdle', pressed('Down')]), actions: { type: 'moveMethodCursor', params: { delta: 1 } } },
              { guard: and(['uiIdle', pressed('Back', 'Left')]), target: 'idle' },
              ...pickTransitions,
            ],
            'softkey.press': [...pickTransitions, { guard: and(['uiIdle', softkey('cancel')]), target: 'idle' }],
          },
        },
        userId: credentialForm('openUserIdForm', 'requestUserIdSignIn'),
        pinAuth: credentialForm('openPinAuthForm', 'requestPinSignIn'),
        web: {
          initial: 'requesting',
          exit: 'forgetWebCode',
          on: {
            // The service answers again after a reconnect: the same code with what is left of it, or a new one.
            'server.webCode': { target: '.showing', actions: 'storeWebCode' },
            'softkey.press': { guard: and(['uiIdle', softkey('cancel')]), target: 'idle', actions: 'cancelWebSignIn' },
            'key.press': { guard: and(['uiIdle', pressed('Back')]), target: 'idle', actions: 'cancelWebSignIn' },
          },
          states: {
            requesting: {
              // Retry after expiry: the expired code leaves the screen while the new one is on its way.
              entry: ['forgetWebCode', 'requestWebCode'],
              on: {
                'server.webCode': { target: 'showing', actions: 'storeWebCode' },
                'server.disconnected': { target: '#phone.running.signIn.signedOut.idle', actions: 'noteNoAnswer' },
              },
              after: { signInReplyTimeout: { target: '#phone.running.signIn.signedOut.idle', actions: 'noteNoAnswer' } },
            },
            showing: { after: { webCodeLifetime: 'expired' } },
            // Polycom offers Retry, Yealink OK: a new code replaces the old one.
            expired: { on: { 'softkey.press': { guard: and(['uiIdle', softkey('retry', 'ok')]), target: 'requesting' } } },
          },
        },
        viaPc: {
          on: {
            'softkey.press': { guard: and(['uiIdle', softkey('cancel')]), target: 'idle' },
            'key.press': { guard: and(['uiIdle', pressed('Back')]), target: 'idle' },
          },
        },
        usb: {
          on: {
            'softkey.press': { guard: and(['uiIdle', softkey('cancel')]), target: 'idle' },
            'key.press': { guard: and(['uiIdle', pressed('Back')]), target: 'idle' },
          },
        },
      },
    },
    signedIn: {
      on: {
        // A session resumed after a reboot: the lock screen keeps its PIN field.
        'server.signedIn': { actions: 'storeUser' },
        'softkey.press': { guard: and(['uiIdle', softkey('signOut'), not('modalScreen')]), target: 'signedOut', actions: ['signOut', 'forgetUser'] },
        'lock.maxRetriesReached': { target: 'signedOut', actions: ['signOut', 'forgetUser', 'noteSignedOutAfterRetries'] },
        // The service no longer knows this phone's session (it restarted, or the token is stale);
        // any other refusal (a PC signing in someone unlicensed) leaves the signed-in user alone.
        'server.signInRefused': { guard: 'sessionEnded', target: 'signedOut', actions: ['forgetUser', 'storeRefusal'] },
      },
    },
  },
});
