import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Server } from 'restify';
import { createDirectLine } from './channels/directline';
import { registerWebChatPage } from './channels/webchat';
import type { Config } from './config';
import { registerConsole } from './console';
import { builtinCommands } from './engine/dialogs/builtin-commands';
import { faqQuestionDialog } from './engine/dialogs/faq-question-dialog';
import { Engine } from './engine/engine';
import { commandRouter } from './engine/middleware/command-router';
import { dialogRuntime } from './engine/middleware/dialog-runtime';
import { handoffGate } from './engine/middleware/handoff-gate';
import { rateLimit } from './engine/middleware/rate-limit';
import { welcome } from './engine/middleware/welcome';
import { createHandoff } from './handoff';
import { registerHealthRoutes } from './http/health';
import { createServer } from './http/server';
import { createLogger } from './logger';
import { createStorage } from './storage/create-storage';
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
  const storage = await createStorage(config.DATABASE_URL);
  const closers: Array<() => Promise<void>> = [];

  const engine = new Engine({
    storage,
    logger,
    settings: { city: config.CITY_NAME, privacyUrl: config.PRIVACY_URL },
    defaultLang: config.DEFAULT_LANG,
  });
  const handoff = createHandoff({
    storage,
    engine,
    logger,
    city: config.CITY_NAME,
    office: { hours: config.OFFICE_HOURS, holidays: config.OFFICE_HOLIDAYS, timeZone: config.OFFICE_TIMEZONE },
  });
  engine
    .use(rateLimit({ burst: config.RATE_LIMIT_BURST, perMinute: config.RATE_LIMIT_PER_MINUTE }))
    .use(handoffGate(handoff))
    .use(welcome())
    .use(commandRouter(builtinCommands(handoff)))
    .use(dialogRuntime())
    .addDialog(faqQuestionDialog);

  const server = createServer(logger);
  registerHealthRoutes(server, storage, logger);

  const directLine = await createDirectLine({
    storage,
    engine,
    logger,
    secret: config.DIRECTLINE_SECRET,
    tokenTtlSeconds: config.DIRECTLINE_TOKEN_TTL_SECONDS,
  });
  directLine.registerRoutes(server);
  directLine.attach(server.server as http.Server);
  engine.addChannel(directLine.channel);
  closers.push(() => directLine.close());
  registerWebChatPage(server, { city: config.CITY_NAME, privacyUrl: config.PRIVACY_URL });

  const operatorConsole = registerConsole(server, { storage, engine, handoff, logger, config });
  operatorConsole.attach(server.server as http.Server);
  closers.push(() => operatorConsole.close());

  return {
    config,
    logger,
    server,
    engine,
    storage,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.PORT, config.HOST, () => {
          const { port } = server.address() as AddressInfo;
          const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
          resolve(`http://${host}:${port}`);
        });
      }),
    async close() {
      for (const close of closers.reverse())
        await close().catch((err) => logger.error({ err }, 'close failed'));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await storage.close();
    },
  };
}
