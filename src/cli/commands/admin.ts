import type { DeviceRecord, TestDevice, UpdateRule } from '../../server/store.js';
import { adminRequest, type AdminTarget } from '../admin-client.js';
import { UsageError } from '../fail.js';
import { compareListedVersions, printListing, type ListingRow } from '../listings.js';
import { findProfile } from '../options.js';
import { loadProjectData, type ProjectData } from '../../profiles/load-data.js';

/** A policy as GET /admin/policies describes it. */
interface PolicyView {
  readonly name: string;
  readonly cmdlet: string;
  readonly type: string;
  readonly value: string;
  readonly default: string;
  readonly allowed: string;
  readonly online: boolean;
  readonly description: string;
}

export interface FamilyOptions extends AdminTarget {
  readonly family?: string;
  readonly device?: string;
}

/** A listing's options: `--json` prints one JSON document instead of the table. */
export interface ListingOptions {
  readonly json?: boolean;
}

const familyRef = (options: FamilyOptions) => ({ family: options.family, device: options.device });

/** `phone-emu policy get [NAME]`: every policy as the cmdlets list them, or one in detail. */
export async function policyGetCommand(name: string | undefined, options: AdminTarget & ListingOptions): Promise<void> {
  const views =
    name === undefined
      ? await adminRequest<PolicyView[]>(options, 'GET', 'policies')
      : [await adminRequest<PolicyView>(options, 'GET', `policies/${encodeURIComponent(name)}`)];
  printListing('policies', views.map(policyRow), { json: options.json, detail: name !== undefined });
}

/** The admin API's policy, its value and default typed by the policy's type. */
function policyRow(view: PolicyView): ListingRow<'policies'> {
  const type = view.type as ListingRow<'policies'>['type'];
  const typed = (value: string) => (type === 'boolean' ? value === 'True' : type === 'integer' ? Number(value) : value);
  return {
    name: view.name,
    cmdlet: view.cmdlet,
    type,
    value: typed(view.value),
    default: typed(view.default),
    allowed: view.allowed,
    online: view.online,
    description: view.description,
  };
}

/** `phone-emu policy set NAME VALUE`: connected phones get the new policy in-band at once. */
export async function policySetCommand(name: string, value: string, options: AdminTarget): Promise<void> {
  const policy = await adminRequest<PolicyView>(options, 'PUT', `policies/${encodeURIComponent(name)}`, { value });
  console.log(`${policy.name} = ${policy.value}; connected phones have it now`);
}

interface FamilyView {
  readonly family: string;
  readonly published: readonly string[];
  readonly rule: UpdateRule | null;
  readonly provisioning: string | null;
  readonly builds: readonly { version: string; released: string; certified: boolean; sizeBytes: number }[];
}

/** `phone-emu firmware list [--family F | --device ID]`: each build, whether it is published, and the on-premises rule. */
export async function firmwareListCommand(options: FamilyOptions & ListingOptions): Promise<void> {
  const all = await adminRequest<FamilyView[]>(options, 'GET', 'firmware');
  const data = loadProjectData();
  const wanted = options.device === undefined ? options.family : findProfile(data, options.device).firmwareFamily;
  if (options.device !== undefined && options.family !== undefined && options.family !== wanted) {
    throw new UsageError(`--family: ${options.device} runs ${wanted ?? ''} firmware, not ${options.family}; give one of --family and --device`);
  }
  const families = wanted === undefined ? all : all.filter((family) => family.family === wanted);
  if (families.length === 0) {
    throw new UsageError(`--family: "${wanted ?? ''}" is not a firmware family of this server; known: ${all.map((family) => family.family).join(', ')}`);
  }
  const rows = families.flatMap((family) => {
    const scheme = data.families.get(family.family)?.versionScheme;
    return [...family.builds]
      .sort((a, b) => compareListedVersions(scheme, a.version, b.version))
      .map((build): ListingRow<'builds'> => ({
        family: family.family,
        version: build.version,
        released: build.released,
        certified: build.certified,
        published: family.published.includes(build.version),
        approved: family.rule?.approved === build.version,
        pending: family.rule?.pending === build.version,
        restorePoint: family.rule?.restore === build.version,
        provisioning: family.provisioning === build.version,
        sizeBytes: build.sizeBytes,
      }));
  });
  printListing('builds', rows, { json: options.json });
}

