import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pino from 'pino';
import WebSocket from 'ws';
import { createDirectLine, type DirectLine } from '../../../src/channels/directline';
import { registerWebChatPage } from '../../../src/channels/webchat';
import { Engine } from '../../../src/engine/engine';
import { useStandardPipeline } from '../../../src/engine/standard-pipeline';
import type { FileStore } from '../../../src/files';
import { QueuedHandoff } from '../../../src/handoff/queued-handoff';
import { createServer } from '../../../src/http/server';
import { detectLanguage } from '../../../src/kb/detect-language';
import { cityPalette, registerLookAssets } from '../../../src/look';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import type { Storage } from '../../../src/storage/storage';

/** A running Direct Line server on localhost with a real engine, for integration tests. */
export interface Harness {
  baseUrl: string;
  storage: Storage;
  engine: Engine;
  directLine: DirectLine;
  close(): Promise<void>;
}

/** Options of {@link startHarness}. */
export interface HarnessOptions {
  storage?: Storage;
  secret?: string;
  tokenTtlSeconds?: number;
  now?: () => Date;
  /** Replaces the engine's handle (e.g. to make it fail). */
  breakEngine?: boolean;
  /** Also serves the web chat page at `/`. */
  page?: boolean;
  /** Where uploads are kept (enables `…/upload`). */
  files?: FileStore;
  port?: number;
}

/** Starts engine + Direct Line routes + streams on a random port. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const logger = pino({ level: 'silent' });
  const storage = options.storage ?? new MemoryStorage();
  const engine = new Engine({
    storage,
    logger,
    settings: { city: 'Comune di Esempio', privacyUrl: 'https://example.org/privacy' },
    defaultLang: 'it',
  });
  useStandardPipeline(engine, { detectLanguage, handoff: new QueuedHandoff(storage) });
  if (options.breakEngine) engine.handleTurn = async () => Promise.reject(new Error('database on fire'));
  const server = createServer(logger);
  const directLine = await createDirectLine({
    storage,
    engine,
    logger,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    ...(options.secret ? { secret: options.secret } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.files ? { files: options.files } : {}),
  });
  directLine.registerRoutes(server);
  if (options.page) {
    registerLookAssets(server, cityPalette('#0066CC'));
    registerWebChatPage(server, {
      city: 'Comune di Esempio',
      privacyUrl: 'https://example.org/privacy',
      accessibilityUrl: 'https://example.org/accessibilita',
    });
  }
  directLine.attach(server.server as http.Server);
  engine.addChannel(directLine.channel);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    storage,
    engine,
    directLine,
    async close() {
      await directLine.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** JSON request helper: resolves status, headers and parsed body. */
export async function call(
  baseUrl: string,
  method: string,
  urlPath: string,
  options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect response bodies freely
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.raw !== undefined) {
    body = options.raw;
    headers['Content-Type'] ??= 'application/json';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(`${baseUrl}${urlPath}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep text
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

// botframework-directlinejs runs on rxjs 5; its ajax must return an Observable of that same rxjs.
const rxjsDir = path.dirname(require.resolve('botframework-directlinejs'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Observable } = require(require.resolve('rxjs/Observable', { paths: [rxjsDir] }));

interface AjaxRequest {
  method?: string;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeout?: number;
  responseType?: string;
}

/**
 * An `ajax` service for botframework-directlinejs in Node, built on fetch: the library's default uses
 * XMLHttpRequest, which Node does not have. Same response/error shape as rxjs' AjaxObservable.
 */
export function fetchAjax(request: AjaxRequest | string): unknown {
  const req: AjaxRequest = typeof request === 'string' ? { url: request } : request;
  return Observable.create(
    (subscriber: { next(v: unknown): void; error(e: unknown): void; complete(): void }) => {
      const controller = new AbortController();
      const timer = req.timeout ? setTimeout(() => controller.abort(), req.timeout) : undefined;
      // A file upload posts FormData, which fetch sends as multipart itself, as a browser's XHR would.
      const body =
        req.body === undefined
          ? undefined
          : typeof req.body === 'string' || req.body instanceof FormData
            ? req.body
            : JSON.stringify(req.body);
      fetch(req.url, {
        method: req.method ?? 'GET',
        headers: req.headers ?? {},
        signal: controller.signal,
        ...(body !== undefined ? { body } : {}),
      })
        .then(async (res) => {
          let response: unknown;
          if (req.responseType === 'arraybuffer') response = await res.arrayBuffer();
          else {
            const text = await res.text();
            response = text;
            try {
              response = text ? JSON.parse(text) : null;
            } catch {
              // leave as text
            }
          }
          const xhr = { status: res.status, getResponseHeader: (name: string) => res.headers.get(name) };
          if (res.status >= 200 && res.status < 300) {
            subscriber.next({ response, status: res.status, xhr });
            subscriber.complete();
          } else {
            subscriber.error({ response, status: res.status, xhr, message: `ajax error ${res.status}` });
          }
        })
        .catch((err: unknown) => subscriber.error({ status: 0, xhr: { getResponseHeader: () => null }, err }))
        .finally(() => clearTimeout(timer));
      return () => {
        clearTimeout(timer);
        controller.abort();
      };
    },
  );
}

/** The WebSocket implementation directlinejs should use in Node 20 (which has no global WebSocket). */
export const NodeWebSocket = WebSocket;

/** Polls `predicate` until true or throws after `ms` with `what` in the message. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
