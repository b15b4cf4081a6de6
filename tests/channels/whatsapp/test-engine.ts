import pino from 'pino';
import { type Dialog, WAITING } from '../../../src/engine/dialog';
import { Engine } from '../../../src/engine/engine';
import { useStandardPipeline } from '../../../src/engine/standard-pipeline';
import { QueuedHandoff } from '../../../src/handoff/queued-handoff';
import { detectLanguage } from '../../../src/kb/detect-language';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import type { Storage } from '../../../src/storage/storage';

/**
 * A small report form used by the WhatsApp tests: asks for the place (a location), a photo, then a
 * confirmation with two choices, and ends with a summary of what arrived.
 */
export const reportDialog: Dialog = {
  id: 'segnalazione',
  async begin(ctx, instance) {
    instance.step = 'where';
    ctx.reply({ text: 'Dove si trova il problema? Invia la **posizione**.', format: 'markdown' });
    return WAITING;
  },
  async continue(ctx, instance) {
    const { message } = ctx;
    if (instance.step === 'where') {
      if (!message.location) {
        ctx.reply({ text: 'Mi serve la posizione: usa la graffetta e «Posizione».', format: 'plain' });
        return WAITING;
      }
      instance.data.location = message.location;
      instance.step = 'photo';
      ctx.reply({ text: 'Grazie. Ora invia una foto del problema.', format: 'plain' });
      return WAITING;
    }
    if (instance.step === 'photo') {
      const photo = message.attachments?.[0];
      if (!photo) {
        ctx.reply({ text: 'Mi serve una foto.', format: 'plain' });
        return WAITING;
      }
      instance.data.photo = {
        contentType: photo.contentType,
        fileId: photo.fileId,
        hasData: Boolean(photo.url),
      };
      instance.data.caption = message.text;
      instance.step = 'confirm';
      const loc = instance.data.location as { latitude: number; longitude: number; address?: string };
      ctx.reply({
        text: `Riepilogo: ${loc.address ?? ''} (${loc.latitude}, ${loc.longitude}), foto ${photo.contentType}. Confermi?`,
        format: 'plain',
        choices: [
          { label: 'Conferma', value: 'confirm' },
          { label: 'Annulla', value: 'no' },
        ],
      });
      return WAITING;
    }
    if (ctx.input === 'confirm') {
      ctx.reply({ text: 'Segnalazione inviata. Protocollo ESE-1.', format: 'plain' });
      return { status: 'complete' };
    }
    if (ctx.input === 'no') {
      ctx.reply({ text: 'Segnalazione annullata.', format: 'plain' });
      return { status: 'cancelled' };
    }
    ctx.reply({
      text: 'Rispondi Conferma o Annulla.',
      format: 'plain',
      choices: [
        { label: 'Conferma', value: 'confirm' },
        { label: 'Annulla', value: 'no' },
      ],
    });
    return WAITING;
  },
};

/** An engine as the composition root builds it, with the report form as the only service (over `storage`). */
export function testEngine(now?: () => Date, storage: Storage = new MemoryStorage()) {
  const logger = pino({ level: 'silent' });
  const engine = new Engine({
    storage,
    logger,
    settings: { city: 'Comune di Esempio', privacyUrl: 'https://example.org/privacy' },
    defaultLang: 'it',
    ...(now ? { now } : {}),
  });
  useStandardPipeline(engine, { detectLanguage, handoff: new QueuedHandoff(storage) }).addDialog(
    reportDialog,
    {
      title: { it: 'Segnalazione guasto', en: 'Report a fault' },
    },
  );
  return { engine, storage, logger };
}
