import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Activity, DirectLine } from 'botframework-directlinejs';
import { type TranscriptEntry, transcriptStream } from '../../../src/engine/transcript';
import { FILES, FileStore, type StoredFile } from '../../../src/files';
import { UPLOAD_MAX_BYTES } from '../../../src/http/body-limits';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import { call, fetchAjax, type Harness, NodeWebSocket, startHarness, waitFor } from './harness';

/**
 * Web Chat's paperclip: `POST /v3/directline/conversations/:id/upload` as the real botframework-directlinejs
 * client sends it (multipart, an `activity` blob and one `file` part per file), the files kept in the file
 * store's folder (never in the JSON storage) with their sniffed type.
 */

/** The start of a real PDF: what a scanned registration document begins with. */
const PDF = Buffer.from(
  '%PDF-1.4\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);
/** A page that claims to be a PDF. */
const FAKE_PDF = Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>');

interface Session {
  conversationId: string;
  token: string;
}

let h: Harness;
let dir: string;
let store: FileStore;
const clients: DirectLine[] = [];

async function session(): Promise<Session> {
  return (await call(h.baseUrl, 'POST', '/api/webchat/session', { body: {} })).body;
}

/** Posts an upload exactly as botframework-directlinejs builds it (`postMessageWithAttachments`). */
function upload(
  s: Session,
  files: Array<{ name: string; type: string; bytes: Buffer }>,
  options: { token?: string; clientActivityID?: string; conversationId?: string } = {},
): Promise<Response> {
  const form = new FormData();
  const activity = {
    type: 'message',
    from: { id: 'whoever' },
    attachments: files.map((f) => ({ contentType: f.type, name: f.name })),
    channelData: {
      attachmentSizes: files.map((f) => f.bytes.length),
      clientActivityID: options.clientActivityID ?? `c-${Math.random()}`,
    },
  };
  form.append(
    'activity',
    new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }),
  );
  for (const f of files) form.append('file', new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
  const conversation = options.conversationId ?? s.conversationId;
  return fetch(`${h.baseUrl}/v3/directline/conversations/${conversation}/upload?userId=whoever`, {
    method: 'POST',
    headers: options.token === '' ? {} : { Authorization: `Bearer ${options.token ?? s.token}` },
    body: form,
  });
}

async function storedFiles(): Promise<StoredFile[]> {
  return (await h.storage.list<StoredFile>(FILES)).map((e) => e.value);
}

/** The files in the folder (the temporary one aside). */
function folder(): string[] {
  return readdirSync(dir).filter((n) => n !== '.incoming');
}

beforeAll(async () => {
  (globalThis as { WebSocket?: unknown }).WebSocket = NodeWebSocket;
  dir = mkdtempSync(path.join(os.tmpdir(), 'sportello-upload-'));
  const storage = new MemoryStorage();
  store = new FileStore(storage, dir);
  h = await startHarness({ storage, files: store });
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.end();
  for (const f of await storedFiles()) await store.remove(f.conversation, f.id);
});

afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
  delete (globalThis as { WebSocket?: unknown }).WebSocket;
});