/** `phone-emu firmware publish|approve|reset|restore`. */
export async function firmwareActionCommand(
  action: 'publish' | 'approve' | 'reset' | 'restore',
  version: string | undefined,
  options: FamilyOptions,
): Promise<void> {
  if (action === 'publish' && version === undefined) throw new UsageError('firmware publish: say which VERSION');
  const body = action === 'publish' || action === 'approve' ? { version, ...familyRef(options) } : familyRef(options);
  const { message } = await adminRequest<{ message: string }>(options, 'POST', `firmware/${action}`, body);
  console.log(message);
}

/** `phone-emu test-device add --mac X | --serial X [--name N]`: New-CsTestDevice. */
export async function testDeviceAddCommand(options: AdminTarget & { mac?: string; serial?: string; name?: string }): Promise<void> {
  if ((options.mac === undefined) === (options.serial === undefined)) throw new UsageError('test-device add: give either --mac or --serial');
  const body = options.mac !== undefined
    ? { type: 'MACAddress', identifier: options.mac, name: options.name }
    : { type: 'SerialNumber', identifier: options.serial, name: options.name };
  const device = await adminRequest<TestDevice>(options, 'POST', 'test-devices', body);
  console.log(`test device ${device.name} (${device.type} ${device.identifier}) gets pending builds`);
}

/** `phone-emu test-device list`. */
export async function testDeviceListCommand(options: AdminTarget & ListingOptions): Promise<void> {
  const devices = await adminRequest<TestDevice[]>(options, 'GET', 'test-devices');
  const rows = devices.map(({ name, type, identifier }): ListingRow<'testDevices'> => ({ name, type, identifier }));
  printListing('testDevices', rows, { json: options.json });
}

type DeviceView = DeviceRecord & { readonly state: string; readonly testDevice: boolean };

/** `phone-emu devices --server URL`: the phones a running server knows, by model, then firmware (by its vendor's scheme). */
export async function serverDevicesCommand(options: AdminTarget & ListingOptions): Promise<void> {
  const devices = await adminRequest<DeviceView[]>(options, 'GET', 'devices');
  const data = loadProjectData();
  const rows = devices.map(phoneRow).sort((a, b) => comparePhones(data, a, b));
  printListing('phones', rows, { json: options.json, empty: 'no phone has connected to this server yet' });
}

function phoneRow(device: DeviceView): ListingRow<'phones'> {
  const result = device.lastResult;
  return {
    model: device.model,
    mac: device.mac,
    serial: device.serial,
    firmware: device.firmware,
    connected: device.connected,
    user: device.user ?? null,
    state: device.state,
    testDevice: device.testDevice,
    warnings: [...device.warnings],
    installed: [...device.installed],
    lastResult: result ? { version: result.version, outcome: result.outcome, previous: result.previous ?? null, reason: result.reason ?? null } : null,
  };
}

function comparePhones(data: ProjectData, a: ListingRow<'phones'>, b: ListingRow<'phones'>): number {
  if (a.model !== b.model) return a.model < b.model ? -1 : 1;
  const family = data.profiles.get(a.model)?.firmwareFamily;
  const scheme = family === undefined ? undefined : data.families.get(family)?.versionScheme;
  return compareListedVersions(scheme, a.firmware, b.firmware) || (a.mac < b.mac ? -1 : a.mac > b.mac ? 1 : 0);
}

/** `phone-emu provisioning set VERSION | off`: the server also acts as a third-party provisioning server. */
export async function provisioningCommand(version: string | null, options: FamilyOptions): Promise<void> {
  const { message } = await adminRequest<{ message: string }>(options, 'PUT', 'provisioning', { version, ...familyRef(options) });
  console.log(message);
}

/** `phone-emu fault download cut|corrupt|unbootable|none`. */
export async function faultCommand(download: string, options: AdminTarget): Promise<void> {
  const { message } = await adminRequest<{ message: string }>(options, 'PUT', 'faults', { download });
  console.log(message);
}
