/**
 * phone-emu as a library: the update server, phones, scenarios and the PC for tests of your
 * own (Vitest, Jest, Playwright). The CLI is built on the same functions.
 */
export { startServer, type ServerHandle, type ServerOptions, type TenantInput } from './library/server.js';
export { startPhone, type Expectation, type PhoneEvents, type PhoneFacts, type PhoneHandle, type PhoneOptions } from './library/phone.js';
export { runScenario, runScenarios, type JsonReport, type ScenarioOptions } from './library/scenarios.js';
export { createPc, webSignIn, PcClient, type BrowserResult, type PcOptions, type WebSignInOptions } from './library/pc.js';
export { VirtualClock } from './core/virtual-clock.js';
