import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import { createAnalytics } from './analytics';
import { createIoSender, ioOptOutSkill } from './appio';
import { openBackend } from './backends';
import { createBotFrameworkChannel } from './channels/botframework';
import { createDirectLine } from './channels/directline';
import { createTelegramChannel } from './channels/telegram';
import { registerWebChatPage } from './channels/webchat';
import { createWhatsAppWebChannel, readWhatsAppWebStatus } from './channels/whatsapp';
import { createWhatsAppCloudChannel } from './channels/whatsapp-cloud';
import { leaderOnlyChannel } from './cluster';
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
import { createSemanticRetrieval } from './kb/semantic';
import { createLogger } from './logger';
import { createMetrics, semanticMetrics, watchKnowledgeMemo } from './metrics';
import { CHECKOUT_SITE, createPagoPaPayer } from './pagopa';
import { createPrivacy } from './privacy';
import { createServices } from './services';
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
 * `engine.handle()` (rate limit → handoff gate → welcome → commands → dialog runtime with its skills) and
 * leaves through the same channel's renderer.
 */
export async function createApp(
  config: Config,
  logger: Logger = createLogger(config.LOG_LEVEL),
): Promise<App> {
  // DATABASE_URL names the backend: its storage, and for a shared one (PostgreSQL) the bus over which
  // instances tell each other about new activities and console events (docs/scaling.md). Bus closed last.
  const backend = await openBackend(config.DATABASE_URL, logger);
  const { storage, bus } = backend;
  const closers: Array<() => Promise<void>> = [];
  const starters: Array<() => Promise<void>> = [];
  closers.push(() => bus.close());

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
    const lock = backend.leaderLock('pagopa');
    lock.onChange((leader) => (leader ? pagoPa.start() : void pagoPa.stop()));
    starters.push(() => lock.start());
    closers.push(async () => {
      await lock.stop();
      await pagoPa.stop();
    });
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
  registerMetricsRoute(server, { metrics, token: config.METRICS_TOKEN, logger });
  services.registerRoutes(server);

  const directLine = await createDirectLine({
    storage,
    engine,
    logger,
    // Streams hear of other instances' activities over a shared bus; alone, this process has sent them all.
    ...(backend.multiInstance ? { bus } : {}),
    secret: config.DIRECTLINE_SECRET,
    tokenTtlSeconds: config.DIRECTLINE_TOKEN_TTL_SECONDS,
    newConversations: {
      perAddressPerHour: config.NEW_CONVERSATIONS_PER_ADDRESS,
      globalPerMinute: config.NEW_CONVERSATIONS_GLOBAL,
    },
    onNewConversationRefused: (scope) => metrics.refused.inc({ what: 'conversation', reason: scope }),
    trustProxy: config.TRUST_PROXY,
    files,
    citizenSignIn: identity.signIn,
  });
  directLine.registerRoutes(server);
  directLine.attach(server.server as http.Server);
  engine.addChannel(directLine.channel);
  closers.push(() => directLine.close());
  registerWebChatPage(server, { city: config.CITY_NAME, privacyUrl: config.PRIVACY_URL });

  const botFramework = createBotFrameworkChannel({
    engine,
    storage,
    logger,
    appId: config.MICROSOFT_APP_ID,
    appPassword: config.MICROSOFT_APP_PASSWORD,
    appTenantId: config.MICROSOFT_APP_TENANT_ID,
    appType: config.MICROSOFT_APP_TYPE,
    allowAnonymous: config.BOTFRAMEWORK_ALLOW_ANONYMOUS,
  });
  botFramework.registerRoutes(server);
  engine.addChannel(botFramework.channel);

  if (config.TELEGRAM_BOT_TOKEN) {
    const telegram = createTelegramChannel({
      engine,
      storage,
      logger,
      token: config.TELEGRAM_BOT_TOKEN,
      webhookUrl: config.TELEGRAM_WEBHOOK_URL,
      webhookSecret: config.TELEGRAM_WEBHOOK_SECRET,
      apiRoot: config.TELEGRAM_API_ROOT,
    });
    telegram.registerRoutes(server);
    engine.addChannel(telegram.channel);
    // Webhook mode: Telegram posts as soon as the webhook is set, so start once the server listens.
    starters.push(() => telegram.start());
    closers.push(() => telegram.stop());
  }

  if (config.WHATSAPP_ENABLED) {
    const whatsApp = createWhatsAppWebChannel({
      engine,
      storage,
      logger,
      sessionDir: config.WHATSAPP_SESSION_DIR,
      chromiumPath: config.CHROMIUM_PATH,
      ...(config.WHATSAPP_PAIRING_NUMBER ? { pairingPhoneNumber: config.WHATSAPP_PAIRING_NUMBER } : {}),
      defaultLang: config.DEFAULT_LANG,
    });
    // One linked phone, one browser: only the holder of the `whatsapp-web` leader lock runs the session
    // (another instance takes over within seconds when the holder dies); the others forward proactive
    // messages to it over the bus.
    const lock = backend.leaderLock('whatsapp-web');
    const channel = leaderOnlyChannel(whatsApp.channel, lock, bus, logger);
    engine.addChannel(channel);
    lock.onChange((leader) => {
      // start() returns at once; the browser starts in the background.
      (leader ? whatsApp.start() : whatsApp.stop()).catch((err: unknown) =>
        logger.error({ err }, 'whatsapp-web session start/stop failed'),
      );
    });
    await lock.start();
    closers.push(async () => {
      channel.close();
      await lock.stop();
      await whatsApp.stop();
    });
  }
  if (config.WHATSAPP_CLOUD_TOKEN) {
    const cloud = createWhatsAppCloudChannel({
      engine,
      storage,
      logger,
      token: config.WHATSAPP_CLOUD_TOKEN,
      // loadConfig requires these three whenever WHATSAPP_CLOUD_TOKEN is set.
      phoneNumberId: config.WHATSAPP_CLOUD_PHONE_NUMBER_ID ?? '',
      appSecret: config.WHATSAPP_CLOUD_APP_SECRET ?? '',
      verifyToken: config.WHATSAPP_CLOUD_VERIFY_TOKEN ?? '',
      apiRoot: config.WHATSAPP_CLOUD_API_ROOT,
      ...(config.WHATSAPP_CLOUD_TEMPLATE
        ? {
            template: { name: config.WHATSAPP_CLOUD_TEMPLATE, language: config.WHATSAPP_CLOUD_TEMPLATE_LANG },
          }
        : {}),
      defaultLang: config.DEFAULT_LANG,
    });
    engine.addChannel(cloud.channel);
    cloud.registerRoutes(server);
    closers.push(() => cloud.drain());
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
