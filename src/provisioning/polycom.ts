import type { Parameter, Parsed } from './parsed.js';
import { escapeAttribute, isXmlName, readXmlElements, type XmlAttribute } from './xml-attributes.js';

/**
 * Polycom UC Software files. The master configuration file (`<mac>.cfg`, else `000000000000.cfg`)
 * is XML with an `APPLICATION` element: `APP_FILE_PATH` names the firmware image and `CONFIG_FILES`
 * the configuration files, comma-separated, read in order; children `APPLICATION_<model>` give
 * model-specific `APP_FILE_PATH_<model>` / `CONFIG_FILES_<model>`. A configuration file is XML whose
 * attributes, anywhere in the tree, are parameters: `<lync lync.deviceUpdate.popUpSK.enabled="1"/>`.
 */

export interface MasterValue {
  readonly value: string;
  readonly line: number;
}

export interface PolycomMaster {
  readonly appFilePath: MasterValue | undefined;
  /** The CONFIG_FILES list as written, split at commas, blanks dropped. */
  readonly configFiles: readonly string[];
  readonly configFilesLine: number | undefined;
  /** Model-specific overrides, by model name (VVX401 for APPLICATION_VVX401). */
  readonly models: ReadonlyMap<string, { readonly appFilePath?: MasterValue; readonly configFiles?: readonly string[] }>;
}

export function parsePolycomMaster(text: string, file: string): Parsed<PolycomMaster> {
  const read = readXmlElements(text, file);
  if ('error' in read) return read;
  const application = read.ok.find((element) => element.name === 'APPLICATION');
  if (!application) return { error: { file, line: 1, reason: 'no APPLICATION element: not a master configuration file' } };
  const attribute = (attributes: readonly XmlAttribute[], name: string) => attributes.find((candidate) => candidate.name === name);
  const valueOf = (found: XmlAttribute | undefined): MasterValue | undefined => (found ? { value: found.value.trim(), line: found.line } : undefined);
  const configFiles = attribute(application.attributes, 'CONFIG_FILES');
  const models = new Map<string, { appFilePath?: MasterValue; configFiles?: readonly string[] }>();
  for (const element of read.ok) {
    const model = /^APPLICATION_([A-Za-z0-9]+)$/.exec(element.name)?.[1];
    if (model === undefined) continue;
    const appFilePath = valueOf(attribute(element.attributes, `APP_FILE_PATH_${model}`));
    const files = attribute(element.attributes, `CONFIG_FILES_${model}`);
    models.set(model, { ...(appFilePath ? { appFilePath } : {}), ...(files ? { configFiles: fileList(files.value) } : {}) });
  }
  return {
    ok: {
      appFilePath: valueOf(attribute(application.attributes, 'APP_FILE_PATH')),
      configFiles: configFiles ? fileList(configFiles.value) : [],
      configFilesLine: configFiles?.line,
      models,
    },
  };
}

function fileList(value: string): string[] {
  return value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/** Namespace declarations and schema hints are XML's, not the phone's parameters. */
function isParameterName(name: string): boolean {
  return name !== 'xmlns' && !name.startsWith('xmlns:') && !name.startsWith('xsi:');
}

/** Every parameter of a configuration file in document order (a name given twice: both are returned). */
export function parsePolycomConfig(text: string, file: string): Parsed<readonly Parameter[]> {
  const read = readXmlElements(text, file);
  if ('error' in read) return read;
  if (read.ok.some((element) => element.name === 'APPLICATION' && element.depth === 0)) {
    return { error: { file, line: read.ok[0]!.line, reason: 'a master configuration file (APPLICATION) listed as a configuration file' } };
  }
  return {
    ok: read.ok.flatMap((element) =>
      element.attributes.filter((attribute) => isParameterName(attribute.name)).map(({ name, value, line }) => ({ name, value, line })),
    ),
  };
}

/** A configuration file setting these parameters, grouped by their first name segment as Polycom's templates are. */
export function writePolycomConfig(parameters: Iterable<readonly [string, string]>): string {
  const groups = new Map<string, [string, string][]>();
  for (const [name, value] of parameters) {
    if (!isXmlName(name) || !isParameterName(name)) throw new Error(`phone-emu: "${name}" cannot be a Polycom parameter name (an XML attribute name)`);
    const head = name.split('.')[0]!;
    const group = isXmlName(head) ? head : 'parameters';
    groups.set(group, [...(groups.get(group) ?? []), [name, value]]);
  }
  const elements = [...groups].map(([group, members]) => {
    const unique = new Map(members);
    return `  <${group}\n${[...unique].map(([name, value]) => `    ${name}="${escapeAttribute(value)}"`).join('\n')}\n  />`;
  });
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<polycomConfig>\n${elements.join('\n')}\n</polycomConfig>\n`;
}

/** A master configuration file naming the firmware image and the configuration files. */
export function writePolycomMaster(master: { readonly appFilePath?: string; readonly configFiles: readonly string[] }): string {
  const app = master.appFilePath === undefined ? '' : ` APP_FILE_PATH="${escapeAttribute(master.appFilePath)}"`;
  return (
    `<?xml version="1.0" standalone="yes"?>\n<!-- Master configuration file written by phone-emu -->\n` +
    `<APPLICATION${app} CONFIG_FILES="${escapeAttribute(master.configFiles.join(', '))}" MISC_FILES="" LOG_FILE_DIRECTORY="" OVERRIDES_DIRECTORY="" CONTACTS_DIRECTORY=""/>\n`
  );
}
