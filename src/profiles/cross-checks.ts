import { firmwareViews, type DeviceProfile } from '../core/device-profile.js';
import { synthesizeFirmwareImage, sha256Hex } from '../core/firmware-image.js';
import type { FirmwareFamily } from '../core/firmware-catalog.js';
import { allPaths, nodeAt } from '../core/menu.js';
import { isMessageKey, locales, messageKeysStartingWith, translate } from '../core/messages/index.js';
import { softkeyLabelLines, softkeyLabelWidth } from '../core/softkey-labels.js';
import { compareVersions, parseVersion, sameVersionLine } from '../core/version.js';
import type { DataProblem } from './data-error.js';

type FieldProblem = Omit<DataProblem, 'file'>;

/** What the schema cannot say about a family: versions in the vendor's scheme, no duplicates, true hashes. */
export function validateFamily(family: FirmwareFamily): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const minimum = parseVersion(family.versionScheme, family.onlineMinimum);
  if (typeof minimum === 'string') problems.push({ field: 'onlineMinimum', problem: minimum });
  if (family.versionScheme !== family.vendor) {
    problems.push({ field: 'versionScheme', problem: `a ${family.vendor} family reads versions with the ${family.vendor} scheme` });
  }
  const seen: string[] = [];
  family.builds.forEach((build, index) => {
    const parsed = parseVersion(family.versionScheme, build.version);
    if (typeof parsed === 'string') {
      problems.push({ field: `builds[${index}].version`, problem: parsed });
      return;
    }
    if (seen.some((other) => compareVersions(family.versionScheme, other, build.version) === 0)) {
      problems.push({ field: `builds[${index}].version`, problem: `${build.version} is listed twice` });
    }
    seen.push(build.version);
    if (typeof minimum !== 'string' && !sameVersionLine(family.versionScheme, build.version, family.onlineMinimum)) {
      problems.push({
        field: `builds[${index}].version`,
        problem: `${build.version} is not on the line of onlineMinimum ${family.onlineMinimum}: one family per model line`,
      });
    }
    const actual = sha256Hex(synthesizeFirmwareImage(family.family, build.version));
    if (build.sha256 !== actual) {
      problems.push({
        field: `builds[${index}].sha256`,
        problem: `does not match the image the server serves for ${build.version} (its sha256 is ${actual})`,
      });
    }
  });
  return problems;
}

/** What the schema cannot say about a profile: its family exists, its firmware path leads to the version. */
export function validateProfile(profile: DeviceProfile, families: ReadonlyMap<string, FirmwareFamily>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const family = families.get(profile.firmwareFamily);
  if (!family) {
    problems.push({
      field: 'firmwareFamily',
      problem: `"${profile.firmwareFamily}" is not in firmware-catalog/ (known: ${[...families.keys()].join(', ') || 'none'})`,
    });
  } else if (family.vendor !== profile.vendor) {
    problems.push({ field: 'firmwareFamily', problem: `"${family.family}" is a ${family.vendor} family, not ${profile.vendor}` });
  }
  const firmwareView = nodeAt(profile.menu, profile.firmwarePath)?.view;
  if (firmwareView === undefined || !firmwareViews.includes(firmwareView)) {
    problems.push({
      field: 'firmwarePath',
      problem: `${profile.firmwarePath.join(' > ')} does not lead to a view that shows the firmware (${firmwareViews.join(' or ')}) in menu`,
    });
  }
  if (profile.menuKeys.length === 0 && profile.idleSoftkeys.length === 0) {
    problems.push({ field: 'menuKeys', problem: 'nothing opens the menu: give menuKeys or idleSoftkeys' });
  }
  for (const [method, label] of Object.entries(profile.signIn.labels)) {
    if (!isMessageKey(`signIn.method.${label}`)) {
      problems.push({ field: `signIn.labels.${method}`, problem: `no message "signIn.method.${label}" in src/core/messages` });
    }
  }
  profile.idleSoftkeys.forEach((key, index) => {
    if (key.opens.length > 0 && !nodeAt(profile.menu, key.opens)) {
      problems.push({ field: `idleSoftkeys[${index}].opens`, problem: `${key.opens.join(' > ')} is not a node of menu` });
    }
    if (!isMessageKey(`softkey.${key.id}`)) {
      problems.push({ field: `idleSoftkeys[${index}].id`, problem: `no message "softkey.${key.id}" in src/core/messages` });
    }
    if (profile.idleSoftkeys.findIndex((other) => other.id === key.id) !== index) {
      problems.push({ field: `idleSoftkeys[${index}].id`, problem: `"${key.id}" appears twice` });
    }
  });
  const labelWidth = softkeyLabelWidth(profile.display, profile.softkeys);
  for (const locale of locales) {
    for (const key of messageKeysStartingWith('softkey.')) {
      const label = translate(locale, key);
      if (softkeyLabelLines(label, labelWidth, profile.softkeyLabelLines) === null) {
        problems.push({
          field: 'softkeyLabelLines',
          problem: `the ${locale} label "${label}" needs more than ${profile.softkeyLabelLines} line(s) of ${labelWidth} characters`,
        });
      }
    }
  }
  if (profile.idleSoftkeys.length + (profile.update.onDemandSoftkey ? 1 : 0) > profile.softkeys) {
    problems.push({ field: 'idleSoftkeys', problem: `more idle softkeys than the ${profile.softkeys} the screen shows` });
  }
  for (const [name, boundary] of Object.entries(profile.quirks)) {
    const parsed = family && boundary !== undefined ? parseVersion(family.versionScheme, boundary) : undefined;
    if (typeof parsed === 'string') problems.push({ field: `quirks.${name}`, problem: parsed });
  }
  const ids = new Set<string>();
  for (const path of allPaths(profile.menu)) {
    const id = path[path.length - 1]!;
    if (!isMessageKey(`menu.${id}`)) {
      problems.push({ field: `menu (${path.join(' > ')})`, problem: `no message "menu.${id}" in src/core/messages` });
    }
    const siblingsKey = path.join('/');
    if (ids.has(siblingsKey)) problems.push({ field: `menu (${path.join(' > ')})`, problem: `"${id}" appears twice at one level` });
    ids.add(siblingsKey);
  }
  return problems;
}
