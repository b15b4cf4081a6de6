import { effectiveAnswers, holds, mayHold } from '../../src/services/form-state';
import type { DialogDefinition } from '../../src/services/schema';

describe('form conditions and answers', () => {
  it('reads only answers given, even for a field named like a property of every object', () => {
    expect(holds({ field: 'constructor', answered: true }, {})).toBe(false);
    expect(holds({ field: 'constructor', answered: false }, {})).toBe(true);
    expect(holds({ field: 'constructor', notEquals: 'x' }, {})).toBe(true);
    expect(holds({ field: 'constructor', answered: true }, { constructor: 'sì' })).toBe(true);
    const def = { steps: [{ id: 'constructor' }, { id: 'nome' }] } as unknown as DialogDefinition;
    expect(effectiveAnswers(def, { nome: 'Anna' })).toEqual({ nome: 'Anna' });
  });
});

describe('mayHold', () => {
  const strade = { field: 'categoria', in: ['strade', 'illuminazione'] };
  const email = { field: 'ricontatto', equals: true };
  it('is undecided while a field it reads is unanswered, decided once it is', () => {
    expect(mayHold(strade, {})).toBeUndefined();
    expect(mayHold(strade, { categoria: 'strade' })).toBe(true);
    expect(mayHold(strade, { categoria: 'rifiuti' })).toBe(false);
    expect(mayHold(email, { ricontatto: null })).toBe(false); // skipped counts as answered
  });
  it('decides `all` on one false part and `any` on one true part, before the others are answered', () => {
    expect(mayHold({ all: [strade, email] }, { categoria: 'rifiuti' })).toBe(false);
    expect(mayHold({ all: [strade, email] }, { categoria: 'strade' })).toBeUndefined();
    expect(mayHold({ any: [strade, email] }, { ricontatto: true })).toBe(true);
    expect(mayHold({ any: [strade, email] }, { ricontatto: false })).toBeUndefined();
    expect(mayHold({ any: [strade, email] }, { ricontatto: false, categoria: 'verde' })).toBe(false);
  });
});
