import type { Locale } from '../../core/messages/index.js';

/**
 * Every string the web sign-in pages show, in en-US; the keys are the source of truth for
 * fr-FR (test/server/sign-in-messages.test.ts checks both have the same keys and parameters).
 * The pages keep their own catalog: the phone's (core/messages) holds what fits on a phone screen.
 * "{manufacturer} Skype for Business Certified Phone" is the name of the application being
 * signed in to, as the service registers it: a name, not translated.
 */
const enUS = {
  'page.language': 'en-US',
  'user.title': 'Sign in',
  'user.label': 'Skype for Business user name',
  'user.placeholder': 'someone@example.com',
  'user.next': 'Next',
  'user.empty': 'Enter your user name.',
  'user.unknown': 'We couldn\'t find an account with the user name "{user}". Check it and try again.',
  'code.title': 'Enter code',
  'code.intro': 'Enter the code displayed on your phone.',
  'code.signingInAs': 'Signing in as {user}',
  'code.label': 'Code',
  'code.next': 'Next',
  'code.missing': 'Enter the code shown on your phone.',
  'code.wrong': "That code didn't work. Check the code on your phone and try again.",
  'code.expired': 'That code has expired: a code lasts {minutes} minutes. Get a new code on your phone, then enter it here.',
  'code.tooMany': 'Too many wrong codes. Try again in {minutes} minutes.',
  'code.tooManyOne': 'Too many wrong codes. Try again in 1 minute.',
  'confirm.title': 'Are you trying to sign in?',
  'confirm.intro': 'You are signing in to',
  'confirm.product': '{manufacturer} Skype for Business Certified Phone',
  'confirm.warning': 'Only continue if you started this sign-in on your phone.',
  'confirm.continue': 'Continue',
  'account.title': 'Pick an account',
  'account.another': 'Use another account',
  'password.title': 'Enter password',
  'password.userLabel': 'User name',
  'password.label': 'Password',
  'password.signIn': 'Sign in',
  'password.incorrect': 'Your account or password is incorrect.',
  'password.lockedOut': 'Your account is locked: too many failed sign-ins. Try again later.',
  'done.title': 'You are signed in',
  'done.text': 'You have signed in to the {device} on your device.',
  'done.close': 'You can now close this browser window.',
  'done.unknownDevice': 'phone',
  'expired.title': 'The code has expired',
  'expired.text': 'A code lasts {minutes} minutes. Get a new code on your phone, then start again.',
  'refused.title': 'Your phone was not signed in',
  'refused.noPhoneSystem': '{user} has no Phone System licence, which a phone needs to sign in. Ask your administrator for one, or get a new code on your phone and use another account.',
  'refused.belowOnlineMinimum': "The phone's firmware is older than Skype for Business Online accepts. Update the phone, then sign in again.",
  'refused.notOffered': "Web sign-in is not available on this phone in your organization's deployment. Sign in on the phone another way.",
  'refused.other': 'Your phone shows why. Get a new code on it, then start again.',
  'offline.title': 'Your phone is not connected',
  'offline.text': 'Check that it is on the network, get a new code on the phone, and start again.',
  'ended.title': 'This sign-in has ended',
  'ended.text': 'Start again from the sign-in page.',
  'notAllowed.title': 'Not allowed',
  'notFound.title': 'Not found',
  'restart.text': 'Start again from the sign-in page.',
  'badRequest.title': 'Bad request',
  'badRequest.form': 'The form could not be read. Start again.',
  'badRequest.escape': 'The address or the form could not be read: each "%" must be followed by two hexadecimal digits that spell UTF-8 text. Start again from the sign-in page.',
  'restart.link': 'Sign in',
} as const;

export type PageKey = keyof typeof enUS;

