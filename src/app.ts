import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import { createAnalytics } from './analytics';
import { createIoSender, ioOptOutSkill } from './appio';
import { openBackend } from './backends';
import { BUILTIN_CHANNELS } from './channels/builtin-channels';
import { channelRecords } from './channels/personal-data';
import { pluginChannels } from './channels/registry';
import { readWhatsAppWebStatus } from './channels/whatsapp';
import { type Config, filesDir } from './config';
import { registerConsole } from './console';
import { registerEditorRoom } from './console/editor';
import { conversationKey } from './engine/conversation-state';
import { Engine } from './engine/engine';
import { useStandardPipeline } from './engine/standard-pipeline';
import type { ConversationRef } from './engine/types';
import { FileStore } from './files';
import { createHandoff } from './handoff';
import { registerHealthRoutes } from './http/health';
import { registerMetricsRoute } from './http/metrics';
import { createServer } from './http/server';
import { createCitizenIdentity } from './identity';
import { createChatModel, createKnowledgeBase } from './kb';
import { detectLanguage } from './kb/detect-language';
import { createSemanticRetrieval } from './kb/semantic';
import { createLogger } from './logger';
import { cityPalette, registerLookAssets } from './look';
import { createMetrics, semanticMetrics, watchKnowledgeMemo } from './metrics';
import { CHECKOUT_SITE, createPagoPaPayer } from './pagopa';
import { createPrivacy } from './privacy';
import { createServices } from './services';
import { AppointmentReminders, appointmentStepsOf } from './services/appointment-reminders';
import type { Storage } from './storage/storage';

/** A composed, not yet listening Sportello. */
export interface App {
  config: Config;
  logger: Logger;
  server: Server;
  engine: Engine;
  storage: Storage;
  /** Starts listening on `HOST:PORT` and resolves the base URL (e.g. `http://127.0.0.1:3978`). */
  listen(): Promise<string>;
  /** Stops channels, closes the server and storage. */
  close(): Promise<void>;
}

/**
 * The composition root: the one place where storage, engine, rooms and channels are created and wired.
 * A message enters through a channel (Direct Line, Bot Framework, Telegram, WhatsApp), flows through
 * `engine.handle()` (rate limit → language → handoff gate → welcome → commands → dialog runtime with its
 * skills) and leaves through the same channel's renderer.
 */
