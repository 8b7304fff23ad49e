import { z } from 'zod';
import { resolveBuild } from '../core/catalog.js';
import { signInMethods } from '../core/device-profile.js';
import { isSecretHash } from '../core/secret-hash.js';
import { deploymentSchema, tenantUserSchema } from '../core/tenant.js';
import { policySchema } from '../protocol/frames.js';
import type { ProjectData } from '../profiles/load-data.js';
import { readStateFile, StateFileError, stateText, writeFileAtomic } from '../state/state-file.js';
import type { IdentityService, SavedSession } from './identity/identity-service.js';
import type { DirectoryTenant } from './identity/tenant-directory.js';
import { deployments, testDeviceTypes, type ServerStore, type StoreState } from './store.js';

/**
 * The update server's state file (`phone-emu server --state FILE`): the tenant (secrets as
 * hashes), policies, publications and on-premises rules, test devices, provisioning targets,
 * the device list and the sign-in sessions (tokens as hashes). A restarted server with the
 * same file offers the same builds and resumes the same sessions.
 */
export const serverStateFormat = 'phone-emu server state';

const secretHash = z.string().refine(isSecretHash, 'a salted scrypt hash written by phone-emu (scrypt$ln=...)');
const version = z.string().min(1).max(64);
const familyRecord = <T extends z.ZodType>(value: T) => z.record(z.string().min(1), value);

const directoryTenantSchema = z.strictObject({
  deployment: deploymentSchema,
  users: z.array(tenantUserSchema.omit({ password: true, pin: true }).extend({ passwordHash: secretHash, pinHash: secretHash.optional() })),
  emergencyNumbers: z.array(z.string().regex(/^\d{2,6}$/)).min(1),
});

const deviceRecordSchema = z.strictObject({
  model: z.string().min(1).max(64),
  mac: z.string().min(1).max(32),
  serial: z.string().min(1).max(64),
  firmware: version,
  connected: z.boolean(),
  user: z.string().max(256).nullable(),
  update: z.string().max(32),
  warnings: z.array(z.string().max(500)),
  installed: z.array(version),
  lastResult: z
    .strictObject({ version, outcome: z.enum(['installed', 'failed']), previous: version.optional(), reason: z.string().max(500).optional() })
    .nullable(),
});

export const serverStateSchema = z.strictObject({
  format: z.literal(serverStateFormat),
  version: z.literal(1),
  deployment: z.enum(deployments),
  tenant: directoryTenantSchema,
  policy: policySchema,
  published: familyRecord(z.array(version)),
  rules: familyRecord(
    z.strictObject({ approved: version.nullable(), pending: version.nullable(), restore: version.nullable(), withdrawn: version.nullable().optional() }),
  ),
  testDevices: z.array(z.strictObject({ name: z.string().min(1).max(64), type: z.enum(testDeviceTypes), identifier: z.string().min(1).max(64) })),
  provisioning: familyRecord(version),
  devices: z.array(deviceRecordSchema),
  sessions: z.array(z.strictObject({ tokenHash: z.string().regex(/^[0-9a-f]{64}$/), upn: z.string().min(1).max(256), method: z.enum(signInMethods) })),
});

export interface SavedServer extends StoreState {
  readonly tenant: DirectoryTenant;
  readonly sessions: readonly SavedSession[];
}

/** Reads a server state file; undefined when there is none yet. Builds it names must be in today's catalog. */
export function loadServerState(file: string, data: ProjectData): SavedServer | undefined {
  const saved = readStateFile(file, serverStateSchema);
  if (!saved) return undefined;
  const { format: _format, version: _version, ...state } = saved;
  const check = (field: string, family: string, versions: readonly (string | null)[]) => {
    const known = data.families.get(family);
    if (!known) throw new StateFileError(file, field, `"${family}" is not a firmware family of firmware-catalog/`);
    for (const build of versions) {
      const found = build === null ? undefined : resolveBuild(known, build);
      if (typeof found === 'string') throw new StateFileError(file, field, found);
    }
  };
  for (const [family, versions] of Object.entries(state.published)) check(`published.${family}`, family, versions);
  for (const [family, rule] of Object.entries(state.rules)) check(`rules.${family}`, family, [rule.approved, rule.pending, rule.restore, rule.withdrawn ?? null]);
  for (const [family, build] of Object.entries(state.provisioning)) check(`provisioning.${family}`, family, [build]);
  return state as SavedServer;
}

/** What a server state file holds now. */
function serverState(store: ServerStore, identity: IdentityService) {
  return { format: serverStateFormat, version: 1, ...store.state(), tenant: identity.directory.current(), sessions: identity.sessions() };
}

/** Milliseconds the device list and sessions may wait to be written: phones report themselves again anyway. */
const runtimeDelayMs = 200;

/**
 * Keeps `file` up to date: configuration changes (policies, builds, rules, test devices,
 * provisioning, users) are on disk before the admin API answers; the device list and sessions,
 * which change with every status frame, are written at most every 200 ms.
 */
export function persistServer(
  file: string,
  sources: { readonly store: ServerStore; readonly identity: IdentityService },
  onError: (message: string) => void,
): { flush(): void; close(): void } {
  const { store, identity } = sources;
  let timer: NodeJS.Timeout | undefined;
  let lastText = '';
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const text = stateText(serverState(store, identity));
    if (text === lastText) return;
    try {
      writeFileAtomic(file, text);
      lastText = text;
    } catch (error) {
      // The server keeps serving; the next change tries again.
      onError(`could not write the state file ${file}: ${(error as Error).message}`);
    }
  };
  const later = () => {
    timer ??= setTimeout(flush, runtimeDelayMs);
  };
  const onChange = (kind: 'config' | 'devices') => (kind === 'config' ? flush() : later());
  store.events.on('change', onChange);
  identity.events.on('sessions', later);
  identity.events.on('tenant', flush);
  flush();
  return {
    flush,
    close: () => {
      store.events.off('change', onChange);
      identity.events.off('sessions', later);
      identity.events.off('tenant', flush);
      flush();
    },
  };
}
