import type { DialogInstance } from '../engine/conversation-state';
import type { ConversationRef, Lang } from '../engine/types';

/** Storage collection of open escalation cases (waiting or held), keyed by case id. */
export const HANDOFF_QUEUE = 'handoff-queue';
/** Storage collection of closed cases, keyed by case id (history, ratings). */
export const HANDOFF_CLOSED = 'handoff-closed';
/** Counter numbering cases 1, 2, 3… */
export const HANDOFF_COUNTER = 'handoff-case';
/** Storage stream of an open case's internal notes (operators only). */
export function notesStream(caseId: string): string {
  return `handoff-notes:${caseId}`;
}

/** Why a conversation was escalated; shown to the operator. */
export type HandoffReason = 'citizen' | 'unanswered' | 'not-useful' | 'form' | 'callback';

/**
 * What happened to a case at the end. `returned` means handed back to the bot; `withdrawn` means the citizen
 * cancelled the request while it waited (never picked by an operator).
 */
export type HandoffOutcome =
  | 'resolved'
  | 'not-resolved'
  | 'redirected'
  | 'no-reply'
  | 'returned'
  | 'withdrawn';

/** Every outcome an operator can pick, in display order. */
export const OUTCOMES: readonly Exclude<HandoffOutcome, 'withdrawn'>[] = [
  'resolved',
  'not-resolved',
  'redirected',
  'no-reply',
  'returned',
];

/** A citizen's escalation from the moment it is requested until it is closed. */
export interface HandoffCase {
  id: string;
  /** Conversation key (`channel:conversationId`). */
  conversation: string;
  ref: ConversationRef;
  lang: Lang;
  reason: HandoffReason;
  status: 'queued' | 'assigned' | 'closed';
  requestedAt: string;
  /** Forms that were running when the citizen asked, with the fields collected so far. */
  forms: DialogInstance[];
  /** Contact left outside office hours, to call the citizen back. */
  callback?: { contact: string; message: string };
  /** The queue position the citizen was last told (so they hear only changes). */
  toldPosition?: number;
  operator?: string;
  claimedAt?: string;
  closedAt?: string;
  closedBy?: string;
  outcome?: HandoffOutcome;
  rating?: number;
}

/** The mirror of the open case kept in the conversation state (`vars.handoff`), read by the handoff gate. */
export interface HandoffVars {
  caseId: string;
  status: 'queued' | 'assigned';
  operator?: string;
}

/** The case pointer in a conversation's vars, if any. */
export function handoffVars(vars: Record<string, unknown>): HandoffVars | undefined {
  const v = vars.handoff as HandoffVars | undefined;
  return v && typeof v === 'object' && typeof v.caseId === 'string' ? v : undefined;
}
