import { choiceKind, renderCloudReply, splitText } from '../../../src/channels/whatsapp-cloud/render';

/** A rendered message as loose JSON, to look into. */
// biome-ignore lint/suspicious/noExplicitAny: test inspection of JSON bodies
const view = (m: unknown): any => m;

const options = (n: number, label = (i: number) => `Opzione ${i}`) =>
  Array.from({ length: n }, (_, i) => ({ label: label(i + 1), value: `v${i + 1}` }));

describe('WhatsApp Cloud API rendering', () => {
  it('uses reply buttons for up to 3 short choices, a list up to 10, numbered text beyond', () => {
    expect(choiceKind(options(3))).toBe('buttons');
    expect(choiceKind(options(4))).toBe('list');
    expect(choiceKind(options(10))).toBe('list');
    expect(choiceKind(options(11))).toBe('numbered');
    // A label too long for a button title (20) goes to a list instead of being cut.
    expect(choiceKind([{ label: 'Certificato di residenza', value: 'a' }])).toBe('list');
  });

  it('renders more than 10 choices as a numbered menu in the conversation’s language', () => {
    const [message] = renderCloudReply({ text: 'Quale ufficio?', choices: options(12) }, 'it');
    expect(message?.type).toBe('text');
    const body = view(message).text.body as string;
    expect(body).toMatch(/^Quale ufficio\?\n\n1\. Opzione 1\n2\. Opzione 2\n/);
    expect(body).toContain('12. Opzione 12');
    expect(body).toContain('Rispondi con il numero');
  });

  it('cuts long list titles to 24 characters and shows the whole label in the description', () => {
    const [message] = renderCloudReply(
      { text: 'Scegli', choices: options(5, (i) => `Richiesta certificato anagrafico numero ${i}`) },
      'en',
    ).map(view);
    const rows = message.interactive.action.sections[0].rows;
    expect(rows[0].title).toHaveLength(24);
    expect(rows[0].title.endsWith('…')).toBe(true);
    expect(rows[0].description).toBe('Richiesta certificato anagrafico numero 1');
    expect(message.interactive.action.button).toBe('See the options');
  });

  it('sends a body longer than an interactive message allows as text first, then the choices', () => {
    const long = 'Lorem ipsum dolor sit amet. '.repeat(60);
    const messages = renderCloudReply({ text: long, format: 'plain', choices: options(2) }, 'it');
    expect(messages.map((m) => m.type)).toEqual(['text', 'interactive']);
    expect(view(messages[1]).interactive.body.text).toBe('Scegli un’opzione:');
  });

  it('adds links as lines and attachments with a URL as image or document messages', () => {
    const messages = renderCloudReply(
      {
        text: 'Ecco il modulo.',
        links: [{ label: 'Fonte', url: 'https://www.comune.esempio.it/anagrafe' }],
        attachments: [
          {
            contentType: 'application/pdf',
            url: 'https://www.comune.esempio.it/modulo.pdf',
            name: 'modulo.pdf',
          },
          { contentType: 'image/png', url: 'https://www.comune.esempio.it/mappa.png' },
          { contentType: 'image/png', fileId: 'only-an-id' },
        ],
      },
      'it',
    );
    expect(messages).toEqual([
      {
        type: 'text',
        text: { body: 'Ecco il modulo.\nFonte: https://www.comune.esempio.it/anagrafe', preview_url: true },
      },
      {
        type: 'document',
        document: { link: 'https://www.comune.esempio.it/modulo.pdf', filename: 'modulo.pdf' },
      },
      { type: 'image', image: { link: 'https://www.comune.esempio.it/mappa.png' } },
    ]);
  });

  it('splits text longer than 4096 characters at word boundaries', () => {
    const pieces = splitText('parola '.repeat(1500), 4096);
    expect(pieces.length).toBe(3);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(4096);
    expect(pieces.join(' ')).toBe('parola '.repeat(1500).trim());
  });
});
