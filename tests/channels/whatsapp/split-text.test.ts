import fc from 'fast-check';
import { renderWebReply } from '../../../src/channels/whatsapp/render';
import { splitText } from '../../../src/channels/whatsapp/split-text';
import { renderCloudReply } from '../../../src/channels/whatsapp-cloud/render';

const fences = (piece: string) => piece.split('```').length - 1;
/** What a reader sees once the pieces are read one after the other, without the fences added to split. */
const rejoin = (pieces: string[]) =>
  pieces
    .join(' ')
    .replace(/```\s*```/g, ' ')
    .replace(/\s+/g, ' ');

describe('WhatsApp text splitting and code blocks', () => {
  const prose = 'Per il rinnovo servono questi dati. '.repeat(80);
  const code = `\`\`\`${'IBAN IT60X0542811101000000123456\n'.repeat(30)}\`\`\``;

  it('ends a piece before a code block rather than cutting through it', () => {
    const pieces = splitText(`${prose}\n\n${code}\n\nGrazie.`, 3000);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(3000);
      expect(fences(piece) % 2).toBe(0);
    }
    expect(pieces.some((p) => p.startsWith(code))).toBe(true);
  });

  it('closes and reopens a code block longer than one message', () => {
    const long = `\`\`\`${'riga di codice numero uno\n'.repeat(400)}\`\`\``;
    const pieces = splitText(long, 4096);
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(4096);
      expect(piece.startsWith('```')).toBe(true);
      expect(piece.endsWith('```')).toBe(true);
    }
    expect(rejoin(pieces)).toBe(rejoin([long]));
  });

  it('keeps every piece within the limit with balanced fences, for any mix of prose and blocks', () => {
    const word = fc.constantFrom('via', 'Roma', 'anagrafe', 'IT60X0542811101000000123456', '\n', '\n\n');
    const words = (n: number) => fc.array(word, { minLength: 1, maxLength: n }).map((w) => w.join(' '));
    const block = words(200).map((w) => `\`\`\`${w.trim() || 'x'}\`\`\``);
    const text = fc
      .array(fc.oneof(words(60), block), { minLength: 1, maxLength: 8 })
      .map((p) => p.join('\n\n'));
    fc.assert(
      fc.property(text, fc.integer({ min: 60, max: 400 }), (t, max) => {
        const pieces = splitText(t, max);
        for (const piece of pieces) {
          expect(piece.length).toBeLessThanOrEqual(max);
          expect(fences(piece) % 2).toBe(0);
        }
        expect(rejoin(pieces)).toBe(rejoin([t.trim()]));
      }),
    );
  });

  it('never leaves an open block in a message of either WhatsApp adapter', () => {
    const block = `\`\`\`\n${'codice 12345\n'.repeat(500)}\`\`\``;
    const reply = { text: `${prose.repeat(2)}\n\n${block}` };
    const web = renderWebReply(reply, 'it');
    const cloud = renderCloudReply(reply, 'it').map(
      (m) => (m as unknown as { text: { body: string } }).text.body,
    );
    for (const messages of [web, cloud]) {
      expect(messages.length).toBeGreaterThan(2);
      for (const m of messages) expect(fences(m) % 2).toBe(0);
    }
  });
});