describe('Direct Line upload', () => {
  it('takes a file as Web Chat sends it, keeps its bytes in the folder and echoes it without content', async () => {
    const s = await session();
    const dl = new DirectLine({
      token: s.token,
      conversationId: s.conversationId,
      domain: `${h.baseUrl}/v3/directline`,
      webSocket: true,
      ajax: fetchAjax as never,
      WebSocket: NodeWebSocket as never,
    });
    clients.push(dl);
    const seen: Activity[] = [];
    dl.activity$.subscribe({ next: (a) => seen.push(a), error: () => undefined });
    // Web Chat gives each picked file a local URL; the client fetches it and posts the bytes (here a data: URL).
    const id = await new Promise<string>((resolve, reject) =>
      dl
        .postActivity({
          type: 'message',
          from: { id: 'whoever' },
          attachments: [
            {
              contentType: 'application/pdf',
              contentUrl: `data:application/pdf;base64,${PDF.toString('base64')}`,
              name: 'libretto.pdf',
            },
          ],
          channelData: { attachmentSizes: [PDF.length], clientActivityID: 'upload-1' },
        } as Activity)
        .subscribe({ next: resolve, error: reject }),
    );
    expect(id).toBe(`${s.conversationId}|0000001`);

    const echo = await waitFor('the echo', () =>
      seen.find((a) => a.channelData?.clientActivityID === 'upload-1'),
    );
    expect(echo.type === 'message' && echo.attachments).toEqual([
      { contentType: 'application/pdf', name: 'libretto.pdf' },
    ]);
    expect(echo.channelData).toEqual({ clientActivityID: 'upload-1', attachmentSizes: [PDF.length] });

    const [file] = await storedFiles();
    expect(file).toMatchObject({
      conversation: `webchat:${s.conversationId}`,
      name: 'libretto.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
    });
    // The bytes are in the folder, under the file's id; the JSON storage holds no content.
    expect(readFileSync(path.join(dir, file?.id ?? '')).equals(PDF)).toBe(true);
    expect(JSON.stringify(await h.storage.list(FILES))).not.toContain('PDF-1.4');
    const transcript = await h.storage.read<TranscriptEntry>(transcriptStream(`webchat:${s.conversationId}`));
    const inbound = transcript[0]?.value;
    expect(inbound?.dir === 'in' && inbound.files).toEqual([
      { storedId: file?.id, name: 'libretto.pdf', contentType: 'application/pdf', size: PDF.length },
    ]);
    expect(JSON.stringify(transcript)).not.toContain('base64');
  });

  it('takes the type from the content, not from the name or the declared type', async () => {
    const s = await session();
    const res = await upload(s, [{ name: 'libretto.pdf', type: 'application/pdf', bytes: FAKE_PDF }]);
    expect(res.status).toBe(200);
    const [file] = await storedFiles();
    expect(file).toMatchObject({ contentType: 'application/octet-stream', declaredType: 'application/pdf' });
    const transcript = await h.storage.read<TranscriptEntry>(transcriptStream(`webchat:${s.conversationId}`));
    const inbound = transcript[0]?.value;
    expect(inbound?.dir === 'in' && inbound.files?.[0]?.contentType).toBe('application/octet-stream');
  });

  it('keeps a file posted twice with the same clientActivityID once', async () => {
    const s = await session();
    const file = { name: 'libretto.pdf', type: 'application/pdf', bytes: PDF };
    const first = await upload(s, [file], { clientActivityID: 'same' });
    const again = await upload(s, [file], { clientActivityID: 'same' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
    expect(await storedFiles()).toHaveLength(1);
    expect(folder()).toHaveLength(1);
  });

  it('refuses an upload past the limit with 413 and keeps nothing of it', async () => {
    const s = await session();
    const big = Buffer.alloc(UPLOAD_MAX_BYTES + 1024, 0x41);
    big.write('%PDF-1.4\n');
    const res = await upload(s, [{ name: 'enorme.pdf', type: 'application/pdf', bytes: big }]);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
    expect(await storedFiles()).toEqual([]);
    expect(folder()).toEqual([]);
  });

  it('answers 401 without a token and 403 with another conversation’s, keeping nothing', async () => {
    const s = await session();
    const other = await session();
    const file = { name: 'libretto.pdf', type: 'application/pdf', bytes: PDF };
    expect((await upload(s, [file], { token: '' })).status).toBe(401);
    expect((await upload(s, [file], { token: other.token })).status).toBe(403);
    expect(await storedFiles()).toEqual([]);
  });

  it('refuses a body that is not multipart (415) and an upload without files (400)', async () => {
    const s = await session();
    const json = await call(h.baseUrl, 'POST', `/v3/directline/conversations/${s.conversationId}/upload`, {
      token: s.token,
      body: { type: 'message', text: 'ciao' },
    });
    expect(json.status).toBe(415);
    expect((await upload(s, [])).status).toBe(400);
  });
});

describe('Direct Line upload when the engine fails', () => {
  it('answers 503 and removes the files it received (the message was not kept)', async () => {
    const broken = await startHarness({ storage: h.storage, files: store, breakEngine: true });
    try {
      const s = (await call(broken.baseUrl, 'POST', '/api/webchat/session', { body: {} })).body as Session;
      const form = new FormData();
      form.append(
        'activity',
        new Blob([JSON.stringify({ type: 'message' })], { type: 'application/vnd.microsoft.activity' }),
      );
      form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'libretto.pdf');
      const res = await fetch(`${broken.baseUrl}/v3/directline/conversations/${s.conversationId}/upload`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${s.token}` },
        body: form,
      });
      expect(res.status).toBe(503);
      expect(await storedFiles()).toEqual([]);
      expect(folder()).toEqual([]);
    } finally {
      await broken.close();
    }
  });
});
