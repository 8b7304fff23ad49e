// fr-FR and en-US, following the browser's language, as the phones follow theirs.
const en = {
  title: 'phone-emu console',
  devices: 'Phones',
  model: 'Model', mac: 'MAC', firmware: 'Firmware', user: 'User', update: 'Update', lock: 'Lock', call: 'Call', pc: 'PC', warnings: 'Warnings',
  offline: 'offline', idle: 'idle', checking: 'checking', offered: 'offered', downloading: 'downloading',
  'lock.off': '', 'lock.creating': 'creating PIN', 'lock.unlocked': 'unlocked', 'lock.locked': 'locked',
  'call.idle': '', 'call.dialing': 'dialing', 'call.ringing': 'ringing', 'call.connected': 'in a call',
  paired: 'paired',
  connected: 'connected', total: 'phones', withWarnings: 'with warnings', testDevices: 'test devices',
  live: 'live', reconnecting: 'reconnecting…', noPhones: 'No phone has connected yet.',
  face: 'Phone', pickPhone: 'Pick a phone in the list to see its screen and drive it.',
  keysHint: 'Keyboard when the screen has focus: digits * #, arrows, Enter, Esc, h Home, m Menu, l Lock, k Hook, q w e r t softkeys, Tab letters in a field',
  notConnected: 'This phone is not connected.',
  waitingScreen: 'Waiting for the phone’s screen…',
  ring: 'Ring', from: 'From',
  policies: 'Policies', value: 'Value', allowed: 'Allowed', save: 'Save', saved: 'Saved',
  firmwareTitle: 'Firmware', family: 'Family', published: 'Published', rule: 'Rule', build: 'Build',
  publish: 'Publish', approve: 'Approve', reset: 'Reset', restore: 'Restore', approved: 'approved', pending: 'pending',
  provisioning: 'Provisioning stand-in', push: 'Push', stop: 'Stop',
  tools: 'Test devices and faults', addTestDevice: 'Add test device', identifier: 'MAC or serial', name: 'Name', add: 'Add',
  faults: 'Download fault', apply: 'Apply',
  chart: 'Phones per firmware', chartEmpty: 'The chart fills as phones report their firmware.',
  token: 'This server has an admin token. Enter it to use the console (kept for this tab only).', tokenLabel: 'Admin token', signIn: 'Use token',
  clock: 'Virtual clock',
};
const fr = {
  title: 'Console phone-emu',
  devices: 'Téléphones',
  model: 'Modèle', mac: 'MAC', firmware: 'Firmware', user: 'Utilisateur', update: 'Mise à jour', lock: 'Verrou', call: 'Appel', pc: 'PC', warnings: 'Alertes',
  offline: 'hors ligne', idle: 'inactif', checking: 'vérification', offered: 'proposée', downloading: 'téléchargement',
  'lock.off': '', 'lock.creating': 'création du PIN', 'lock.unlocked': 'déverrouillé', 'lock.locked': 'verrouillé',
  'call.idle': '', 'call.dialing': 'numérotation', 'call.ringing': 'sonne', 'call.connected': 'en appel',
  paired: 'appairé',
  connected: 'connectés', total: 'téléphones', withWarnings: 'avec alertes', testDevices: 'appareils de test',
  live: 'en direct', reconnecting: 'reconnexion…', noPhones: 'Aucun téléphone connecté pour l’instant.',
  face: 'Téléphone', pickPhone: 'Choisissez un téléphone dans la liste pour voir son écran et le piloter.',
  keysHint: 'Clavier quand l’écran a le focus : chiffres * #, flèches, Entrée, Échap, h Accueil, m Menu, l Verrou, k Combiné, q w e r t touches, Tab lettres dans un champ',
  notConnected: 'Ce téléphone n’est pas connecté.',
  waitingScreen: 'En attente de l’écran du téléphone…',
  ring: 'Appeler', from: 'De',
  policies: 'Stratégies', value: 'Valeur', allowed: 'Valeurs permises', save: 'Enregistrer', saved: 'Enregistré',
  firmwareTitle: 'Firmware', family: 'Famille', published: 'Publiées', rule: 'Règle', build: 'Version',
  publish: 'Publier', approve: 'Approuver', reset: 'Rejeter', restore: 'Restaurer', approved: 'approuvée', pending: 'en attente',
  provisioning: 'Serveur de provisionnement', push: 'Pousser', stop: 'Arrêter',
  tools: 'Appareils de test et pannes', addTestDevice: 'Ajouter un appareil de test', identifier: 'MAC ou numéro de série', name: 'Nom', add: 'Ajouter',
  faults: 'Panne de téléchargement', apply: 'Appliquer',
  chart: 'Téléphones par firmware', chartEmpty: 'Le graphique se remplit à mesure que les téléphones donnent leur firmware.',
  token: 'Ce serveur a un jeton d’administration. Saisissez-le pour utiliser la console (gardé pour cet onglet seulement).', tokenLabel: 'Jeton d’administration', signIn: 'Utiliser le jeton',
  clock: 'Horloge virtuelle',
};

export const locale = (navigator.languages?.[0] ?? navigator.language ?? 'en-US').toLowerCase().startsWith('fr') ? 'fr-FR' : 'en-US';
const table = locale === 'fr-FR' ? fr : en;

/** The word for `key` in the browser's language; the key itself when there is none. */
export const t = (key) => table[key] ?? en[key] ?? key;
