import type { Plugin } from 'esbuild';

export const inkDevtoolsAbsent: Plugin;
export const zodEnglishOnly: Plugin;
export const keptAcrossFrames: Plugin;
export const frameOnKey: Plugin;
