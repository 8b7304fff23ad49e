/** Every string a phone screen shows, in en-US. The keys are the source of truth for other locales. */
export const enUS = {
  'menu.settings': 'Settings',
  'menu.basic': 'Basic',
  'menu.advanced': 'Advanced',
  'menu.status': 'Status',
  'menu.platform': 'Platform',
  'menu.phone': 'Phone',
  'menu.application': 'Application',
  'menu.main': 'Main',
  'menu.configuration': 'Configuration',
  'menu.network': 'Network',
  'menu.diagnostics': 'Diagnostics',
  'menu.directories': 'Directories',

  'title.home': 'Home',
  'idle.notSignedIn': 'Not signed in',
  'idle.updateAvailable': 'Update {version} available',
  'idle.updateWhenIdle': 'It installs when the phone is idle',

  'view.firmware.version': 'Version: {version}',
  'view.firmware.previous': 'Previous: {version}',
  'view.firmware.none': 'none',
  'view.firmware.family': 'Family: {family}',
  'view.phone.model': 'Model: {model}',
  'view.phone.mac': 'MAC: {mac}',
  'view.phone.serial': 'Serial: {serial}',
  'view.network.server': 'Update server: {state}',
  'view.notEmulated': 'Not emulated',

  'softkey.update': 'Update',
  'softkey.postpone': 'Postpone',
  'softkey.swUpdate': 'SwUpdate',
  'softkey.back': 'Back',

  'update.offer.title': 'Software Update',
  'update.offer.body': 'Software version {version} is available.',
  'update.offer.question': 'Update now?',
  'update.downloading': 'Downloading {version}',
  'update.installing': 'Installing {version}',
  'update.doNotPowerOff': 'Do not power off the phone.',
  'update.checking': 'Checking for updates...',
  'update.rollingBack': '{version} did not start: {reason}',
  'update.restoring': 'Restoring {firmware}...',

  'boot.starting': 'Starting...',
  'boot.restarting': 'Restarting...',

  'notice.upToDate': 'The software is up to date.',
  'notice.updateFailed': 'Update failed: {reason}',
  'notice.offline': 'No connection to the update server.',
  'notice.updateDisabled': 'Device update is turned off by your administrator.',
  'notice.rolledBack': 'Update to {version} failed; back on {firmware}.',

  'warning.updateLoop':
    'Update loop: in-band device update installs {inBand}, the provisioning server {server} installs {provisioning}. Use a single update authority.',

  'status.online': 'Online',
  'status.offline': 'Offline',
} as const;

export type MessageKey = keyof typeof enUS;
