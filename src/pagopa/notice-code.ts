import { PROTOCOL_PATTERN } from '../services/tickets/protocol';

/**
 * The IUV of a ticket's notice, for aux digit 3 (pagoPA's "Specifiche attuative dei codici identificativi di
 * versamento"): segregation code (2 digits, assigned by PagoPA), IUV base (13 digits: the protocol's year and
 * sequence number, so one ticket always gets the same IUV) and check digits (2: the remainder of
 * `3 + segregation code + IUV base` divided by 93). 17 digits in all.
 */
export function iuvOf(protocol: string, segregationCode: string): string {
  const m = new RegExp(`^${PROTOCOL_PATTERN.source}$`).exec(protocol);
  if (!m?.[2] || !m[3]) throw new RangeError(`not a protocol number: ${protocol}`);
  const base = `${m[2]}${m[3].padStart(9, '0')}`;
  const check = (BigInt(`3${segregationCode}${base}`) % 93n).toString().padStart(2, '0');
  return `${segregationCode}${base}${check}`;
}

/** The notice code (codice avviso, NAV) of an IUV with aux digit 3: 18 digits. */
export function noticeCodeOf(iuv: string): string {
  return `3${iuv}`;
}

/**
 * The IUPD (the debt position's id) of a ticket: the comune's fiscal code and the protocol number, unique per
 * comune and the same on every retry, so a ticket never gets two debt positions.
 */
export function iupdOf(orgFiscalCode: string, protocol: string): string {
  return `${orgFiscalCode}-${protocol}`;
}