export async function createApp(
  config: Config,
  logger: Logger = createLogger(config.LOG_LEVEL),
): Promise<App> {
  // DATABASE_URL names the backend: its storage, and for a shared one (PostgreSQL) the bus over which
  // instances tell each other about new activities and console events (docs/scaling.md). Bus closed last.
  const backend = await openBackend(config.DATABASE_URL, logger);
  const channels = [...BUILTIN_CHANNELS, ...pluginChannels()];
  const { storage, bus } = backend;
  const closers: Array<() => Promise<void>> = [];
  const starters: Array<() => Promise<void>> = [];
  closers.push(() => bus.close());
  // A job that one instance at a time may run (it talks to an outside service, or sends reminders once):
  // it runs while this instance holds the named leader lock, from start-up to shutdown.
  const onLeaderOnly = (name: string, job: { start(): void; stop(): Promise<void> }): void => {
    const lock = backend.leaderLock(name);
    lock.onChange((leader) => (leader ? job.start() : void job.stop()));
    starters.push(() => lock.start());
    closers.push(async () => {
      await lock.stop();
      await job.stop();
    });
  };

  const engine = new Engine({
    storage,
    logger,
    settings: { city: config.CITY_NAME, privacyUrl: config.PRIVACY_URL },
    defaultLang: config.DEFAULT_LANG,
    // One process runs every turn unless instances share the backend (then each turn reads the state afresh).
    keepStates: !backend.multiInstance,
  });
  // Files citizens send (web chat uploads): bytes in FILES_DIR, shared by every instance; records in storage.
  const files = new FileStore(storage, filesDir(config));
  const handoff = createHandoff({
    storage,
    engine,
    logger,
    city: config.CITY_NAME,
    office: {
      hours: config.OFFICE_HOURS,
      holidays: config.OFFICE_HOLIDAYS,
      timeZone: config.OFFICE_TIMEZONE,
    },
    limits: {
      perConversationPerHour: config.HANDOFFS_PER_CONVERSATION,
      perAddressPerHour: config.HANDOFFS_PER_ADDRESS,
    },
  });
  const metrics = createMetrics({ engine, handoff, logger });
  // Citizens signed in on the comune's portal (SPID/CIE): its signed assertion, verified, stays with the chat.
  const identity = createCitizenIdentity({
    storage,
    logger,
    settings: {
      secret: config.CITIZEN_TOKEN_SECRET,
      jwksUrl: config.CITIZEN_TOKEN_JWKS_URL,
      audience: config.CITIZEN_TOKEN_AUDIENCE,
      issuer: config.CITIZEN_TOKEN_ISSUER,
    },
  });
  useStandardPipeline(engine, {
    detectLanguage,
    handoff,
    rateLimit: { burst: config.RATE_LIMIT_BURST, perMinute: config.RATE_LIMIT_PER_MINUTE },
    identityNotice: identity.notice,
  });

  // Privacy (GDPR): "cancella i miei dati" erasure dialog and the RETENTION_DAYS purge job (one instance at a time).
  const privacy = createPrivacy({
    storage,
    engine,
    logger,
    retentionDays: config.RETENTION_DAYS,
    sweepMinutes: config.RETENTION_SWEEP_MINUTES,
    files,
    channels: channelRecords(channels),
  });
  starters.push(async () => privacy.start());
  closers.push(() => privacy.close());

  // App IO: ticket updates to the citizens who agreed in the form, from a durable outbox (docs/app-io.md).
  const io = config.IO_API_KEY
    ? createIoSender({
        storage,
        logger,
        city: config.CITY_NAME,
        baseUrl: config.IO_API_URL,
        apiKey: config.IO_API_KEY,
        perSecond: config.IO_REQUESTS_PER_SECOND,
      })
    : undefined;

  // pagoPA: a notice for services with a fee, from a durable outbox; GPD is polled for the payment by the
  // holder of the `pagopa` leader lock only (docs/pagopa.md). Without it fees are paid at the counter.
  const pagoPa =
    config.PAGOPA_API_KEY && config.PAGOPA_ORG_FISCAL_CODE
      ? createPagoPaPayer({
          storage,
          logger,
          gpdUrl: config.PAGOPA_GPD_URL,
          apiKey: config.PAGOPA_API_KEY,
          orgFiscalCode: config.PAGOPA_ORG_FISCAL_CODE,
          checkoutUrl: config.PAGOPA_CHECKOUT_URL,
          segregationCode: config.PAGOPA_SEGREGATION_CODE,
          companyName: config.CITY_NAME,
          returnUrl: config.PUBLIC_URL ?? CHECKOUT_SITE,
          firstPollMs: config.PAGOPA_POLL_SECONDS * 1000,
        })
      : undefined;
  const outboxes = [...(io ? [io] : []), ...(pagoPa ? [pagoPa] : [])];

  // Service requests: one dialog per file in DIALOGS_DIR (invalid files stop start-up with file:line reasons),
  // then the services skill (trigger phrases, "stato pratica"), tickets, back office and webhook dispatcher.
  const services = await createServices({
    dir: config.DIALOGS_DIR,
    storage,
    engine,
    logger,
    cityCode: config.CITY_CODE,
    apiKey: config.BACKOFFICE_API_KEY,
    webhook:
      config.WEBHOOK_URL && config.WEBHOOK_SECRET
        ? { url: config.WEBHOOK_URL, secret: config.WEBHOOK_SECRET }
        : undefined,
    files,
    identities: identity.store,
    ...(outboxes.length ? { outboxes } : {}),
    ioEnabled: io !== undefined,
    pagoPaEnabled: pagoPa !== undefined,
  });
  closers.push(() => services.close());
  if (pagoPa) {
    pagoPa.wire({ tickets: services.tickets, engine });
    onLeaderOnly('pagopa', pagoPa);
  }
  // Appointment reminders the day before, on the citizen's chat and on IO if they agreed: leader only.
  const appointmentSteps = appointmentStepsOf(services.services.map((s) => s.definition));
  if (appointmentSteps.size > 0) {
    const reminders = new AppointmentReminders({
      storage,
      logger,
      tickets: services.tickets,
      engine,
      steps: appointmentSteps,
      hour: config.APPOINTMENT_REMINDER_HOUR,
      ...(io
        ? {
            extraOps: (ticket, when, now) => io.reminderOps(ticket, when, now),
            afterRecorded: () => io.kick(),
          }
        : {}),
    });
    onLeaderOnly('appointment-reminders', reminders);
  }
  if (io) {
    engine.addSkill(
      ioOptOutSkill({
        storage,
        fiscalCodesOf: async (ctx) => {
          const verified = await identity.store.verified(ctx.state.key);
          const tickets = await services.tickets.listForCitizen(ctx.state.ref, 100, verified?.fiscalNumber);
          return [...new Set(tickets.flatMap((t) => (t.io ? [t.io.fiscalCode] : [])))];
        },
      }),
    );
    starters.push(async () => io.start());
    closers.push(() => io.stop());
  }

  // Skills answer free text in order: services' trigger phrases first, then the knowledge base (which always
  // replies: an answer, "Forse cercavi…", or an honest "non lo so" with an operator). With KB_EMBEDDINGS set,
  // semantic retrieval is its second opinion: entry vectors kept in storage, fused with the words' ranking.
  const kb = await createKnowledgeBase({
    dir: config.KB_DIR,
    watch: config.KB_WATCH,
    answerThreshold: config.KB_ANSWER_THRESHOLD,
    suggestThreshold: config.KB_SUGGEST_THRESHOLD,
    llm: createChatModel(config),
    semantic:
      config.KB_EMBEDDINGS === 'none'
        ? undefined
        : createSemanticRetrieval(config, { storage, logger, observer: semanticMetrics(metrics) }),
    knownServices: () => engine.serviceList.map((s) => s.dialogId),
    storage,
    logger,
  });
  engine.addSkill(kb.skill);
  closers.push(() => kb.close());
  watchKnowledgeMemo(kb.store, metrics);

  const server = createServer(logger);
  registerHealthRoutes(server, storage, logger);
  // The look the web chat and the console share: Bootstrap Italia, in the comune's colour made readable.
  const palette = cityPalette(config.CITY_COLOR);
  if (palette.darkened)
    logger.warn(
      { configured: palette.configured, used: palette.primary },
      'CITY_COLOR is too light for white text (WCAG AA 4.5:1): the pages use a darker shade of it',
    );
  registerLookAssets(server, palette);
  registerMetricsRoute(server, { metrics, token: config.METRICS_TOKEN, logger });
  services.registerRoutes(server);

  // Channels: every built-in or registered one the configuration enables, created the same way. A channel
  // that fails to start is logged and left out; the others (and the web chat) keep running.
  for (const module of channels) {
    if (!module.enabled(config)) continue;
    const running = await module.create({
      config,
      engine,
      logger,
      backend,
      files,
      settings: config.channelSettings[module.name],
      citizenSignIn: identity.signIn,
      operatorHours: (lang) => handoff.weeklyHours(lang),
      countRefusal: (what, reason) => metrics.refused.inc({ what, reason }),
    });
    engine.addChannel(running.outbound);
    running.routes?.(server);
    running.attach?.(server.server as http.Server);
    const { start, stop } = running;
    if (start)
      starters.push(() =>
        start().catch((err: unknown) =>
          logger.warn({ err, channel: module.name }, 'channel could not start; the others run without it'),
        ),
      );
    if (stop) closers.push(stop);
  }

  // Admins link WhatsApp Web from the console: the status and QR are read from storage, where the instance
  // holding the session records them, so any instance's console shows them.
  const whatsAppStatus = { enabled: config.WHATSAPP_ENABLED, read: () => readWhatsAppWebStatus(storage) };
  const operatorConsole = registerConsole(server, {
    storage,
    engine,
    handoff,
    logger,
    config,
    bus,
    whatsApp: whatsAppStatus,
    files,
    describeForm: (dialogId, answers) => services.describeForm(dialogId, answers),
    identityOf: (conversationKey) => identity.store.verified(conversationKey),
    ...(io
      ? {
          ioNoticesOf: async (ref: ConversationRef) => {
            const verified = await identity.store.verified(conversationKey(ref));
            const tickets = await services.tickets.listForCitizen(ref, 10, verified?.fiscalNumber);
            return (
              await Promise.all(tickets.filter((t) => t.io).map((t) => io.noticesOf(t.protocol)))
            ).flat();
          },
        }
      : {}),
    paymentsOf: async (ref: ConversationRef) => {
      const verified = await identity.store.verified(conversationKey(ref));
      const tickets = await services.tickets.listForCitizen(ref, 10, verified?.fiscalNumber);
      return tickets.filter((t) => t.payment);
    },
  });
  operatorConsole.attach(server.server as http.Server);
  closers.push(() => operatorConsole.close());
  // Editors: knowledge-base editor (store-backed, revisions) and analytics (turn events, no message text).
  const analytics = createAnalytics({
    storage,
    engine,
    logger,
    timeZone: config.OFFICE_TIMEZONE,
    entryTitle: (id) => kb.store.snapshot.entries.find((e) => e.id === id)?.title,
  });
  registerEditorRoom(server, {
    auth: operatorConsole.auth,
    store: kb.store,
    analytics,
    logger,
    thresholds: {
      answerThreshold: config.KB_ANSWER_THRESHOLD,
      suggestThreshold: config.KB_SUGGEST_THRESHOLD,
    },
  });
  closers.push(() => analytics.flush());

  return {
    config,
    logger,
    server,
    engine,
    storage,
    async listen() {
      const url = await new Promise<string>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.PORT, config.HOST, () => {
          const { port } = server.address() as AddressInfo;
          const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
          resolve(`http://${host}:${port}`);
        });
      });
      for (const start of starters) await start();
      return url;
    },
    async close() {
      for (const close of closers.reverse())
        await close().catch((err) => logger.error({ err }, 'close failed'));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await storage.close();
    },
  };
}
