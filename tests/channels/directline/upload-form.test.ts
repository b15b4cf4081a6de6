import { startTestApp, type TestApp } from '../../helpers/browser';
import { DirectLineCitizen } from '../../helpers/directline-citizen';

/**
 * The form step's own rules hold for web chat uploads, judged on what the server received: the type sniffed
 * from the content (not the name or the declared type), the real size, the number of files.
 */

jest.setTimeout(60_000);

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

let testApp: TestApp;
beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(async () => {
  await testApp?.close();
});

/** A citizen at the libretto question of the resident parking pass. */
async function atLibretto(): Promise<DirectLineCitizen> {
  const citizen = new DirectLineCitizen(testApp.base);
  await citizen.start();
  await citizen.say('vorrei il pass sosta');
  await citizen.say('RSSMRA80A01H501U');
  await citizen.say('Mario Rossi');
  await citizen.say('Via Roma 12');
  expect(await citizen.say('AB123CD')).toContain('libretto di circolazione');
  return citizen;
}

/** Sends files through the upload as Web Chat does, and resolves the bot's answer. */
async function send(
  citizen: DirectLineCitizen,
  files: Array<{ name: string; type: string; bytes: Buffer }>,
): Promise<string> {
  const form = new FormData();
  const activity = {
    type: 'message',
    from: { id: 'citizen' },
    // The client's word on sizes is not taken: it claims 1 byte each.
    channelData: { clientActivityID: `${Math.random()}`, attachmentSizes: files.map(() => 1) },
  };
  form.append(
    'activity',
    new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }),
  );
  for (const f of files) form.append('file', new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
  const res = await fetch(`${testApp.base}/v3/directline/conversations/${citizen.conversationId}/upload`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${citizen.token}` },
    body: form,
  });
  expect(res.status).toBe(200);
  return citizen.newBotText();
}

describe('web chat uploads against the step’s accept, maxSizeMb and maxFiles', () => {
  it('refuses a page named .pdf and declared application/pdf, then takes a real PDF', async () => {
    const citizen = await atLibretto();
    const fake = Buffer.from('<html><body>not a registration document</body></html>');
    const refused = await send(citizen, [{ name: 'libretto.pdf', type: 'application/pdf', bytes: fake }]);
    expect(refused).toContain('il file non è di un tipo accettato (image/*, application/pdf)');
    const taken = await send(citizen, [{ name: 'libretto.pdf', type: 'application/pdf', bytes: PDF }]);
    expect(taken).toContain('intestata a te');
  });

  it('takes no file posted as JSON by URL: its type is only the client’s word', async () => {
    const citizen = await atLibretto();
    const res = await fetch(
      `${testApp.base}/v3/directline/conversations/${citizen.conversationId}/activities`,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${citizen.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          from: { id: 'citizen' },
          attachments: [
            { contentType: 'application/pdf', contentUrl: 'https://example.org/x.pdf', name: 'x.pdf' },
          ],
        }),
      },
    );
    expect(res.status).toBe(200);
    expect(await citizen.newBotText()).toContain('invia il documento come allegato');
  });

  it('refuses a file larger than the step’s maxSizeMb (10 MB), whatever size the client claims', async () => {
    const citizen = await atLibretto();
    const big = Buffer.alloc(11 * 1024 * 1024, 0x20);
    PDF.copy(big);
    expect(await send(citizen, [{ name: 'libretto.pdf', type: 'application/pdf', bytes: big }])).toContain(
      'il file è troppo grande (al massimo 10 MB)',
    );
  });

  it('refuses more files than the step takes (5 by default)', async () => {
    const citizen = await atLibretto();
    const six = Array.from({ length: 6 }, (_, i) => ({
      name: `pagina-${i}.pdf`,
      type: 'application/pdf',
      bytes: PDF,
    }));
    expect(await send(citizen, six)).toContain('puoi inviare al massimo 5 file');
  });
});
