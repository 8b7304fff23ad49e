/**
 * The commands that draw a phone in the terminal, in a bundle of their own (dist/bundle/tui.js):
 * Ink awaits at the top of its modules, which a CommonJS script (dist/bundle/cli.cjs, the rest
 * of the CLI) cannot hold. This bundle has its own copies of the modules both use, so it turns
 * on its own copy of the data cache as the CLI does (src/cli/main.ts).
 */
import { enableDataCache } from '../profiles/data-cache.js';

enableDataCache();

export { startCommand } from './commands/start.js';
export { phoneCommand } from './commands/phone.js';
