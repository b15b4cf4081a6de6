import { escapeMarkdown, renderMarkdown } from '../../../src/channels/render/markdown';

describe('renderMarkdown', () => {
  const answer = [
    '## Carta d’identità',
    '',
    'Serve **prenotare** su _Agenda CIE_: [prenota](https://agendacie.interno.gov.it?a=1&b=2).',
    '',
    '- documento scaduto',
    '- 1 foto',
    '',
    'Costo: `22,21 €`',
  ].join('\n');

  it('leaves Markdown unchanged for Markdown channels', () => {
    expect(renderMarkdown(answer, 'markdown')).toBe(answer);
  });

  it('gives Telegram HTML with bold, italic, code, links and bullet lists', () => {
    expect(renderMarkdown(answer, 'telegram-html')).toBe(
      [
        '<b>Carta d’identità</b>',
        '',
        'Serve <b>prenotare</b> su <i>Agenda CIE</i>: <a href="https://agendacie.interno.gov.it?a=1&amp;b=2">prenota</a>.',
        '',
        '• documento scaduto',
        '• 1 foto',
        '',
        'Costo: <code>22,21 €</code>',
      ].join('\n'),
    );
  });

  it('escapes &, < and > in Telegram HTML so raw HTML is shown, never interpreted', () => {
    const html = renderMarkdown('<script>alert("x")</script> & <b>not bold</b>', 'telegram-html');
    expect(html).toBe('&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;b&gt;not bold&lt;/b&gt;');
  });

  it('escapes code blocks and keeps a safe language class', () => {
    expect(renderMarkdown('```js"><x\nif (a < b && c) {}\n```', 'telegram-html')).toBe(
      '<pre><code class="language-jsx">if (a &lt; b &amp;&amp; c) {}</code></pre>',
    );
  });

  it('drops hrefs that are not web, mail or phone links and quotes attribute values', () => {
    expect(renderMarkdown('[a](javascript:alert(1))', 'telegram-html')).toBe('[a](javascript:alert(1))');
    expect(renderMarkdown('[a](https://x.org/"onmouseover=")', 'telegram-html')).toBe(
      '<a href="https://x.org/%22onmouseover=%22">a</a>',
    );
    expect(renderMarkdown('[chiama](tel:+390612345)', 'telegram-html')).toBe(
      '<a href="tel:+390612345">chiama</a>',
    );
  });

  it('renders nested and ordered lists with indentation', () => {
    expect(renderMarkdown('3. tre\n4. quattro\n   - dettaglio', 'plain')).toBe(
      '3. tre\n4. quattro\n   • dettaglio',
    );
  });

  it('gives WhatsApp *bold* _italic_ ~strike~ ```mono``` and links as "label: url"', () => {
    expect(
      renderMarkdown('# Orari\n\n**Lun** _mattina_ ~~sab~~ `9-12` [sito](https://x.org)', 'whatsapp'),
    ).toBe('*Orari*\n\n*Lun* _mattina_ ~sab~ ```9-12``` sito: https://x.org');
  });

  it('gives WhatsApp the URL alone when the sentence already introduces the link with a colon', () => {
    expect(renderMarkdown('Leggi l’informativa privacy: [informativa](https://x.org/p).', 'whatsapp')).toBe(
      'Leggi l’informativa privacy: https://x.org/p.',
    );
    expect(renderMarkdown('Scrivi **qui**: [modulo](https://x.org/m)', 'whatsapp')).toBe(
      'Scrivi *qui*: https://x.org/m',
    );
    expect(renderMarkdown('Apri il [modulo](https://x.org/m) e firmalo', 'whatsapp')).toBe(
      'Apri il modulo: https://x.org/m e firmalo',
    );
  });

  it('gives plain text with links as "label (url)" and bare URLs as typed', () => {
    expect(renderMarkdown('Vedi **qui**: [informativa](https://x.org/p) o www.x.org', 'plain')).toBe(
      'Vedi qui: informativa (https://x.org/p) o www.x.org',
    );
  });

  it('renders block quotes and tables readably', () => {
    expect(renderMarkdown('> nota\n\n| a | b |\n|---|---|\n| 1 | 2 |', 'telegram-html')).toBe(
      '<blockquote>nota</blockquote>\n\n<b>a</b> | <b>b</b>\n1 | 2',
    );
  });
});

describe('escapeMarkdown', () => {
  it('makes citizen text show literally after rendering on every markup', () => {
    const hostile = '**hi** [click](https://evil.example) <b>x</b> _y_ `z` # 1. &amp;';
    const escaped = escapeMarkdown(hostile);
    expect(renderMarkdown(escaped, 'plain')).toBe(hostile);
    expect(renderMarkdown(escaped, 'whatsapp')).toBe(hostile);
    expect(renderMarkdown(escaped, 'telegram-html')).toBe(
      '**hi** [click](https://evil.example) &lt;b&gt;x&lt;/b&gt; _y_ `z` # 1. &amp;amp;',
    );
  });
});
