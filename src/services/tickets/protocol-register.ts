import type { BatchOp, Storage } from '../../storage/storage';
import { formatProtocol } from './protocol';
import { TICKETS } from './ticket-collections';

/**
 * Storage collection of the protocol registers: one document per city and year holding the last number given,
 * bumped with a versioned write in the same batch as the ticket, so only a stored ticket consumes a number.
 */
export const PROTOCOL_REGISTERS = 'protocol-registers';

/** One city's register for one year: the last protocol sequence number given to a stored ticket. */
export interface ProtocolRegister {
  last: number;
}

/** The next protocol number of a register and the conditional write that takes it. */
export interface NextProtocol {
  protocol: string;
  /** Refused with a `VersionConflictError` on {@link PROTOCOL_REGISTERS} when another ticket took it first. */
  op: BatchOp;
}

/** The key of a city's register for a year. */
export function registerKey(cityCode: string, year: string): string {
  return `${cityCode}:${year}`;
}

/**
 * Reads the register and returns the number after its last one (or after `taken`, a number found already used)
 * with the write taking it, to be stored in one batch with the ticket: a refused batch (a place lost to another
 * citizen, a crash) leaves no gap.
 */
export async function nextProtocol(
  storage: Storage,
  cityCode: string,
  year: string,
  taken = 0,
): Promise<NextProtocol> {
  const key = registerKey(cityCode, year);
  const stored = await storage.getVersioned<ProtocolRegister>(PROTOCOL_REGISTERS, key);
  const last = Math.max(taken, stored ? stored.value.last : await lastStoredNumber(storage, cityCode, year));
  const value: ProtocolRegister = { last: last + 1 };
  return {
    protocol: formatProtocol(cityCode, year, last + 1),
    op: { op: 'put', collection: PROTOCOL_REGISTERS, key, value, expectVersion: stored?.version ?? null },
  };
}

/**
 * The highest number among the year's stored tickets (0 when none), which starts a register: every instance
 * reads the same, so racing first tickets of a year cannot skip one. Tickets are never deleted, only anonymised.
 */
async function lastStoredNumber(storage: Storage, cityCode: string, year: string): Promise<number> {
  const prefix = `${formatProtocol(cityCode, year, 0).slice(0, -6)}`;
  const tickets = await storage.list<unknown>(TICKETS, { prefix });
  return tickets.reduce((max, t) => Math.max(max, Number(t.key.slice(prefix.length)) || 0), 0);
}
