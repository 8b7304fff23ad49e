import type { MessageKey } from './en-US.js';

/** The fr-FR edition, worded as the French guide words the same screens. */
export const frFR: Record<MessageKey, string> = {
  'menu.settings': 'Paramètres',
  'menu.basic': 'De base',
  'menu.advanced': 'Avancé',
  'menu.status': 'Statut',
  'menu.platform': 'Plate-forme',
  'menu.phone': 'Téléphone',
  'menu.application': 'Application',
  'menu.main': 'Principal',
  'menu.configuration': 'Configuration',
  'menu.network': 'Réseau',
  'menu.diagnostics': 'Diagnostics',
  'menu.directories': 'Annuaires',
  'menu.features': 'Fonctionnalités',
  'menu.history': 'Historique',
  'menu.directory': 'Annuaire',
  'menu.deviceStatus': "Statut de l'appareil",
  'menu.networkStatus': 'Statut du réseau',
  'menu.firmwareVersion': 'Version du microprogramme',
  'menu.phoneInfo': 'Infos téléphone',
  'menu.deviceSecurity': "Sécurité de l'appareil",
  'menu.language': 'Langue',
  'menu.administration': 'Administration',
  'menu.ringtones': 'Sonneries',
  'menu.systemInformation': 'Informations système',

  'title.home': 'Accueil',
  'idle.notSignedIn': 'Non connecté',
  'idle.updateAvailable': 'Mise à jour {version} disponible',
  'idle.updateWhenIdle': 'Installée quand le téléphone est inactif',

  'view.firmware.version': 'Version : {version}',
  'view.firmware.previous': 'Précédente : {version}',
  'view.firmware.none': 'aucune',
  'view.firmware.family': 'Famille : {family}',
  'view.phone.model': 'Modèle : {model}',
  'view.phone.mac': 'MAC : {mac}',
  'view.phone.serial': 'N° de série : {serial}',
  'view.summary.firmware': 'Microprogramme : {version}',
  'view.network.server': 'Serveur de mise à jour : {state}',
  'view.notEmulated': 'Non émulé',

  'softkey.update': 'Mettre à jour',
  'softkey.postpone': 'Reporter',
  'softkey.swUpdate': 'SwUpdate',
  'softkey.back': 'Retour',
  'softkey.status': 'Statut',
  'softkey.menu': 'Menu',

  'update.offer.title': 'Mise à jour logicielle',
  'update.offer.body': 'La version {version} est disponible.',
  'update.offer.question': 'Mettre à jour maintenant ?',
  'update.downloading': 'Téléchargement de {version}',
  'update.installing': 'Installation de {version}',
  'update.doNotPowerOff': 'Ne pas éteindre le téléphone.',
  'update.checking': 'Recherche de mises à jour...',
  'update.rollingBack': "{version} n'a pas démarré : {reason}",
  'update.restoring': 'Restauration de {firmware}...',

  'boot.starting': 'Démarrage...',
  'boot.restarting': 'Redémarrage...',

  'notice.upToDate': 'Le logiciel est à jour.',
  'notice.updateFailed': 'Échec de la mise à jour : {reason}',
  'notice.offline': 'Pas de connexion au serveur de mise à jour.',
  'notice.updateDisabled': "La mise à jour est désactivée par l'administrateur.",
  'notice.rolledBack': 'Échec de la mise à jour vers {version} ; retour à {firmware}.',

  'warning.updateLoop':
    "Boucle de mise à jour : la mise à jour intégrée installe {inBand}, le serveur d'approvisionnement {server} installe {provisioning}. N'utilisez qu'une seule autorité de mise à jour.",

  'warning.phoneUnprotected':
    "Téléphone non protégé : le code PIN Device-Lock n'a pas été repris par la mise à jour vers {version}.",

  'status.online': 'En ligne',
  'status.offline': 'Hors ligne',
  'status.firmware': 'Microprogramme {version}',
  'status.warnings': '{count} avertissement(s)',
};
