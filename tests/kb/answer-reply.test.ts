import path from 'node:path';
import type { ServiceEntry } from '../../src/engine/dialog';
import { answerReplies } from '../../src/kb/answer-reply';
import { KnowledgeSnapshot } from '../../src/kb/knowledge-snapshot';
import { loadKnowledge } from '../../src/kb/loader';

let kb: KnowledgeSnapshot;
let loaded: Awaited<ReturnType<typeof loadKnowledge>>;

beforeAll(async () => {
  loaded = await loadKnowledge(path.join(__dirname, '../../knowledge'));
  kb = new KnowledgeSnapshot(loaded.entries, loaded.synonyms);
});

const services: ServiceEntry[] = [
  {
    dialogId: 'appuntamento-anagrafe',
    title: { it: 'Appuntamento in anagrafe', en: 'Registry appointment' },
  },
];

describe('answerReplies', () => {
  it('shows an entry with its title, sources, the service to start and the feedback question', () => {
    const entry = kb.get('residenza-cambio');
    if (!entry) throw new Error('fixture entry missing');
    const [answer, ...rest] = answerReplies(entry, kb, 'it', services);
    // One message: the feedback question and its buttons come with the answer's own (issue 26, item 4).
    expect(rest).toEqual([]);
    expect(answer?.text).toMatch(/^\*\*Trasferire la residenza/);
    expect(answer?.links?.[0]?.url).toMatch(/^https:\/\//);
    expect(answer?.choices?.[0]).toEqual({
      label: expect.stringContaining('Appuntamento in anagrafe'),
      value: 'service:appuntamento-anagrafe',
    });
    expect(answer?.text).toMatch(/\n\nTi è stata utile\?$/);
    expect(answer?.choices?.slice(-2)).toEqual([
      { label: 'Sì, utile', value: 'kb:feedback:yes:residenza-cambio' },
      { label: 'Non utile', value: 'kb:feedback:no:residenza-cambio' },
    ]);
  });

  it('renders an entry once per snapshot and language, and keeps the shared replies from being changed', () => {
    const entry = kb.get('anagrafe-orari');
    if (!entry) throw new Error('fixture entry missing');
    const first = answerReplies(entry, kb, 'it', services);
    expect(answerReplies(entry, kb, 'it', services)).toBe(first);
    expect(answerReplies(entry, kb, 'en', services)).not.toBe(first);
    expect(() => {
      (first[0] as { text: string }).text = 'changed';
    }).toThrow(TypeError);
    // An edit of the knowledge base makes a new snapshot, whose answers are rendered anew.
    const edited = new KnowledgeSnapshot(loaded.entries, loaded.synonyms);
    const again = answerReplies(entry, edited, 'it', services);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});
