import type { MenuNode } from './device-profile.js';
import { idleIdentity, modalDraft, signInDraft } from './identity/identity-screen.js';
import { isUnprotected } from './identity/lock-pin-entry.js';
import { itemsAt, nodeAt } from './menu.js';
import { translate, type Locale, type MessageKey, type MessageParams } from './messages/index.js';
import type { PhoneSnapshot } from './phone-snapshot.js';
import type { PhoneContext, SoftkeyId } from './phone-types.js';
import type { Draft, Translate } from './screen-draft.js';
import { offersPopUp } from './update-prompt.js';

export type { PhoneSnapshot } from './phone-snapshot.js';

export interface Softkey {
  readonly id: SoftkeyId;
  readonly label: string;
}

export type PhonePhase = 'booting' | 'running' | 'installing' | 'rebooting' | 'rollingBack';

/** What the phone's display shows, fitted to the profile's columns and rows. */
export interface Screen {
  readonly title: string;
  /** Body lines, at most rows - 2 (the title row and the softkey row take the rest). */
  readonly lines: readonly string[];
  /** The body line drawn highlighted (the menu cursor), if any. */
  readonly highlighted: number | null;
  readonly softkeys: readonly Softkey[];
  /** Download progress from 0 to 1 while a build downloads, else null. */
  readonly progress: number | null;
  /** A text field (user name, password) has the focus: letters type into it. */
  readonly textEntry?: boolean;
  readonly status: {
    readonly phase: PhonePhase;
    readonly online: boolean;
    readonly firmware: string;
    /** The warnings the emulator raised about this phone, in its locale. */
    readonly warnings: readonly string[];
    /** The status bar's words, in the phone's language: "Online", "Firmware 5.9.5.0614", "1 warning(s)" or ''. */
    readonly labels: { readonly connection: string; readonly firmware: string; readonly warnings: string };
    /** The signed-in user's UPN, or null. */
    readonly user: string | null;
    readonly locked: boolean;
    readonly paired: boolean;
    /** The status bar's identity words, in the phone's language: who is signed in, locked, PC paired ('' when not). */
    readonly identityLabels: { readonly user: string; readonly lock: string; readonly pc: string };
  };
}

/** Derives the display from a snapshot: a pure function, so the TUI, scenarios and tests agree. */
export function renderScreen(snapshot: PhoneSnapshot): Screen {
  const { context } = snapshot;
  const t = (key: MessageKey, params?: MessageParams) => translate(context.locale, key, params);
  const phase = phaseOf(snapshot);
  const draft = draftFor(snapshot, phase, t);
  // A notice lasts a few seconds: it goes first, where even the smallest screen shows it.
  if (context.notice && phase === 'running') {
    draft.lines.unshift(t(context.notice.key, context.notice.params));
    if (draft.highlighted !== undefined) draft.highlighted += 1;
  }
  return fit(draft, context, phase, {
    online: snapshot.matches({ running: { connection: 'online' } }),
    locked: snapshot.matches({ running: { lock: 'locked' } }),
  });
}

/** The screen as plain text, one row a line: what `expect: { screen }` matches against. */
export function screenText(screen: Screen): string {
  return [screen.title, ...screen.lines, screen.softkeys.map((key) => key.label).join('  ')].join('\n');
}

export function phaseOf(snapshot: PhoneSnapshot): PhonePhase {
  if (snapshot.matches('running')) return 'running';
  if (snapshot.matches('installing')) return 'installing';
  if (snapshot.matches('rebooting')) return 'rebooting';
  if (snapshot.matches('rollingBack')) return 'rollingBack';
  return 'booting';
}


