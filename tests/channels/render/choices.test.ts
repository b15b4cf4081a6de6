import { matchChoice, numberedMenu } from '../../../src/channels/render/choices';

const choices = [
  { label: 'Domande frequenti', value: 'menu:faq' },
  { label: 'Avvia una pratica', value: 'menu:services' },
  { label: 'Parla con un operatore', value: 'menu:operator' },
  { label: 'Città e Comune', value: 'city' },
];

describe('numberedMenu', () => {
  it('numbers each choice and adds a hint in the citizen language', () => {
    expect(numberedMenu(choices.slice(0, 2), 'it')).toBe(
      '1. Domande frequenti\n2. Avvia una pratica\n\nRispondi con il numero dell’opzione.',
    );
    expect(numberedMenu(choices.slice(0, 1), 'en')).toBe(
      '1. Domande frequenti\n\nReply with the number of the option.',
    );
  });

  it('is empty without choices', () => {
    expect(numberedMenu([], 'it')).toBe('');
  });
});

describe('matchChoice', () => {
  it.each(['2', '2.', ' 2 ', '2)'])('accepts the number %p', (input) => {
    expect(matchChoice(input, choices)?.value).toBe('menu:services');
  });

  it('accepts the label ignoring case, accents and punctuation', () => {
    expect(matchChoice('avvia una PRATICA', choices)?.value).toBe('menu:services');
    expect(matchChoice('citta e comune!', choices)?.value).toBe('city');
  });

  it('accepts the value itself', () => {
    expect(matchChoice('menu:operator', choices)?.value).toBe('menu:operator');
  });

  it('returns undefined for out-of-range numbers and other text', () => {
    expect(matchChoice('0', choices)).toBeUndefined();
    expect(matchChoice('9', choices)).toBeUndefined();
    expect(matchChoice('come rinnovo la carta?', choices)).toBeUndefined();
    expect(matchChoice('   ', choices)).toBeUndefined();
    expect(matchChoice('2 carte', choices)).toBeUndefined();
  });
});
