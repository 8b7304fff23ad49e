import { readFileSync } from 'node:fs';
import { checkShards, mergeSummaries, parseShardSummary, ShardSummaryError } from '../../fleet/fleet-merge.js';
import { loadProjectData } from '../../profiles/load-data.js';
import { UsageError } from '../fail.js';
import { jsonSummary, printSummary } from './fleet.js';

export interface FleetMergeOptions {
  readonly json: boolean;
}

/**
 * `phone-emu fleet merge FILE...`: the JSON summaries of a fleet's shards (`--shard I/N
 * --json`, run on several machines) as one summary. Every shard once, all of one fleet.
 */
export function fleetMergeCommand(files: readonly string[], options: FleetMergeOptions): void {
  const shards = files.map((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`fleet merge: ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, 1);
    }
    return { file, summary: parsed(file, text) };
  });
  let ordered;
  try {
    ordered = checkShards(shards);
  } catch (error) {
    if (error instanceof ShardSummaryError) throw new UsageError(`fleet merge: ${error.file}: ${error.message}`, 1);
    throw error;
  }
  const summary = mergeSummaries(loadProjectData(), ordered);
  if (options.json) console.log(JSON.stringify(jsonSummary(summary)));
  else printSummary(summary, ordered.length === 1 ? '1 shard' : `${ordered.length} shards`);
  const signInsFailed = summary.signIn !== undefined && summary.signIn.signedIn < summary.phones;
  process.exitCode = summary.failed > 0 || signInsFailed || summary.interrupted ? 1 : 0;
}

function parsed(file: string, text: string) {
  try {
    return parseShardSummary(file, text);
  } catch (error) {
    if (error instanceof ShardSummaryError) throw new UsageError(`fleet merge: ${file}: ${error.message}`, 1);
    throw error;
  }
}