function draftFor(snapshot: PhoneSnapshot, phase: PhonePhase, t: Translate): Draft {
  const { context } = snapshot;
  const model = `${context.profile.manufacturer} ${context.profile.model}`;
  if (phase === 'booting') return { title: model, lines: [t('boot.starting')] };
  if (phase === 'rebooting') return { title: model, lines: [t('boot.restarting')] };
  if (phase === 'rollingBack') {
    const { version = '', reason = '' } = context.update.rolledBack ?? {};
    return { title: model, lines: [t('update.rollingBack', { version, reason }), t('update.restoring', { firmware: context.firmware })] };
  }
  const version = context.update.offer?.version ?? '';
  const modal = phase === 'running' ? modalDraft(snapshot, t) : null;
  if (modal) return modal;
  if (phase === 'installing') {
    return { title: t('update.offer.title'), lines: [t('update.installing', { version }), t('update.doNotPowerOff')] };
  }
  if (snapshot.matches({ running: { update: 'downloading' } })) {
    const progress = context.update.offer ? (context.update.download?.receivedBytes ?? 0) / context.update.offer.sizeBytes : 0;
    return {
      title: t('update.offer.title'),
      lines: [t('update.downloading', { version }), progressBar(progress, context.profile.display.columns)],
      progress,
    };
  }
  if (snapshot.matches({ running: { update: 'offered' } }) && offersPopUp(context)) {
    return {
      title: t('update.offer.title'),
      lines: [t('update.offer.body', { version }), t('update.offer.question')],
      softkeys: ['update', 'postpone'],
    };
  }
  if (snapshot.matches({ running: { ui: 'menu' } })) {
    return menuDraft(context, snapshot.matches({ running: { connection: 'online' } }), t);
  }
  return signInDraft(snapshot, t) ?? idleDraft(snapshot, t);
}

function idleDraft(snapshot: PhoneSnapshot, t: Translate): Draft {
  const { context } = snapshot;
  const identity = idleIdentity(context, t);
  const lines = [...identity.lines, ...context.warnings.map((warning) => t(warning.message.key, warning.message.params))];
  if (isUnprotected(context)) lines.push(t('lock.unprotected.hint'));
  if (snapshot.matches({ running: { update: 'offered' } }) && context.update.offer) {
    lines.push(t('idle.updateAvailable', { version: context.update.offer.version }), t('idle.updateWhenIdle'));
  }
  if (snapshot.matches({ running: { update: 'checking' } }) && context.update.onDemand) lines.push(t('update.checking'));
  // Signed out, the start screen is the sign-in screen; on a small display its last rows wait behind Sign In.
  lines.push(...identity.methods);
  return {
    title: `${context.profile.manufacturer} ${context.profile.model}`,
    lines,
    softkeys: [
      ...context.profile.idleSoftkeys.map((key) => `open.${key.id}` as const),
      ...(identity.softkeys ?? []),
      ...(context.profile.update.onDemandSoftkey ? (['swUpdate'] as const) : []),
    ],
  };
}

function menuDraft(context: PhoneContext, online: boolean, t: Translate): Draft {
  const { menu, profile } = context;
  const node = nodeAt(profile.menu, menu.path);
  const title = node ? t(menuLabelKey(node)) : t('title.home');
  const items = itemsAt(profile.menu, menu.path);
  if (items) {
    return {
      title,
      lines: items.map((item, index) => `${index + 1}. ${t(menuLabelKey(item))}`),
      highlighted: menu.cursor,
      softkeys: ['back'],
    };
  }
  return { title, lines: viewLines(node, context, online, t), softkeys: ['back'] };
}

function viewLines(node: MenuNode | undefined, context: PhoneContext, online: boolean, t: Translate): string[] {
  switch (node?.view) {
    case 'firmwareVersion':
      return [
        t('view.firmware.version', { version: context.firmware }),
        t('view.firmware.previous', { version: context.update.previousFirmware ?? t('view.firmware.none') }),
        t('view.firmware.family', { family: context.profile.firmwareFamily }),
      ];
    case 'deviceSummary':
      return [
        t('view.phone.model', { model: context.profile.model }),
        t('view.summary.firmware', { version: context.firmware }),
        t('view.phone.mac', { mac: context.identity.mac }),
      ];
    case 'phoneInfo':
      return [
        t('view.phone.model', { model: context.profile.model }),
        t('view.phone.mac', { mac: context.identity.mac }),
        t('view.phone.serial', { serial: context.identity.serial }),
      ];
    case 'networkInfo':
      return [t('view.network.server', { state: t(online ? 'status.online' : 'status.offline') })];
    default:
      return [t('view.notEmulated')];
  }
}

