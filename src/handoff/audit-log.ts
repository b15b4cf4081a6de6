import type { Storage } from '../storage/storage';

/** Storage stream of the operators' audit log. */
export const AUDIT_STREAM = 'audit:console';

/** Something an operator (or the login form) did that the city hall must be able to account for. */
export type AuditAction =
  | 'login'
  | 'login-failed'
  | 'login-locked'
  | 'logout'
  | 'claim'
  | 'read'
  | 'read-file'
  | 'message'
  | 'note'
  | 'transfer'
  | 'handback'
  | 'close'
  | 'withdraw'
  | 'canned-save'
  | 'canned-delete';

/** One audit line: who did what to which case, when. Never contains message bodies. */
export interface AuditEntry {
  at: string;
  actor: string;
  action: AuditAction;
  caseId?: string;
  /** Short detail (outcome, transfer target, client IP); never citizen text. */
  detail?: string;
}

/** The append-only audit log of the console and the handoff room. */
export class AuditLog {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The entry to append, stamped now (for use inside a storage batch). */
  entry(actor: string, action: AuditAction, caseId?: string, detail?: string): AuditEntry {
    return {
      at: this.now().toISOString(),
      actor,
      action,
      ...(caseId ? { caseId } : {}),
      ...(detail ? { detail } : {}),
    };
  }

  /** Appends one entry. */
  async record(actor: string, action: AuditAction, caseId?: string, detail?: string): Promise<void> {
    await this.storage.append(AUDIT_STREAM, this.entry(actor, action, caseId, detail));
  }

  /** The latest entries, newest last; optionally only one case's. */
  async recent(options: { limit?: number; caseId?: string } = {}): Promise<AuditEntry[]> {
    const all = (await this.storage.read<AuditEntry>(AUDIT_STREAM)).map((e) => e.value);
    const filtered = options.caseId ? all.filter((e) => e.caseId === options.caseId) : all;
    return filtered.slice(-(options.limit ?? 200));
  }
}
