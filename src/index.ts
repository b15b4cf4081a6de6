import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';

/**
 * Process entry point: parse the environment, compose the app, listen, and shut down cleanly on SIGINT/SIGTERM.
 * A configuration error stops start-up with one clear line naming the variable.
 */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const app = await createApp(config, logger);
  const url = await app.listen();
  logger.info({ url, storage: app.storage.kind }, `Sportello is listening: open ${url} to chat`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Sportello could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
