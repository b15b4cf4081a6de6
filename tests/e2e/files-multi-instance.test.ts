import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from '../helpers/browser';
import { DirectLineCitizen } from '../helpers/directline-citizen';
import { postgresReachable } from '../helpers/postgres';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres-database';

/**
 * Two instances share PostgreSQL and one FILES_DIR, as behind a load balancer: the citizen sends the libretto
 * to instance A, finishes the form on instance B, and the back office fetches the file from B, also after both
 * instances were restarted.
 */

jest.setTimeout(90_000);

const available = postgresReachable('files across instances');
const API_KEY = 'backoffice-key-for-two-instances';
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

(available ? describe : describe.skip)('web chat files across instances', () => {
  let db: TestDatabase;
  let dir: string;
  const apps: TestApp[] = [];
  const start = async () => {
    const app = await startTestApp({ DATABASE_URL: db.url(), FILES_DIR: dir, BACKOFFICE_API_KEY: API_KEY });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    db = await createTestDatabase('sportello_files');
    dir = mkdtempSync(path.join(os.tmpdir(), 'sportello-shared-files-'));
  });
  afterAll(async () => {
    for (const app of apps.splice(0)) await app.close().catch(() => undefined);
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves a file sent to one instance from the other, and after a restart', async () => {
    const a = await start();
    const b = await start();
    const citizen = new DirectLineCitizen(a.base);
    await citizen.start();
    for (const text of ['vorrei il pass sosta', 'RSSMRA80A01H501U', 'Mario Rossi', 'Via Roma 12', 'AB123CD'])
      await citizen.say(text);
    const form = new FormData();
    const activity = { type: 'message', from: { id: 'citizen' }, channelData: { clientActivityID: 'f1' } };
    form.append(
      'activity',
      new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }),
    );
    form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'libretto.pdf');
    const sent = await fetch(`${a.base}/v3/directline/conversations/${citizen.conversationId}/upload`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${citizen.token}` },
      body: form,
    });
    expect(sent.status).toBe(200);
    expect(await citizen.newBotText()).toContain('intestata a te');

    // The rest of the form on instance B.
    citizen.base = b.base;
    await citizen.say('sì');
    await citizen.say('salta');
    const done = await citizen.say('conferma');
    const protocol = /ESE-\d{4}-\d{6}/.exec(done)?.[0] ?? '';
    expect(protocol).not.toBe('');

    const fetchFile = async (base: string) => {
      const headers = { Authorization: `Bearer ${API_KEY}` };
      const ticket = await (await fetch(`${base}/api/backoffice/tickets/${protocol}`, { headers })).json();
      const res = await fetch(`${base}${ticket.attachments[0].href}`, { headers });
      return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
    };
    const fromB = await fetchFile(b.base);
    expect(fromB.status).toBe(200);
    expect(fromB.bytes.equals(PDF)).toBe(true);

    // Both instances restart: the file is still there.
    for (const app of apps.splice(0)) await app.close();
    const again = await start();
    const afterRestart = await fetchFile(again.base);
    expect(afterRestart.status).toBe(200);
    expect(afterRestart.bytes.equals(PDF)).toBe(true);
  });
});
