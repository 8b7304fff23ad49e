import { render } from 'ink';
import type { DeviceSettings } from '../../core/device-profile.js';
import type { Locale } from '../../core/messages/index.js';
import { identity } from '../../core/selectors.js';
import { startPhoneSession } from '../../phone/phone-session.js';
import { ringPhone } from '../../server/admin-client.js';
import { loadProjectData } from '../../profiles/load-data.js';
import { PhoneApp } from '../../tui/PhoneApp.js';
import { phoneToRun } from '../phone-state-file.js';
import { provisioningSource, type ProvisioningOptions } from '../provisioning-option.js';
import { requireTerminal } from '../terminal.js';
import { checkRecording, finishRecording, sessionRecording, type RecordOptions } from '../recording.js';
import { inkRenderOptions } from '../../tui/ink-options.js';

export interface PhoneCommandOptions extends ProvisioningOptions, RecordOptions {
  readonly device?: string;
  readonly server: string;
  readonly firmware?: string;
  /** Checked and written as 00:04:F2:12:34:56; default a random MAC under the vendor's prefix, kept in --state. */
  readonly mac?: string;
  readonly serial?: string;
  readonly locale?: Locale;
  readonly setting: DeviceSettings;
  readonly state?: string;
  /** The server's admin token, for the ring key (or $PHONE_EMU_ADMIN_TOKEN). */
  readonly adminToken?: string;
}

/** `phone-emu phone`: one interactive phone against a server that runs elsewhere. */
export async function phoneCommand(options: PhoneCommandOptions): Promise<void> {
  const data = loadProjectData();
  // --server was checked when the command line was read: a valid address nobody answers at keeps the phone retrying.
  const phone = phoneToRun(data, options);
  checkRecording(options, phone.state?.saved !== undefined);
  requireTerminal('phone');
  const provisioning = provisioningSource(data, phone.profile.id, options);
  const recordSession = await sessionRecording(options);
  const session = startPhoneSession({ ...phone, serverUrl: options.server, locale: options.locale, settings: options.setting, provisioning, provisioningData: data.provisioning.get(phone.profile.id) });
  // The server's tenant is its own: the recording lists the users whose name and password were typed.
  const recorder = recordSession?.(session, { settings: options.setting, command: `phone-emu phone --device ${phone.profile.id} --server ${options.server}` });
  const mac = identity(session.actor.getSnapshot()).mac;
  const ring = (from: string) => ringPhone({ server: options.server, adminToken: options.adminToken }, mac, from);
  // The clock bar reads wall time at the phone's virtual zero: a restored phone's clock does not start at zero.
  const app = render(<PhoneApp session={session} epochMs={Date.now() - session.clock.now()} ring={ring} observer={recorder} />, inkRenderOptions);
  await app.waitUntilExit();
  finishRecording(recorder);
  session.close();
}
