import type { IncomingMessage, ServerResponse } from 'node:http';
import { findBuild } from '../core/catalog.js';
import type { FirmwareBuild, FirmwareFamily } from '../core/firmware-catalog.js';
import { sha256Hex, synthesizeFirmwareImage } from '../core/firmware-image.js';
import type { FirmwareOffer } from '../core/phone-types.js';
import type { DownloadFault, ServerStore } from './store.js';

/** A %-encoded path segment decoded; undefined when its escapes are malformed (`%E0%A4%A`). */
export function decodedSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export const firmwarePath = /^\/firmware\/([^/]+)\/([^/]+)\.bin$/;

/**
 * The image served for a build under a fault. `unbootable` is a mispackaged build: its
 * bytes match the sha256 the server offers, but its header names another family, so the
 * phone's installer refuses it after the reboot and the phone rolls back.
 */
function servedImage(family: string, version: string, fault: DownloadFault): Buffer {
  return fault === 'unbootable' ? synthesizeFirmwareImage(`${family}-mispackaged`, version) : synthesizeFirmwareImage(family, version);
}

/** The offer for a build: where to fetch it and the sha256 to check it against. */
export function offerFor(store: ServerStore, family: FirmwareFamily, build: FirmwareBuild, httpUrl: string): FirmwareOffer {
  const fault = store.downloadFault();
  return {
    version: build.version,
    url: new URL(`firmware/${encodeURIComponent(family.family)}/${encodeURIComponent(build.version)}.bin`, httpUrl).href,
    sha256: fault === 'unbootable' ? sha256Hex(servedImage(family.family, build.version, fault)) : build.sha256,
    sizeBytes: build.sizeBytes,
  };
}

/**
 * GET /firmware/<family>/<version>.bin. Images are looked up in the catalog, never on
 * disk, so no path reaches a file. The download fault can cut the transfer halfway
 * (the socket closes before Content-Length bytes) or corrupt a byte.
 */
export function serveFirmware(store: ServerStore, match: RegExpExecArray, response: ServerResponse, request: IncomingMessage): void {
  const familyName = decodedSegment(match[1]!);
  const version = decodedSegment(match[2]!);
  if (familyName === undefined || version === undefined) {
    response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('bad request: the firmware address has a malformed %-escape\n');
    return;
  }
  const family = store.data.families.get(familyName);
  const build = family && findBuild(family, version);
  if (!family || !build) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(`no firmware ${version} in family ${familyName}\n`);
    return;
  }
  const fault = store.downloadFault();
  const image = Buffer.from(servedImage(family.family, build.version, fault));
  response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': image.length });
  if (fault === 'cut') {
    response.write(image.subarray(0, image.length >> 1), () => request.socket.destroy());
    return;
  }
  if (fault === 'corrupt') image[image.length >> 1]! ^= 0xff;
  response.end(image);
}
