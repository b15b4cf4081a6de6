import type { Storage } from '../storage/storage';

/** Storage collection of the identities the portal vouched for, keyed by conversation key. */
export const CITIZEN_IDENTITIES = 'citizen-identities';

/**
 * A citizen the comune's portal signed in with SPID or CIE and vouched for in a verified assertion. The
 * fields are named after the claims (SPID/CIE attributes) they come from.
 */
export interface VerifiedCitizen {
  /** The codice fiscale, upper case, without SPID's `TINIT-` prefix, checked like a typed one. */
  fiscalNumber: string;
  name?: string;
  familyName?: string;
  email?: string;
  /** The assertion's issuer (`iss`): which portal vouched. */
  issuer: string;
  /** When Sportello verified the assertion (ISO time). */
  verifiedAt: string;
}

/** Why an assertion was refused; each has a sentence for the citizen in `identity-texts.ts`. */
export type RefusalReason =
  | 'malformed'
  | 'signature'
  | 'expired'
  | 'too_long'
  | 'audience'
  | 'issuer'
  | 'claims'
  | 'fiscal_number'
  | 'unavailable'
  | 'not_configured';

/**
 * What a conversation's record says: the verified citizen, or why the last assertion was refused (no claim
 * of a refused assertion is kept).
 */
export type IdentityRecord = { verified: VerifiedCitizen } | { refused: RefusalReason; at: string };

/** The citizen's full name from the name claims, or undefined when the assertion had neither. */
export function fullName(citizen: Pick<VerifiedCitizen, 'name' | 'familyName'>): string | undefined {
  const joined = [citizen.name, citizen.familyName].filter(Boolean).join(' ').trim();
  return joined || undefined;
}

/**
 * Keeps each conversation's identity record in storage, so it survives restarts and every instance sees it.
 * It lives as long as the conversation: retention and erasure remove it with the conversation.
 */
export class IdentityStore {
  constructor(private readonly storage: Storage) {}

  /** The conversation's record, if any. */
  record(conversationKey: string): Promise<IdentityRecord | undefined> {
    return this.storage.get<IdentityRecord>(CITIZEN_IDENTITIES, conversationKey);
  }

  /** The verified citizen of a conversation, or undefined when it is anonymous. */
  async verified(conversationKey: string): Promise<VerifiedCitizen | undefined> {
    const record = await this.record(conversationKey);
    return record && 'verified' in record ? record.verified : undefined;
  }

  /** Records the outcome of the latest assertion for a conversation (a refusal leaves it anonymous). */
  async put(conversationKey: string, record: IdentityRecord): Promise<void> {
    await this.storage.put(CITIZEN_IDENTITIES, conversationKey, record);
  }

  /** Forgets a conversation's record; resolves whether there was one. */
  remove(conversationKey: string): Promise<boolean> {
    return this.storage.delete(CITIZEN_IDENTITIES, conversationKey);
  }
}
