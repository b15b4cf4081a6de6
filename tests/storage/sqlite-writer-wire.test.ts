import type { WriteOp, WriteOutcome } from '../../src/storage/sqlite-writer';
import {
  decodeGroup,
  decodeOutcomes,
  encodeGroup,
  encodeOutcomes,
} from '../../src/storage/sqlite-writer-wire';

describe('the SQLite writer thread wire format', () => {
  it('carries every kind of write to the writer thread unchanged, whatever the values hold', () => {
    const group: WriteOp[][] = [
      [
        { op: 'put', collection: 'conversations', key: 'webchat:a', json: '{"turns":1}' },
        { op: 'put', collection: 'conversations', key: 'webchat:b', json: '{}', expectVersion: null },
        {
          op: 'put',
          collection: 'tickets',
          key: 'ESE-2026-000123',
          json: '{"stato":"già chiusa"}',
          expectVersion: 7,
        },
        { op: 'append', stream: 'transcript:webchat:a', json: '{"text":"Sì, grazie 😊\\u0000"}' },
      ],
      [],
      [
        { op: 'delete', collection: 'conversations', key: 'webchat:b' },
        { op: 'deleteStream', stream: 'transcript:webchat:b' },
        { op: 'increment', counter: 'protocol:2026' },
        { op: 'put', collection: 'settings', key: '', json: '""', expectVersion: 0 },
      ],
    ];
    // What postMessage does to the message on its way to the thread.
    const received = structuredClone(encodeGroup(group));
    expect(decodeGroup(received)).toEqual(group);
  });

  it('brings each write’s results, or why it was refused, back in order', () => {
    const outcomes: WriteOutcome[] = [
      { ok: true, results: [3, 41, 42] },
      {
        ok: false,
        failure: { kind: 'conflict', collection: 'conversations', key: 'webchat:a', expected: 2, actual: 3 },
      },
      { ok: true, results: [] },
      { ok: false, failure: { kind: 'invalid', message: 'Too many parameter values were provided' } },
      { ok: true, results: [1] },
    ];
    expect(decodeOutcomes(structuredClone(encodeOutcomes(outcomes)))).toEqual(outcomes);
  });

  it('refuses a group it cannot read instead of writing part of it', () => {
    expect(() => decodeGroup([1, 9, 'x'])).toThrow(/unknown operation code 9/);
  });
});
