import { createHash, hash } from 'node:crypto';

/**
 * The bytes the mock server serves for a build. Real images are tens of megabytes;
 * ours are small and derived from the family and version, so the catalog's sha256
 * is checkable without shipping binaries. The declared size drives download time.
 */
const imageBytes = 16 * 1024;

const cache = new Map<string, Buffer>();

/** The image of a build, made once per process: a fleet downloads the same build thousands of times. */
export function synthesizeFirmwareImage(family: string, version: string): Buffer {
  const key = `${family}/${version}`;
  let image = cache.get(key);
  if (!image) {
    image = synthesize(family, version);
    cache.set(key, image);
  }
  return image;
}

function synthesize(family: string, version: string): Buffer {
  const blocks: Buffer[] = [Buffer.from(`PHONE-EMU FIRMWARE ${family} ${version}\n`)];
  let seed = createHash('sha256').update(`${family}/${version}`).digest();
  let length = blocks[0]!.length;
  while (length < imageBytes) {
    blocks.push(seed);
    length += seed.length;
    // The one-shot hash: a third of the time of a Hash object per 32-byte block.
    seed = hash('sha256', seed, 'buffer');
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
