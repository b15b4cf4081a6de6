import { validateCodiceFiscale } from '../services/validators/codice-fiscale';

/** SPID's prefix of a fiscal number attribute: the TIN's country (Italy). */
const TIN_PREFIX = /^TINIT-/i;

/**
 * The codice fiscale of a `fiscal_number` claim, upper case, or undefined when it is not a valid one. SPID
 * gives it as `TINIT-RSSMRA80A01H501U`, CIE and most portals without the prefix: both are accepted.
 */
export function parseFiscalNumber(claim: string): string | undefined {
  const result = validateCodiceFiscale(claim.trim().replace(TIN_PREFIX, ''));
  return result.ok ? result.value : undefined;
}
