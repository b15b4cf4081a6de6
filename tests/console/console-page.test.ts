import { fillChrome } from '../../src/console/console-page';

describe('console page chrome', () => {
  const chrome = {
    city: 'Comune di <Prova>',
    privacyUrl: 'https://www.comune.prova.it/privacy',
    accessibilityUrl: 'javascript:alert(1)',
  };

  it('fills the slim header, the footer and the comune name, escaped', () => {
    const html = fillChrome('<header><!--slim-header--><p>{{city}}</p></header><!--footer-->', chrome);
    expect(html).toContain('<p class="slim-name">Comune di &lt;Prova&gt;</p>');
    expect(html).toContain('<p>Comune di &lt;Prova&gt;</p>');
    expect(html).toContain('<a href="https://www.comune.prova.it/privacy" target="_blank" rel="noopener">');
    expect(html).not.toContain('<!--');
  });

  it('links the accessibility statement only at an http(s) address', () => {
    const html = fillChrome('<!--footer-->', chrome);
    expect(html).toContain('<a href="#" target="_blank" rel="noopener">Dichiarazione di accessibilità</a>');
    expect(html).not.toContain('javascript:');
  });
});