const frFR: Record<PageKey, string> = {
  'page.language': 'fr-FR',
  'user.title': 'Connexion',
  'user.label': "Nom d'utilisateur Skype for Business",
  'user.placeholder': 'quelquun@exemple.com',
  'user.next': 'Suivant',
  'user.empty': "Entrez votre nom d'utilisateur.",
  'user.unknown': 'Aucun compte ne porte le nom d\'utilisateur « {user} ». Vérifiez-le et réessayez.',
  'code.title': 'Entrer le code',
  'code.intro': 'Entrez le code affiché sur votre téléphone.',
  'code.signingInAs': 'Connexion en tant que {user}',
  'code.label': 'Code',
  'code.next': 'Suivant',
  'code.missing': 'Entrez le code affiché sur votre téléphone.',
  'code.wrong': "Ce code n'a pas fonctionné. Vérifiez le code affiché sur votre téléphone et réessayez.",
  'code.expired': 'Ce code a expiré : un code dure {minutes} minutes. Demandez un nouveau code sur votre téléphone, puis entrez-le ici.',
  'code.tooMany': 'Trop de codes erronés. Réessayez dans {minutes} minutes.',
  'code.tooManyOne': 'Trop de codes erronés. Réessayez dans 1 minute.',
  'confirm.title': 'Essayez-vous de vous connecter ?',
  'confirm.intro': 'Vous vous connectez à',
  'confirm.product': '{manufacturer} Skype for Business Certified Phone',
  'confirm.warning': 'Ne continuez que si vous avez lancé cette connexion sur votre téléphone.',
  'confirm.continue': 'Continuer',
  'account.title': 'Choisir un compte',
  'account.another': 'Utiliser un autre compte',
  'password.title': 'Entrer le mot de passe',
  'password.userLabel': "Nom d'utilisateur",
  'password.label': 'Mot de passe',
  'password.signIn': 'Se connecter',
  'password.incorrect': 'Votre compte ou votre mot de passe est incorrect.',
  'password.lockedOut': 'Votre compte est verrouillé : trop de connexions ont échoué. Réessayez plus tard.',
  'done.title': 'Vous êtes connecté',
  'done.text': 'Vous vous êtes connecté au {device} sur votre appareil.',
  'done.close': 'Vous pouvez maintenant fermer cette fenêtre du navigateur.',
  'done.unknownDevice': 'téléphone',
  'expired.title': 'Le code a expiré',
  'expired.text': 'Un code dure {minutes} minutes. Demandez un nouveau code sur votre téléphone, puis recommencez.',
  'refused.title': "Votre téléphone n'a pas été connecté",
  'refused.noPhoneSystem': "{user} n'a pas de licence Système téléphonique, nécessaire pour se connecter sur un téléphone. Demandez-en une à votre administrateur, ou demandez un nouveau code sur votre téléphone et utilisez un autre compte.",
  'refused.belowOnlineMinimum': 'Le firmware du téléphone est plus ancien que ce que Skype for Business Online accepte. Mettez le téléphone à jour, puis reconnectez-vous.',
  'refused.notOffered': "La connexion web n'est pas disponible sur ce téléphone dans le déploiement de votre organisation. Connectez-vous autrement sur le téléphone.",
  'refused.other': 'Votre téléphone en indique la raison. Demandez-y un nouveau code, puis recommencez.',
  'offline.title': "Votre téléphone n'est pas connecté",
  'offline.text': 'Vérifiez qu\'il est sur le réseau, demandez un nouveau code sur le téléphone et recommencez.',
  'ended.title': 'Cette connexion est terminée',
  'ended.text': 'Recommencez depuis la page de connexion.',
  'notAllowed.title': 'Non autorisé',
  'notFound.title': 'Introuvable',
  'restart.text': 'Recommencez depuis la page de connexion.',
  'badRequest.title': 'Requête incorrecte',
  'badRequest.form': "Le formulaire n'a pas pu être lu. Recommencez.",
  'badRequest.escape': "L'adresse ou le formulaire n'a pas pu être lu : chaque « % » doit être suivi de deux chiffres hexadécimaux qui forment du texte UTF-8. Recommencez depuis la page de connexion.",
  'restart.link': 'Connexion',
};

export const pageCatalogs: Readonly<Record<Locale, Readonly<Record<PageKey, string>>>> = { 'en-US': enUS, 'fr-FR': frFR };

export type PageText = (key: PageKey, params?: Readonly<Record<string, string | number>>) => string;

/** The pages' strings in one language; `{name}` takes the parameter of that name (unescaped: the HTML side escapes). */
export function pageText(locale: Locale): PageText {
  const catalog = pageCatalogs[locale];
  return (key, params = {}) => catalog[key].replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}