/** Message keys of menu labels are `menu.<id>`; the data loader checks that each exists. */
export function menuLabelKey(node: MenuNode): MessageKey {
  return `menu.${node.id}` as MessageKey;
}

/** Labels are `softkey.<id>`, an idle softkey `open.<id>`'s too: the data loader checks that each exists. */
export function softkeyLabel(locale: Locale, id: SoftkeyId): string {
  const key = `softkey.${id.startsWith('open.') ? id.slice('open.'.length) : id}` as MessageKey;
  return translate(locale, key);
}

function progressBar(progress: number, columns: number): string {
  const percent = `${Math.floor(progress * 100)}%`;
  const width = Math.max(4, Math.min(30, columns - percent.length - 3));
  const filled = Math.round(progress * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}`;
}

function fit(draft: Draft, context: PhoneContext, phase: PhonePhase, { online, locked }: { online: boolean; locked: boolean }): Screen {
  const { columns, rows } = context.profile.display;
  const bodyRows = rows - 2;
  const clip = (line: string) => (line.length > columns ? line.slice(0, columns) : line);
  // Long lists scroll so that the highlighted row stays on screen.
  const first =
    draft.highlighted === undefined ? 0 : Math.max(0, Math.min(draft.highlighted - bodyRows + 1, draft.lines.length - bodyRows));
  // Menus keep one item a row (clipped) so the cursor stays on its item; text wraps by words.
  const wrapped = draft.highlighted === undefined ? draft.lines.flatMap((line) => wrapWords(line, columns)) : draft.lines;
  const lines = wrapped.slice(first, first + bodyRows).map(clip);
  return {
    title: clip(draft.title),
    lines,
    highlighted: draft.highlighted === undefined ? null : draft.highlighted - first,
    softkeys: (draft.softkeys ?? [])
      .slice(0, context.profile.softkeys)
      .map((id) => ({ id, label: softkeyLabel(context.locale, id) })),
    progress: draft.progress ?? null,
    ...(draft.textEntry ? { textEntry: true } : {}),
    status: {
      phase,
      online,
      firmware: context.firmware,
      warnings: context.warnings.map((warning) => translate(context.locale, warning.message.key, warning.message.params)),
      labels: {
        connection: translate(context.locale, online ? 'status.online' : 'status.offline'),
        firmware: translate(context.locale, 'status.firmware', { version: context.firmware }),
        warnings: context.warnings.length > 0 ? translate(context.locale, 'status.warnings', { count: context.warnings.length }) : '',
      },
      user: context.account.user?.upn ?? null,
      locked,
      paired: context.pairing.paired,
      identityLabels: {
        user: context.account.user
          ? translate(context.locale, 'status.signedIn', { user: context.account.user.upn })
          : translate(context.locale, 'status.signedOut'),
        lock: locked ? translate(context.locale, 'status.locked') : '',
        pc: context.pairing.paired ? translate(context.locale, 'status.paired') : '',
      },
    },
  };
}

function wrapWords(line: string, columns: number): string[] {
  if (line.length <= columns) return [line];
  const rows: string[] = [];
  let row = '';
  // A word wider than the screen (a web sign-in address) breaks across rows rather than losing its end.
  const words = line.split(' ').flatMap((word) => (word.length > columns ? (word.match(new RegExp(`.{1,${columns}}`, 'gsu')) ?? []) : [word]));
  for (const word of words) {
    if (row && row.length + 1 + word.length > columns) {
      rows.push(row);
      row = word;
    } else {
      row = row ? `${row} ${word}` : word;
    }
  }
  rows.push(row);
  return rows;
}
