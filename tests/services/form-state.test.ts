import { effectiveAnswers, holds } from '../../src/services/form-state';
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
