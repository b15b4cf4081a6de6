import { createHash } from 'node:crypto';
import type { Storage } from '../../storage/storage';

/** Storage collection mapping short callback ids to choice values too long for Telegram. */
export const CALLBACK_VALUES = 'telegram-callbacks';

/** Telegram's limit on `callback_data`, in bytes. */
const MAX_BYTES = 64;
const PREFIX = '~';

/**
 * Fits choice values into Telegram's 64-byte `callback_data`: short values travel as they are, longer ones
 * (and any starting with `~`) as `~` + a hash of the value, whose value is kept in storage. The id is derived
 * from the value, so the same menu sent a thousand times stores one document.
 */
export class CallbackData {
  constructor(private readonly storage: Storage) {}

  /** The `callback_data` for a choice value. */
  async encode(value: string): Promise<string> {
    if (Buffer.byteLength(value, 'utf8') <= MAX_BYTES && !value.startsWith(PREFIX)) return value;
    const id = PREFIX + createHash('sha256').update(value).digest('base64url').slice(0, 24);
    await this.storage.put(CALLBACK_VALUES, id, { value });
    return id;
  }

  /** The choice value behind a `callback_data`; `undefined` when the stored value is gone. */
  async decode(data: string): Promise<string | undefined> {
    if (!data.startsWith(PREFIX)) return data;
    return (await this.storage.get<{ value: string }>(CALLBACK_VALUES, data))?.value;
  }
}
