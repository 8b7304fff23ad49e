import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAudioCodesConfig, writeAudioCodesConfig } from '../../src/provisioning/audiocodes.js';
import type { Entry, Parsed } from '../../src/provisioning/parsed.js';
import { parsePolycomConfig, parsePolycomMaster, writePolycomConfig, writePolycomMaster } from '../../src/provisioning/polycom.js';
import { readXmlElements } from '../../src/provisioning/xml-attributes.js';
import { parseYealinkConfig, writeYealinkConfig } from '../../src/provisioning/yealink.js';

/** Every parser returns ok or an error naming the file, a line of it, and a reason; none throws. */
function expectParsedOrRefused(text: string, result: Parsed<unknown>): void {
  if ('ok' in result) return;
  expect(result.error.file).toBe('f.cfg');
  expect(result.error.line).toBeGreaterThanOrEqual(1);
  expect(result.error.line).toBeLessThanOrEqual(text.split('\n').length);
  expect(result.error.reason.length).toBeGreaterThan(0);
}

/** Text that looks like the files: their own characters, often, and anything, sometimes. */
const fileLike = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'<>/="\'&;#!?-[] \n\r\tabcAPLICTONxml.:01'.split('')), maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

const segment = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}$/);
const polycomName = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('.')).filter((name) => !name.startsWith('xmlns') && !name.startsWith('xsi'));
const anyValue = fc.string({ unit: 'binary', maxLength: 40 });

/** What a key = value file writes on a line: no line ends, nothing to trim. */
const lineValue = fc.string({ unit: 'binary', maxLength: 40 }).map((value) => value.replace(/[\r\n]/g, '').trim());
const keyName = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_./:-]{0,30}$/);

const asMap = (entries: readonly Entry[]) => new Map(entries.flatMap((entry) => (entry.kind === 'parameter' ? [[entry.name, entry.value] as const] : [])));

describe('the provisioning parsers never throw', () => {
  it('XML: ok, or file, line and reason', () => {
    fc.assert(fc.property(fileLike, (text) => expectParsedOrRefused(text, readXmlElements(text, 'f.cfg'))), { numRuns: 2000 });
  });

  it('Polycom master and config files', () => {
    fc.assert(
      fc.property(fileLike, (text) => {
        expectParsedOrRefused(text, parsePolycomMaster(text, 'f.cfg'));
        expectParsedOrRefused(text, parsePolycomConfig(text, 'f.cfg'));
      }),
      { numRuns: 1000 },
    );
  });

  it('Yealink and AudioCodes files', () => {
    const headed = fc.oneof(fileLike, fileLike.map((text) => `#!version:1.0.0.1\n${text}`));
    fc.assert(
      fc.property(headed, (text) => {
        expectParsedOrRefused(text, parseYealinkConfig(text, 'f.cfg'));
        expectParsedOrRefused(text, parseAudioCodesConfig(text, 'f.cfg'));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('a written file reads back as the parameters it was written from', () => {
  it('Polycom config file: any values, entities and line ends included', () => {
    fc.assert(
      fc.property(fc.dictionary(polycomName, anyValue, { maxKeys: 20 }), (parameters) => {
        const read = parsePolycomConfig(writePolycomConfig(Object.entries(parameters)), 'f.cfg');
        if (!('ok' in read)) throw new Error(read.error.reason);
        expect(new Map(read.ok.map((parameter) => [parameter.name, parameter.value]))).toEqual(new Map(Object.entries(parameters)));
      }),
      { numRuns: 500 },
    );
  });

  it('Polycom master file: the firmware path and CONFIG_FILES in order', () => {
    const fileName = fc.stringMatching(/^[A-Za-z0-9_.\/[\]-]{1,20}$/);
    fc.assert(
      fc.property(fc.option(fileName, { nil: undefined }), fc.array(fileName, { maxLength: 6 }), (appFilePath, configFiles) => {
        const read = parsePolycomMaster(writePolycomMaster({ ...(appFilePath === undefined ? {} : { appFilePath }), configFiles }), 'f.cfg');
        if (!('ok' in read)) throw new Error(read.error.reason);
        expect(read.ok.appFilePath?.value).toBe(appFilePath);
        expect(read.ok.configFiles).toEqual(configFiles);
      }),
      { numRuns: 300 },
    );
  });

  it('Yealink file', () => {
    const yealinkKey = keyName.filter((key) => !key.startsWith('include:config'));
    fc.assert(
      fc.property(fc.dictionary(yealinkKey, lineValue, { maxKeys: 20 }), (parameters) => {
        const read = parseYealinkConfig(writeYealinkConfig(Object.entries(parameters)), 'f.cfg');
        if (!('ok' in read)) throw new Error(read.error.reason);
        expect(asMap(read.ok)).toEqual(new Map(Object.entries(parameters)));
      }),
      { numRuns: 500 },
    );
  });

  it('AudioCodes file', () => {
    fc.assert(
      fc.property(fc.dictionary(keyName, lineValue, { maxKeys: 20 }), (parameters) => {
        const read = parseAudioCodesConfig(writeAudioCodesConfig(Object.entries(parameters)), 'f.cfg');
        if (!('ok' in read)) throw new Error(read.error.reason);
        expect(asMap(read.ok)).toEqual(new Map(Object.entries(parameters)));
      }),
      { numRuns: 500 },
    );
  });

  it('includes come back where they were written, before the parameters', () => {
    const url = fc.stringMatching(/^[a-z0-9/._-]{1,20}\.cfg$/);
    fc.assert(
      fc.property(fc.array(url, { maxLength: 4 }), (includes) => {
        for (const read of [parseYealinkConfig(writeYealinkConfig([['a.b', '1']], includes), 'f.cfg'), parseAudioCodesConfig(writeAudioCodesConfig([['a/b', '1']], includes), 'f.cfg')]) {
          if (!('ok' in read)) throw new Error(read.error.reason);
          expect(read.ok.filter((entry) => entry.kind === 'include').map((entry) => entry.url)).toEqual(includes);
          expect(read.ok.at(-1)?.kind).toBe('parameter');
        }
      }),
      { numRuns: 200 },
    );
  });
});
