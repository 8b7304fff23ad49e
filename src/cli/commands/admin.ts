import type { DeviceRecord, TestDevice, UpdateRule } from '../../server/store.js';
import { adminRequest, type AdminTarget } from '../admin-client.js';
import { UsageError } from '../fail.js';
import { printTable } from '../table.js';
import { findProfile } from '../options.js';
import { loadProjectData } from '../../profiles/load-data.js';

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

const familyRef = (options: FamilyOptions) => ({ family: options.family, device: options.device });

/** `phone-emu policy get [NAME]`: every policy as the cmdlets list them, or one in detail. */
export async function policyGetCommand(name: string | undefined, options: AdminTarget): Promise<void> {
  if (name !== undefined) {
    const policy = await adminRequest<PolicyView>(options, 'GET', `policies/${encodeURIComponent(name)}`);
    printTable(
      ['FIELD', 'VALUE'],
      [
        ['Name', policy.name],
        ['Value', policy.value],
        ['Default', policy.default],
        ['Allowed', policy.allowed],
        ['Cmdlet', policy.cmdlet],
        ['Online', policy.online ? 'yes' : 'no (on-premises only)'],
        ['Description', policy.description],
      ],
    );
    return;
  }
  const policies = await adminRequest<PolicyView[]>(options, 'GET', 'policies');
  printTable(
    ['NAME', 'VALUE', 'DEFAULT', 'CMDLET', 'ONLINE'],
    policies.map((policy) => [policy.name, policy.value, policy.default, policy.cmdlet, policy.online ? 'yes' : 'no']),
  );
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
  readonly builds: readonly { version: string; released: string; certified: boolean }[];
}

/** `phone-emu firmware list [--family F | --device ID]`: each build, whether it is published, and the on-premises rule. */
export async function firmwareListCommand(options: FamilyOptions): Promise<void> {
  const all = await adminRequest<FamilyView[]>(options, 'GET', 'firmware');
  const wanted = options.device === undefined ? options.family : findProfile(loadProjectData(), options.device).firmwareFamily;
  if (options.device !== undefined && options.family !== undefined && options.family !== wanted) {
    throw new UsageError(`--family: ${options.device} runs ${wanted ?? ''} firmware, not ${options.family}; give one of --family and --device`);
  }
  const families = wanted === undefined ? all : all.filter((family) => family.family === wanted);
  if (families.length === 0) {
    throw new UsageError(`--family: "${wanted ?? ''}" is not a firmware family of this server; known: ${all.map((family) => family.family).join(', ')}`);
  }
  const rows = families.flatMap((family) =>
    family.builds.map((build) => {
      const marks = [
        build.certified ? 'certified' : 'not certified',
        family.published.includes(build.version) ? 'published' : '',
        family.rule?.approved === build.version ? 'APPROVED' : '',
        family.rule?.pending === build.version ? 'PENDING' : '',
        family.rule?.restore === build.version ? 'restore point' : '',
        family.provisioning === build.version ? 'pushed by provisioning' : '',
      ];
      return [family.family, build.version, build.released, marks.filter(Boolean).join(', ')];
    }),
  );
  printTable(['FAMILY', 'VERSION', 'RELEASED', 'STATE'], rows);
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

export async function testDeviceListCommand(options: AdminTarget): Promise<void> {
  const devices = await adminRequest<TestDevice[]>(options, 'GET', 'test-devices');
  printTable(['NAME', 'TYPE', 'IDENTIFIER'], devices.map((device) => [device.name, device.type, device.identifier]));
}

type DeviceView = DeviceRecord & { readonly state: string; readonly testDevice: boolean };

/** `phone-emu devices --server URL`: the phones a running server knows. */
export async function serverDevicesCommand(options: AdminTarget): Promise<void> {
  const devices = await adminRequest<DeviceView[]>(options, 'GET', 'devices');
  if (devices.length === 0) return console.log('no phone has connected to this server yet');
  printTable(
    ['MODEL', 'MAC', 'FIRMWARE', 'USER', 'STATE', 'WARNINGS'],
    devices.map((device) => [
      device.model + (device.testDevice ? ' (test)' : ''),
      device.mac,
      device.firmware,
      device.user ?? '-',
      device.lastResult?.outcome === 'failed' ? `${device.state}; last update failed: ${device.lastResult.reason ?? ''}` : device.state,
      device.warnings.join(' | ') || '-',
    ]),
  );
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
