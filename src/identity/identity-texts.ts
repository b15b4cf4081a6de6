import type { Lang } from '../engine/types';
import type { RefusalReason } from './citizen-identity';

/** Why an assertion was refused, in words a citizen understands. */
const WHY: Record<Lang, Record<RefusalReason, string>> = {
  it: {
    malformed: 'i dati ricevuti dal portale non sono leggibili',
    signature: 'la firma dei dati ricevuti non è valida',
    expired: 'l’accesso è scaduto',
    too_long: 'l’accesso ha una durata più lunga dei 10 minuti ammessi',
    audience: 'l’accesso era destinato a un altro servizio',
    issuer: 'l’accesso non viene dal portale del Comune',
    claims: 'mancano dati obbligatori',
    fiscal_number: 'il codice fiscale ricevuto non è valido',
    unavailable: 'il servizio che verifica l’accesso non risponde',
    not_configured: 'questo sportello non accetta ancora gli accessi dal portale',
  },
  en: {
    malformed: 'the data received from the portal cannot be read',
    signature: 'the signature of the data received is not valid',
    expired: 'the sign-in has expired',
    too_long: 'the sign-in lasts longer than the 10 minutes allowed',
    audience: 'the sign-in was meant for another service',
    issuer: 'the sign-in does not come from the comune’s portal',
    claims: 'required data is missing',
    fiscal_number: 'the tax code received is not valid',
    unavailable: 'the service that checks the sign-in does not answer',
    not_configured: 'this front desk does not accept sign-ins from the portal yet',
  },
};

/** Identity sentences in each language. */
export const IDENTITY_TEXTS = {
  it: {
    refused:
      'Non ho potuto verificare la tua identità digitale (SPID/CIE) passata dal portale: {why}. Continui senza accesso: per i servizi ti chiederò i dati necessari. Se vuoi, rientra dal portale e riapri la chat.',
    verified:
      '{hello}: hai fatto l’accesso al portale con SPID/CIE. Nei moduli userò i tuoi dati verificati e in «le mie pratiche» trovi le tue richieste, anche fatte da altri dispositivi.',
    hello: 'Ciao, ti ho riconosciuto',
    helloName: 'Ciao {name}, ti ho riconosciuto',
    verifiedTag: 'verificato con SPID/CIE',
    prefilled: 'Ho già inserito i tuoi dati verificati con SPID/CIE: {fields}.',
  },
  en: {
    refused:
      'I could not verify the digital identity (SPID/CIE) passed on by the portal: {why}. You go on without signing in: for services I will ask for the data needed. If you like, sign in on the portal again and reopen the chat.',
    verified:
      '{hello}: you signed in on the portal with SPID/CIE. Forms will use your verified data, and “my requests” lists your requests, also those made on other devices.',
    hello: 'Hello, I recognised you',
    helloName: 'Hello {name}, I recognised you',
    verifiedTag: 'verified with SPID/CIE',
    prefilled: 'I have already filled in your data verified with SPID/CIE: {fields}.',
  },
} as const;

/** The sentence telling a citizen why their sign-in was refused. */
export function refusalText(lang: Lang, reason: RefusalReason): string {
  return IDENTITY_TEXTS[lang].refused.replace('{why}', WHY[lang][reason]);
}

/** The greeting of a verified citizen. */
export function verifiedText(lang: Lang, name: string | undefined): string {
  const t = IDENTITY_TEXTS[lang];
  const hello = name ? t.helloName.replace('{name}', name) : t.hello;
  return t.verified.replace('{hello}', hello);
}

/** "verificato con SPID/CIE" / "verified with SPID/CIE". */
export function verifiedTag(lang: Lang): string {
  return IDENTITY_TEXTS[lang].verifiedTag;
}

/** The line telling which form fields were filled in from the verified identity. */
export function prefilledText(lang: Lang, fields: readonly string[]): string {
  return IDENTITY_TEXTS[lang].prefilled.replace('{fields}', fields.join(', '));
}
