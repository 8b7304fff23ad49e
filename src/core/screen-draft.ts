import type { MessageKey, MessageParams } from './messages/index.js';
import type { SoftkeyId } from './phone-types.js';

/** A screen before it is fitted to the display: what renderScreen's helpers return. */
export interface Draft {
  title: string;
  lines: string[];
  highlighted?: number;
  softkeys?: SoftkeyId[];
  progress?: number;
  /** Letters type into the focused field (a terminal stops reading them as shortcuts). */
  textEntry?: boolean;
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;
