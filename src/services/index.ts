import type { Logger } from 'pino';
import type { Server } from 'restify';
import type { Engine } from '../engine/engine';
import type { FileStore } from '../files';
import type { Storage } from '../storage/storage';
import { AppointmentChangeDialog } from './appointment-change-dialog';
import { registerBackofficeRoutes } from './backoffice/routes';
import { FormDialog } from './form-dialog';
import { type FormView, formView } from './form-view';
import { type LoadedDialog, loadDialogs } from './loader';
import type { IdentitySource } from './prefill';
import { servicesSkill } from './services-skill';
import { SlotBook } from './slots';
import { type TicketOutbox, TicketStore } from './tickets/ticket-store';
import { WebhookDispatcher } from './webhook/dispatcher';

/** What the composition root passes to {@link createServices}. */
export interface ServicesOptions {
  /** Directory of the dialog files (`DIALOGS_DIR`). */
  dir: string;
  storage: Storage;
  engine: Engine;
  logger: Logger;
  /** Prefix of protocol numbers (`CITY_CODE`), e.g. `ESE`. */
  cityCode: string;
  /** `BACKOFFICE_API_KEY`; without it the back office answers 503. */
  apiKey?: string;
  /** `WEBHOOK_URL` and `WEBHOOK_SECRET`; without them no events are queued. */
  webhook?: { url: string; secret: string; baseDelayMs?: number; pollMs?: number };
  /** Where the files citizens sent are kept; the back office downloads them from there. */
  files?: FileStore;
  /** Identities verified with SPID/CIE: forms are filled in from them and tickets listed by them. */
  identities?: IdentitySource;
  /** Other outboxes fed by ticket changes (app IO notices, pagoPA notices). */
  outboxes?: readonly TicketOutbox[];
  /** App IO is configured: forms ask their `io_consent` step. */
  ioEnabled?: boolean;
  /** pagoPA is configured: a form with a `fee` creates a pagoPA notice; without it the fee is paid at the counter. */
  pagoPaEnabled?: boolean;
  now?: () => Date;
}

/** The running service-request room. */
export interface Services {
  /** Adds the back-office API routes to the HTTP server. */
  registerRoutes(server: Server): void;
  /** The loaded dialog files. */
  services: readonly LoadedDialog[];
  /** The ticket store (for other rooms, e.g. the operator console). */
  tickets: TicketStore;
  /**
   * The readable view of a form's answers for operators (labels, formatted values, files), or undefined
   * when `dialogId` is no service form.
   */
  describeForm(dialogId: string, answers: Record<string, unknown>): FormView | undefined;
  /** The webhook dispatcher, when a webhook is configured. */
  dispatcher?: WebhookDispatcher;
  /** Stops the webhook dispatcher (pending events stay in storage). */
  close(): Promise<void>;
}

/**
 * Starts the service-request room: loads and validates the dialog files (throwing `InvalidDialogsError`
 * listing `file:line: reason` when any is wrong), registers one form dialog per file in the services menu
 * and the `services` skill on the engine, and starts the webhook dispatcher.
 */
export async function createServices(options: ServicesOptions): Promise<Services> {
  const { storage, engine, logger } = options;
  const now = options.now ?? (() => new Date());
  const loaded = await loadDialogs(options.dir);
  const dispatcher = options.webhook
    ? new WebhookDispatcher({ storage, logger, ...options.webhook }) // retries follow the real clock
    : undefined;
  const tickets = new TicketStore(storage, {
    cityCode: options.cityCode,
    now,
    webhook: dispatcher !== undefined,
    onEvent: () => dispatcher?.kick(),
    ...(options.outboxes?.length ? { outboxes: options.outboxes } : {}),
  });
  const ioEnabled = options.ioEnabled === true;
  const pagoPaEnabled = options.pagoPaEnabled === true;
  const slots = new SlotBook(storage);
  const identities = options.identities;
  for (const { definition } of loaded) {
    engine.addDialog(new FormDialog(definition, { tickets, slots, identities, ioEnabled, pagoPaEnabled }), {
      title: definition.title,
    });
  }
  const definitions = loaded.map((l) => l.definition);
  engine.addDialog(
    new AppointmentChangeDialog({ tickets, slots, definitions, ...(identities ? { identities } : {}) }),
  );
  engine.addSkill(servicesSkill({ tickets, definitions: loaded.map((l) => l.definition), identities }));
  dispatcher?.start();
  logger.info(
    { services: loaded.map((l) => l.definition.id), webhook: dispatcher !== undefined },
    'service requests ready',
  );
  return {
    registerRoutes(server) {
      registerBackofficeRoutes(server, {
        tickets,
        engine,
        logger,
        ...(options.apiKey ? { apiKey: options.apiKey } : {}),
        ...(options.files ? { files: options.files } : {}),
      });
    },
    services: loaded,
    tickets,
    describeForm(dialogId, answers) {
      const def = loaded.find((l) => l.definition.id === dialogId)?.definition;
      return def ? formView(def, answers) : undefined;
    },
    ...(dispatcher ? { dispatcher } : {}),
    async close() {
      await dispatcher?.stop();
    },
  };
}

export { InvalidDialogsError } from './errors';
export type { FormFieldView, FormFileView, FormView } from './form-view';
export { loadDialogs, validateDialogDir } from './loader';
