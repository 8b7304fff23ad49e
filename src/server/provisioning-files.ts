import type { ServerResponse } from 'node:http';
import type { ProjectData } from '../profiles/load-data.js';
import { writeAudioCodesConfig, writePolycomMaster, writeYealinkConfig } from '../provisioning/index.js';
import { sendText } from './http-replies.js';
import type { ServerStore } from './store.js';

export const provisioningFilePath = /^\/provisioning\/([^/]+\.cfg)$/;

/**
 * The provisioning stand-in as files (`phone-emu provisioning set VERSION`): under /provisioning/ the
 * server writes, for each family it pushes a build to, the file its vendor's phones fetch naming that
 * build's image, so a phone given `--provisioning http://HOST:PORT/provisioning/` reads it as it would
 * any provisioning server. Polycom: 000000000000.cfg (APP_FILE_PATH); Yealink: y0000000000XX.cfg of
 * each model (static.firmware.url); AudioCodes: <MAC>.cfg under the vendor's prefix
 * (provisioning/firmware/url). Image URLs are relative to the file: they resolve to /firmware/.
 */
export function provisioningFile(store: ServerStore, name: string): string | undefined {
  const data: ProjectData = store.data;
  for (const [family, version] of store.provisioningTargets()) {
    const image = `../firmware/${encodeURIComponent(family)}/${encodeURIComponent(version)}.bin`;
    for (const profile of data.profiles.values()) {
      if (profile.firmwareFamily !== family) continue;
      const provisioning = data.provisioning.get(profile.id);
      if (provisioning?.format === 'polycom-ucs' && name === '000000000000.cfg') return writePolycomMaster({ appFilePath: image, configFiles: [] });
      if (provisioning?.format === 'yealink' && name === `y0000000000${provisioning.commonFileCode}.cfg`) {
        return writeYealinkConfig([['static.firmware.url', image]]);
      }
      if (provisioning?.format === 'audiocodes' && name.toUpperCase().startsWith(profile.macPrefix.replaceAll(':', '')) && /^[0-9A-F]{12}\.cfg$/i.test(name)) {
        return writeAudioCodesConfig([['provisioning/firmware/url', image]]);
      }
    }
  }
  return undefined;
}

/**
 * GET /provisioning/<name>.cfg: the generated file, or a 404 as any provisioning server answers a file it
 * does not have (every name, once `provisioning clear` left no build to pin); returns the status sent.
 */
export function serveProvisioningFile(store: ServerStore, match: RegExpExecArray, response: ServerResponse): 200 | 404 {
  const file = provisioningFile(store, match[1]!);
  if (file === undefined) {
    sendText(response, 404, `not found: /provisioning/${match[1]!}\n`);
    return 404;
  }
  sendText(response, 200, file);
  return 200;
}
