import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { Engine } from '../../../src/engine/engine';
import { useStandardPipeline } from '../../../src/engine/standard-pipeline';
import type { OutboundReply } from '../../../src/engine/types';
import { QueuedHandoff } from '../../../src/handoff/queued-handoff';
import { detectLanguage } from '../../../src/kb/detect-language';
import { createServices, validateDialogDir } from '../../../src/services';
import { defineFieldType } from '../../../src/services/field-types/field-type';
import { registerFieldType } from '../../../src/services/field-types/registry';
import { invalid, valid } from '../../../src/services/validators/result';
import { MemoryStorage } from '../../../src/storage/memory-storage';

/**
 * A toy field type added exactly as docs/extending.md shows: one object, one `registerFieldType()` call, no
 * edit anywhere else. A partita IVA: 11 digits whose last is a Luhn-style check digit.
 */
function partitaIvaOk(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 11; i++) {
    let d = Number(digits[i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

registerFieldType(
  defineFieldType({
    type: 'partita_iva',
    keys: {},
    validate(input) {
      const digits = input.replace(/^IT/i, '').replace(/\s/g, '');
      return /^\d{11}$/.test(digits) && partitaIvaOk(digits) ? valid(digits) : invalid('piva_invalid');
    },
    format: (value) => `IT ${String(value)}`,
    reasons: {
      piva_invalid: {
        it: 'la partita IVA ha 11 cifre e l’ultima è di controllo: ricontrollala',
        en: 'a partita IVA has 11 digits, the last one a check digit: please check it',
      },
    },
  }),
);

const DIALOG = `id: iscrizione-fornitori
title: { it: Iscrizione all'albo fornitori, en: Suppliers' register }
triggers: { it: [albo fornitori], en: [suppliers register] }
steps:
  - id: piva
    type: partita_iva
    label: { it: Partita IVA, en: VAT number }
    prompt: { it: Qual è la partita IVA dell'impresa?, en: What is the company's VAT number? }
  - id: ragione_sociale
    type: text
    label: { it: Ragione sociale, en: Company name }
    prompt: { it: Qual è la ragione sociale?, en: What is the company name? }
`;

describe('a field type added through registerFieldType()', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sportello-dialogs-'));
  writeFileSync(path.join(dir, 'iscrizione-fornitori.yaml'), DIALOG);

  it('is accepted by dialogs validate, and an unknown type is still refused', async () => {
    expect((await validateDialogDir(dir)).issues).toEqual([]);
    const other = mkdtempSync(path.join(os.tmpdir(), 'sportello-dialogs-'));
    writeFileSync(path.join(other, 'bad.yaml'), DIALOG.replace('type: partita_iva', 'type: partita_ivaa'));
    const { issues } = await validateDialogDir(other);
    expect(issues.map((i) => i.reason).join('\n')).toMatch(/Invalid discriminator value.*partita_iva/);
  });

  it('asks, refuses politely in its own words, formats the value and ends in a ticket', async () => {
    const storage = new MemoryStorage();
    const logger = pino({ level: 'silent' });
    const engine = new Engine({
      storage,
      logger,
      settings: { city: 'Comune di Esempio', privacyUrl: 'https://example.org/privacy' },
      defaultLang: 'it',
    });
    useStandardPipeline(engine, { detectLanguage, handoff: new QueuedHandoff(storage) });
    const services = await createServices({ dir, storage, engine, logger, cityCode: 'ESE' });
    let n = 0;
    const say = async (text: string): Promise<string> => {
      const replies: OutboundReply[] = await engine.handle({
        id: `m${++n}`,
        ref: { channel: 'test', conversationId: 'c1', userId: 'u1' },
        text,
        timestamp: new Date(),
      });
      return replies.map((r) => r.text).join('\n');
    };
    await say('ciao');
    expect(await say('vorrei iscrivermi all albo fornitori')).toMatch(/partita IVA dell'impresa/);
    expect(await say('12345678901')).toMatch(/11 cifre e l’ultima è di controllo/);
    expect(await say('IT 00743110157')).toMatch(/ragione sociale/);
    const summary = await say('Costruzioni Rossi srl');
    expect(summary).toContain('IT 00743110157');
    expect(await say('conferma')).toMatch(/ESE-\d{4}-\d{6}/);
    const [ticket] = await services.tickets.listForCitizen({ channel: 'test', userId: 'u1' }, 5);
    expect(ticket?.fields).toMatchObject({ piva: '00743110157' });
  });
});
