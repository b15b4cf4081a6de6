import path from 'node:path';
import { z } from 'zod';
import { backendNames, findBackend } from './backends';
import { pluginChannels } from './channels/registry';
import { allowedOriginsSchema } from './channels/webchat/allowed-origins';
import { checkTimeZone, parseHolidays, parseOfficeHours } from './handoff/office-hours';
import { DEFAULT_ANSWER_THRESHOLD, DEFAULT_SUGGEST_THRESHOLD } from './kb/policy';
import { DEFAULT_SEMANTIC_RULES } from './kb/semantic/semantic-decision';
import { SportelloError } from './shared/errors';

/** The environment could not be parsed; `message` is one line naming the variable. */
export class ConfigError extends SportelloError {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super('config_invalid', `Invalid configuration: ${variable} ${reason}`);
  }
}

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalUrl = z.string().url().optional();
/** A zod refinement reporting the office-hours parser's own message. */
const officeCheck =
  (parse: (value: string) => unknown) =>
  (value: string, ctx: z.RefinementCtx): void => {
    try {
      parse(value);
    } catch (err) {
      const message = err instanceof Error ? err.message.replace(/^[A-Z_]+: /, '') : 'is invalid';
      ctx.addIssue({ code: 'custom', message });
    }
  };

/**
 * Every environment variable Sportello reads, with its default. `.env.example` documents each one; the
 * docs/configuration.md's table mirrors it.
 */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: optionalUrl,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CITY_NAME: z.string().min(1).default('Comune di Esempio'),
  CITY_CODE: z
    .string()
    .regex(/^[A-Z]{2,5}$/, 'must be 2 to 5 capital letters')
    .default('ESE'),
  CITY_REGION: z.string().optional(),
  CITY_COLOR: z
    .string()
    .regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'must be a hex colour such as #0066CC')
    .default('#0066CC'),
  PRIVACY_URL: z.string().url().default('https://www.comune.esempio.it/privacy'),
  ACCESSIBILITY_URL: z.string().url().default('https://www.comune.esempio.it/dichiarazione-accessibilita'),
  DEFAULT_LANG: z.enum(['it', 'en']).default('it'),
  DATABASE_URL: z
    .string()
    .refine((url) => findBackend(url) !== undefined, {
      // A function: backends registered after this module loaded are named too.
      error: () =>
        `must name a registered storage backend (${backendNames().join(', ')}), e.g. sqlite:<file>`,
    })
    .default('sqlite:./data/sportello.db'),
  FILES_DIR: z.string().min(1).optional(),
  DIRECTLINE_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  DIRECTLINE_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  WIDGET_ALLOWED_ORIGINS: allowedOriginsSchema,
  MICROSOFT_APP_ID: z.string().optional(),
  MICROSOFT_APP_PASSWORD: z.string().optional(),
  MICROSOFT_APP_TENANT_ID: z.string().optional(),
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  BOTFRAMEWORK_ALLOW_ANONYMOUS: bool.default(false),
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  NEW_CONVERSATIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(300),
  NEW_CONVERSATIONS_GLOBAL: z.coerce.number().int().min(1).default(600),
  HANDOFFS_PER_CONVERSATION: z.coerce.number().int().min(1).default(4),
  HANDOFFS_PER_ADDRESS: z.coerce.number().int().min(1).default(30),
  KB_DIR: z.string().min(1).default('./knowledge'),
  KB_WATCH: bool.default(true),
  KB_ANSWER_THRESHOLD: z.coerce.number().min(0).max(1).default(DEFAULT_ANSWER_THRESHOLD),
  KB_SUGGEST_THRESHOLD: z.coerce.number().min(0).max(1).default(DEFAULT_SUGGEST_THRESHOLD),
  LLM_PROVIDER: z.enum(['none', 'openai', 'ollama']).default('none'),
  LLM_MODEL: z.string().optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: optionalUrl,
  OLLAMA_BASE_URL: z.string().url().default('http://127.0.0.1:11434'),
  KB_EMBEDDINGS: z.enum(['none', 'openai', 'ollama']).default('none'),
  KB_EMBEDDINGS_URL: optionalUrl,
  KB_EMBEDDINGS_MODEL: z.string().min(1).optional(),
  KB_EMBEDDINGS_API_KEY: z.string().optional(),
  KB_EMBEDDINGS_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(250),
  KB_EMBEDDINGS_QUERY_PREFIX: z.string().optional(),
  KB_EMBEDDINGS_DOCUMENT_PREFIX: z.string().optional(),
  KB_EMBEDDINGS_BATCH: z.coerce.number().int().min(1).max(2048).default(32),
  KB_SEMANTIC_MIN_Z: z.coerce.number().min(0).max(20).default(DEFAULT_SEMANTIC_RULES.minZ),
  KB_SEMANTIC_MIN_GAP: z.coerce.number().min(0).max(20).default(DEFAULT_SEMANTIC_RULES.minGap),
  DIALOGS_DIR: z.string().min(1).default('./dialogs'),
  BACKOFFICE_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  WEBHOOK_URL: optionalUrl,
  WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  CITIZEN_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters (256 bits for HS256)').optional(),
  CITIZEN_TOKEN_JWKS_URL: optionalUrl,
  CITIZEN_TOKEN_AUDIENCE: z.string().min(1).optional(),
  CITIZEN_TOKEN_ISSUER: z.string().min(1).optional(),
  IO_API_URL: z.string().url().default('https://api.io.pagopa.it/api/v1'),
  IO_API_KEY: z.string().min(1).optional(),
  IO_REQUESTS_PER_SECOND: z.coerce.number().min(0.1).max(1000).default(30),
  PAGOPA_GPD_URL: z.string().url().default('https://api.platform.pagopa.it/gpd/debt-positions-service/v1'),
  PAGOPA_API_KEY: z.string().min(1).optional(),
  PAGOPA_ORG_FISCAL_CODE: z
    .string()
    .regex(/^[0-9]{11}$/, 'must be the comune’s fiscal code (11 digits)')
    .optional(),
  PAGOPA_CHECKOUT_URL: z.string().url().default('https://api.platform.pagopa.it/checkout/ec/v1'),
  PAGOPA_SEGREGATION_CODE: z
    .string()
    .regex(/^[0-4][0-9]$/, 'must be the two-digit segregation code PagoPA assigned (00–49)')
    .default('00'),
  PAGOPA_POLL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  WHATSAPP_ENABLED: bool.default(false),
  WHATSAPP_SESSION_DIR: z.string().min(1).default('./data/whatsapp-session'),
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  WHATSAPP_PAIRING_NUMBER: z
    .string()
    .regex(/^\d{8,15}$/, 'must be the international number, digits only (e.g. 390612345678)')
    .optional(),
  WHATSAPP_CLOUD_TOKEN: z.string().optional(),
  WHATSAPP_CLOUD_PHONE_NUMBER_ID: z.string().regex(/^\d+$/, 'must be the numeric phone number id').optional(),
  WHATSAPP_CLOUD_APP_SECRET: z.string().optional(),
  WHATSAPP_CLOUD_VERIFY_TOKEN: z.string().optional(),
  WHATSAPP_CLOUD_API_ROOT: z.string().url().default('https://graph.facebook.com'),
  WHATSAPP_CLOUD_TEMPLATE: z.string().optional(),
  WHATSAPP_CLOUD_TEMPLATE_LANG: z.string().default('it'),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]+$/, 'must look like 123456:ABC-DEF… (the token BotFather gives)')
    .optional(),
  TELEGRAM_WEBHOOK_URL: z.string().url().startsWith('https://', 'must be an https:// URL').optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[\w-]{16,256}$/, 'must be 16 to 256 letters, digits, _ or -')
    .optional(),
  TELEGRAM_API_ROOT: z.string().url().default('https://api.telegram.org'),
  OFFICE_HOURS: z
    .string()
    .default('mon-fri 08:30-12:30; tue,thu 14:30-17:00')
    .superRefine(officeCheck(parseOfficeHours)),
  OFFICE_HOLIDAYS: z.string().default('').superRefine(officeCheck(parseHolidays)),
  OFFICE_TIMEZONE: z.string().default('Europe/Rome').superRefine(officeCheck(checkTimeZone)),
  APPOINTMENT_REMINDER_HOUR: z.coerce.number().int().min(0).max(23).default(9),
  CONSOLE_SESSION_TTL_MINUTES: z.coerce.number().int().min(5).max(1440).default(480),
  LOGIN_RATE_PER_ADDRESS: z.coerce.number().int().min(1).default(30),
  LOGIN_RATE_GLOBAL: z.coerce.number().int().min(1).default(60),
  RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(365),
  RETENTION_SWEEP_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  TRUST_PROXY: bool.default(false),
});

