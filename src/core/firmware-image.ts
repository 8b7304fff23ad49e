import { createHash } from 'node:crypto';

/**
 * The bytes the mock server serves for a build. Real images are tens of megabytes;
 * ours are small and derived from the family and version, so the catalog's sha256
 * is checkable without shipping binaries. The declared size drives download time.
 */
const imageBytes = 16 * 1024;

export function synthesizeFirmwareImage(family: string, version: string): Buffer {
  const blocks: Buffer[] = [Buffer.from(`PHONE-EMU FIRMWARE ${family} ${version}\n`)];
  let seed = createHash('sha256').update(`${family}/${version}`).digest();
  let length = blocks[0]!.length;
  while (length < imageBytes) {
    blocks.push(seed);
    length += seed.length;
    seed = createHash('sha256').update(seed).digest();
  }
  return Buffer.concat(blocks).subarray(0, imageBytes);
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const headerPattern = /^PHONE-EMU FIRMWARE (\S+) (\S+)\n/;

/** What an image says it is, from its first line, as a phone's installer reads it before flashing. */
export interface ImageHeader {
  readonly family: string;
  readonly version: string;
}

export function readImageHeader(bytes: Uint8Array): ImageHeader | undefined {
  const match = headerPattern.exec(Buffer.from(bytes.subarray(0, 200)).toString('latin1'));
  return match ? { family: match[1]!, version: match[2]! } : undefined;
}
