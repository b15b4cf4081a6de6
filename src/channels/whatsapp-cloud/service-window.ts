import type { Storage } from '../../storage/storage';
import type { CloudMessageBody } from './render';

/** Storage collection of each citizen's last inbound message time (the start of the service window). */
export const CLOUD_WINDOWS = 'whatsapp-cloud-windows';

/** How long after a citizen's last message free-form messages may be sent (Meta's customer service window). */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

interface WindowRecord {
  lastInboundAt: string;
}

/**
 * The 24-hour customer service window of each citizen: free-form messages (text, buttons, lists) are allowed
 * only within 24 hours of the citizen's last message; after that, only approved template messages. Kept in
 * storage so a restart does not forget who may be written to.
 */
export class ServiceWindow {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => Date,
  ) {}

  /** Records that the citizen wrote at `at` (an older, redelivered message never shortens the window). */
  async touch(waId: string, at: Date): Promise<void> {
    const last = await this.lastInbound(waId);
    if (last && last >= at) return;
    const record: WindowRecord = { lastInboundAt: at.toISOString() };
    await this.storage.put(CLOUD_WINDOWS, waId, record);
  }

  /** When the citizen last wrote, if ever. */
  async lastInbound(waId: string): Promise<Date | undefined> {
    const record = await this.storage.get<WindowRecord>(CLOUD_WINDOWS, waId);
    return record ? new Date(record.lastInboundAt) : undefined;
  }

  /** True while free-form messages may be sent to the citizen. */
  async isOpen(waId: string): Promise<boolean> {
    const last = await this.lastInbound(waId);
    return last !== undefined && this.now().getTime() - last.getTime() < SERVICE_WINDOW_MS;
  }
}

/** A configured template: an approved "update on your request" message whose body has one `{{1}}` parameter. */
export interface CloudTemplate {
  name: string;
  /** Template language code, e.g. `it` or `en_US`. */
  language: string;
}

// Meta rejects template parameters with new lines, tabs or more than 4 consecutive spaces (error 132018).
const MAX_PARAMETER = 900;

/** A template message carrying `text` as its single body parameter. */
export function templateMessage(template: CloudTemplate, text: string): CloudMessageBody {
  let parameter = text
    .replace(/[\r\n\t]+/g, ' · ')
    .replace(/ {2,}/g, ' ')
    .trim();
  if (parameter.length > MAX_PARAMETER) parameter = `${parameter.slice(0, MAX_PARAMETER - 1).trimEnd()}…`;
  return {
    type: 'template',
    template: {
      name: template.name,
      language: { code: template.language },
      components: [{ type: 'body', parameters: [{ type: 'text', text: parameter || '-' }] }],
    },
  };
}
