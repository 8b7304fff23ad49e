import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { z } from 'zod';
import { DataError, fieldPath } from '../profiles/data-error.js';

/** A state file that cannot be restored: names the file and the field, and nothing starts. */
export class StateFileError extends DataError {
  constructor(file: string, field: string, problem: string) {
    super([{ file, field, problem }]);
    this.name = 'StateFileError';
  }
}

let written = 0;

const tempPrefix = (file: string) => `.${basename(file)}.`;

/**
 * Replaces `file` with `text` so that a kill at any moment leaves either the old file or the
 * new one, never a torn one: the text goes to a temporary file in the same folder, is flushed
 * to disk (fsync), then renamed over the old file (atomic on POSIX), and the folder is flushed
 * so the rename itself lasts. The file is readable by its owner only: it may hold hashes.
 */
export function writeFileAtomic(file: string, text: string): void {
  const temp = join(dirname(file), `${tempPrefix(file)}${process.pid}.${(written += 1)}.tmp`);
  try {
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  syncFolder(dirname(file));
}

function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse to fsync a folder; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Temporary files a killed writer left behind: they never hold the state, so they go. A live writer's stay. */
function sweepTempFiles(file: string): void {
  const dir = dirname(file);
  const prefix = tempPrefix(file);
  for (const name of readdirSync(dir)) {
    const pid = Number(/^(\d+)\.\d+\.tmp$/.exec(name.slice(prefix.length))?.[1]);
    if (name.startsWith(prefix) && pid > 0 && !isRunning(pid)) rmSync(join(dir, name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Reads and validates a state file written by writeFileAtomic; undefined when there is none
 * yet (the first run). A StateFileError names the file and the field in trouble.
 */
export function readStateFile<T>(file: string, schema: z.ZodType<T>): T | undefined {
  if (!existsSync(dirname(file))) throw new StateFileError(file, '', `the folder ${dirname(file)} does not exist`);
  sweepTempFiles(file);
  if (!existsSync(file)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new StateFileError(file, '', `not a state file (not JSON: ${(error as Error).message})`);
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new StateFileError(file, fieldPath(issue.path), issue.message);
}

/** The text a state file holds: stable key order from the object, one field a line. */
export const stateText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
