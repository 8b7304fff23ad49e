import { createInterface } from 'node:readline';
import type { PcOs } from '../../core/identity/identity-types.js';
import { PcClient, type PcState } from '../../pc/pc-client.js';
import { pcPortsFolder, readPcPort } from '../../phone/pc-port.js';
import { UsageError } from '../fail.js';

export interface PcCommandOptions {
  readonly server: string;
  readonly phone: string;
  readonly os: PcOs;
  readonly usb?: boolean;
  /** The phone's PC port key; by default the one its process on this machine published (phone/pc-port.ts). */
  readonly pcPort?: string;
}

/** `phone-emu pc`: an emulated Windows PC with the BToE app, cabled to a phone of a running server. */
export async function pcCommand(actions: readonly string[], options: PcCommandOptions): Promise<void> {
  // --server was checked when the command line was read; what fails now is the phone, or nobody answering.
  const actionList = splitActions(actions);
  const pcPort = options.pcPort ?? readPcPort(options.phone);
  const pc = await PcClient.connect({ url: options.server, phone: options.phone, os: options.os, link: options.usb ? 'usb' : 'ethernet', pcPort }).catch(
    (error: unknown) => {
      // Nobody answering is the server's address; a refusal after hello is about the phone.
      const message = (error as Error).message;
      if (message.startsWith('cannot reach')) throw new UsageError(`--server: ${message}; start one with phone-emu server`, 1);
      // The cable: the phone's process grants it (docs/protocol.md, "Who may act for a phone").
      const hint = !message.includes('pcPort')
        ? ''
        : pcPort === undefined
          ? `; no phone process on this machine published a PC port for ${options.phone} in ${pcPortsFolder()} (run the phone with phone-emu phone or start, or give --pc-port KEY)`
          : '; the phone was restarted since, or another phone has this MAC';
      throw new UsageError(`--phone: ${message}${hint}`, 1);
    },
  );
  console.log(`pc: ${options.os} PC on ${pc.state.phone?.model} ${pc.state.phone?.mac} (${options.usb ? 'USB tethering' : 'BToE'})`);
  let last = describe(pc.state);
  pc.events.on('state', (state) => {
    const now = describe(state);
    if (now !== last) console.log(`pc: ${now}`);
    last = now;
  });
  try {
    for (const action of actionList) {
      if (action[0] === 'quit') return;
      await run(pc, action);
    }
    const lines = createInterface({ input: process.stdin, terminal: false });
    for await (const line of lines) {
      const words = line.trim().split(/\s+/).filter(Boolean);
      if (words.length === 0) continue;
      if (words[0] === 'quit' || words[0] === 'exit') break;
      await run(pc, words).catch((error: unknown) => console.log(`pc: ${(error as Error).message}`));
    }
  } finally {
    pc.close();
  }
}

/** Arguments as commands: "pair code X lock" -> [pair] [code X] [lock]. */
function splitActions(words: readonly string[]): string[][] {
  const arity: Record<string, number> = { pair: 0, lock: 0, unlock: 0, code: 1, call: 1, 'sign-in': 2, quit: 0 };
  const actions: string[][] = [];
  for (let index = 0; index < words.length; ) {
    const name = words[index]!;
    const count = arity[name];
    if (count === undefined) throw new UsageError(`"${name}" is not a pc command (see phone-emu pc --help)`);
    actions.push(words.slice(index, index + 1 + count));
    index += 1 + count;
  }
  return actions;
}

async function run(pc: PcClient, [name, ...args]: readonly string[]): Promise<void> {
  switch (name) {
    case 'pair':
      return void (await pc.pair());
    case 'code':
      if (!args[0]) throw new Error('code needs the code the phone shows');
      return void (await pc.enterCode(args[0]));
    case 'lock':
    case 'unlock':
      return pc.setLocked(name === 'lock');
    case 'call':
      if (!args[0]) throw new Error('call needs a number or a UPN');
      return pc.call(args[0]);
    case 'sign-in': {
      if (!args[0] || !args[1]) throw new Error('sign-in needs a UPN and a password');
      const result = await pc.signIn(args[0], args[1]);
      console.log(`pc: sign-in ${result.outcome}${result.reason ? ` (${result.reason})` : ''}`);
      return;
    }
    default:
      throw new Error(`"${name ?? ''}" is not a pc command; try pair, code, lock, unlock, call, sign-in, quit`);
  }
}

function describe(state: PcState): string {
  const pairing = state.pairing === 'refused' ? `pairing refused (${state.refusal ?? 'no reason'})` : state.pairing;
  return `${pairing}; Windows ${state.locked ? 'locked' : 'unlocked'}; phone ${state.phoneLocked ? 'locked' : 'unlocked'}`;
}