/**
 * Where the files citizens send are kept (`FILES_DIR`): the configured folder, else a `files` folder next to
 * the SQLite database, else `./data/files`.
 */
export function filesDir(config: Pick<Config, 'FILES_DIR' | 'DATABASE_URL'>): string {
  if (config.FILES_DIR) return config.FILES_DIR;
  const local = findBackend(config.DATABASE_URL)?.localDir?.(config.DATABASE_URL);
  return local ? path.join(local, 'files') : './data/files';
}

/** Parsed configuration. */
export type Config = z.infer<typeof envSchema> & {
  /** Each registered plug-in channel's own settings, parsed by its `settings` schema (by channel name). */
  channelSettings: Readonly<Record<string, unknown>>;
};

/** Reads each registered plug-in channel's settings from the environment, naming the first wrong variable. */
function channelSettings(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const module of pluginChannels()) {
    if (!module.settings) continue;
    const cleaned = Object.fromEntries(
      Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1].trim() !== ''),
    );
    const result = module.settings.safeParse(cleaned);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new ConfigError(String(issue?.path[0] ?? module.name), issue?.message ?? 'is invalid');
    }
    settings[module.name] = result.data;
  }
  return settings;
}

/**
 * Parses the environment once. Empty strings count as unset (so `.env.example` can list every variable).
 * Throws {@link ConfigError} naming the first wrong variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') cleaned[key] = value.trim();
  }
  const result = envSchema.safeParse(cleaned);
  if (result.success) {
    const config: Config = { ...result.data, channelSettings: channelSettings(env) };
    if (config.LLM_PROVIDER === 'openai' && !config.OPENAI_API_KEY)
      throw new ConfigError('OPENAI_API_KEY', 'is required when LLM_PROVIDER=openai');
    if (
      config.KB_EMBEDDINGS === 'openai' &&
      !config.KB_EMBEDDINGS_URL &&
      !config.OPENAI_BASE_URL &&
      !config.KB_EMBEDDINGS_API_KEY &&
      !config.OPENAI_API_KEY
    )
      throw new ConfigError(
        'KB_EMBEDDINGS_API_KEY',
        'is required when KB_EMBEDDINGS=openai calls OpenAI itself (or set KB_EMBEDDINGS_URL to your server)',
      );
    if (config.WHATSAPP_CLOUD_TOKEN) {
      for (const name of [
        'WHATSAPP_CLOUD_PHONE_NUMBER_ID',
        'WHATSAPP_CLOUD_APP_SECRET',
        'WHATSAPP_CLOUD_VERIFY_TOKEN',
      ] as const)
        if (!config[name]) throw new ConfigError(name, 'is required when WHATSAPP_CLOUD_TOKEN is set');
    }
    if (config.CITIZEN_TOKEN_SECRET || config.CITIZEN_TOKEN_JWKS_URL) {
      // A citizen assertion is only as good as the checks on who made it and for whom.
      for (const name of ['CITIZEN_TOKEN_AUDIENCE', 'CITIZEN_TOKEN_ISSUER'] as const)
        if (!config[name])
          throw new ConfigError(
            name,
            'is required when CITIZEN_TOKEN_SECRET or CITIZEN_TOKEN_JWKS_URL is set',
          );
    }
    if (config.PAGOPA_API_KEY && !config.PAGOPA_ORG_FISCAL_CODE)
      throw new ConfigError('PAGOPA_ORG_FISCAL_CODE', 'is required when PAGOPA_API_KEY is set');
    if (config.TELEGRAM_WEBHOOK_URL && !config.TELEGRAM_WEBHOOK_SECRET)
      throw new ConfigError('TELEGRAM_WEBHOOK_SECRET', 'is required when TELEGRAM_WEBHOOK_URL is set');
    if (config.BOTFRAMEWORK_ALLOW_ANONYMOUS && config.PUBLIC_URL?.startsWith('https://'))
      throw new ConfigError(
        'BOTFRAMEWORK_ALLOW_ANONYMOUS',
        'must not be true with an https PUBLIC_URL (a public site): set MICROSOFT_APP_ID instead',
      );
    if (config.BOTFRAMEWORK_ALLOW_ANONYMOUS && config.MICROSOFT_APP_ID)
      throw new ConfigError(
        'BOTFRAMEWORK_ALLOW_ANONYMOUS',
        'must not be true with MICROSOFT_APP_ID (then every request carries a Bot Framework token)',
      );
    if (config.KB_SUGGEST_THRESHOLD > config.KB_ANSWER_THRESHOLD)
      throw new ConfigError('KB_SUGGEST_THRESHOLD', 'must not be greater than KB_ANSWER_THRESHOLD');
    return config;
  }
  const issue = result.error.issues[0];
  const variable = String(issue?.path[0] ?? 'environment');
  const shown = cleaned[variable] !== undefined ? ` (got "${cleaned[variable]}")` : '';
  throw new ConfigError(variable, `${issue?.message ?? 'is invalid'}${shown}`);
}
