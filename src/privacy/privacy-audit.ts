import { createHmac, randomBytes } from 'node:crypto';
import { VersionConflictError } from '../storage/errors';
import type { Storage } from '../storage/storage';

/** Storage stream of the privacy audit log: erasures on request and retention sweeps, counts only. */
export const PRIVACY_AUDIT_STREAM = 'privacy-audit';
/** Storage collection of the privacy room's own settings (the audit pseudonym key). */
export const PRIVACY_SETTINGS = 'privacy-settings';
const PSEUDONYM_KEY = 'audit-pseudonym-key';

/** What was erased or made anonymous, per kind of data. */
export interface ErasureCounts {
  /** Conversation states erased or reset. */
  conversations: number;
  /** Transcript streams deleted. */
  transcripts: number;
  /** Direct Line activity streams (web chat) deleted. */
  activityStreams: number;
  /** Tickets whose personal fields were replaced. */
  tickets: number;
  /** Handoff cases whose personal text was replaced. */
  cases: number;
  /** Knowledge-base feedback (and, by retention, unanswered-question) records removed. */
  feedback: number;
  /** Channel records (menus, references, service windows) deleted. */
  channelRecords: number;
  /** Files citizens sent (their bytes and records) removed. */
  files: number;
}

/** Zero of every count. */
export function emptyCounts(): ErasureCounts {
  return {
    conversations: 0,
    transcripts: 0,
    activityStreams: 0,
    tickets: 0,
    cases: 0,
    feedback: 0,
    channelRecords: 0,
    files: 0,
  };
}

/** One line of the privacy audit log. Never holds personal data: the citizen appears only as a keyed hash. */
export type PrivacyAuditEntry =
  | {
      kind: 'erasure';
      at: string;
      channel: string;
      /** HMAC-SHA-256 of `channel|userId` under a key kept in storage: links repeated requests, reveals no one. */
      citizen: string;
      counts: ErasureCounts;
    }
  | {
      kind: 'retention';
      at: string;
      retentionDays: number;
      /** Data older than this was purged. */
      cutoff: string;
      counts: ErasureCounts;
      /** Which instance swept (host name and process id). */
      instance: string;
    };

/**
 * The installation's pseudonymisation key: random, created once and kept in storage, so an identifier (a
 * phone number, a chat id) cannot be found again by hashing guesses without access to the database.
 */
export async function pseudonymKey(storage: Storage): Promise<string> {
  const stored = (await storage.get<{ key: string }>(PRIVACY_SETTINGS, PSEUDONYM_KEY))?.key;
  if (stored) return stored;
  const fresh = randomBytes(32).toString('base64url');
  try {
    await storage.put(PRIVACY_SETTINGS, PSEUDONYM_KEY, { key: fresh }, { expectVersion: null });
    return fresh;
  } catch (err) {
    if (!(err instanceof VersionConflictError)) throw err;
    return (await storage.get<{ key: string }>(PRIVACY_SETTINGS, PSEUDONYM_KEY))?.key ?? fresh;
  }
}

/** The citizen pseudonym used in the audit log: HMAC-SHA-256 of `channel|userId` under {@link pseudonymKey}. */
export async function citizenPseudonym(storage: Storage, channel: string, userId: string): Promise<string> {
  return createHmac('sha256', await pseudonymKey(storage))
    .update(`${channel}|${userId}`)
    .digest('hex');
}
