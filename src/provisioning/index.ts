/** Third-party provisioning: the vendors' own files, read from any HTTP(S) provisioning server. */
export { readProvisioning, macDigits } from './read-provisioning.js';
export { shownUrl } from './http-get.js';
export type { ReadProvisioningOptions, ProvisioningResult, ProvisioningFile, ProvisioningProblem, FileStatus } from './read-provisioning.js';
export type { ModelledValues, SetParameter } from './modelled.js';
export { parsePolycomMaster, parsePolycomConfig, writePolycomConfig, writePolycomMaster } from './polycom.js';
export { parseYealinkConfig, writeYealinkConfig } from './yealink.js';
export { parseAudioCodesConfig, writeAudioCodesConfig } from './audiocodes.js';
export type { Parsed, FileError, Parameter, Entry } from './parsed.js';
