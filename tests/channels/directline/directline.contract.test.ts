import { mkdtempSync, rmSync } from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createDirectLine } from '../../../src/channels/directline';
import { FileStore } from '../../../src/files';
import { createServer } from '../../../src/http/server';
import { channelContract } from '../channel.contract';
import { directLineCitizen } from './directline-citizen';

channelContract(
  'webchat (Direct Line, botframework-directlinejs over WebSocket)',
  async ({ engine, storage }) => {
    const logger = pino({ level: 'silent' });
    const server = createServer(logger);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sportello-contract-files-'));
    const files = new FileStore(storage, dir);
    const directLine = await createDirectLine({ storage, engine, logger, tokenTtlSeconds: 3600, files });
    directLine.registerRoutes(server);
    directLine.attach(server.server as http.Server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const citizens: Array<{ end(): void }> = [];
    const pending: Array<Promise<void>> = [];
    return {
      channel: directLine.channel,
      citizen: () => {
        // The contract wants a citizen synchronously; the session request resolves before the first message.
        let ready: Awaited<ReturnType<typeof directLineCitizen>> | undefined;
        const start = directLineCitizen(baseUrl).then((c) => {
          ready = c;
          citizens.push(c);
        });
        pending.push(start);
        const when = async <T>(f: (c: NonNullable<typeof ready>) => Promise<T>) => {
          await start;
          return f(ready as NonNullable<typeof ready>);
        };
        return {
          get ref() {
            if (!ready) throw new Error('citizen not connected yet');
            return ready.ref;
          },
          say: (text: string) => when((c) => c.say(text)),
          sayTwice: (text: string) => when((c) => c.sayTwice(text)),
          press: (label: string) => when((c) => c.press(label)),
          shareLocation: (lat: number, lon: number) => when((c) => c.shareLocation(lat, lon)),
          sendPhoto: () => when((c) => c.sendPhoto()),
          received: () => ready?.received() ?? [],
        };
      },
      async close() {
        await Promise.allSettled(pending);
        for (const c of citizens) c.end();
        await directLine.close();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
);
