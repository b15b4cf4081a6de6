import { format } from '../../src/engine/texts';

describe('format', () => {
  it('fills placeholders and leaves unknown ones as written, even names every object has', () => {
    expect(format('Ciao {name}', { name: 'Maria' })).toBe('Ciao Maria');
    expect(format('{constructor} {toString} {missing}', { name: 'x' })).toBe(
      '{constructor} {toString} {missing}',
    );
  });
});
