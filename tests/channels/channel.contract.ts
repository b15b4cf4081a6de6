import MarkdownIt from 'markdown-it';
import pino from 'pino';
import { escapeMarkdown } from '../../src/channels/render/markdown';
import type { OutboundChannel } from '../../src/engine/channel';
import { conversationKey } from '../../src/engine/conversation-state';
import { type Dialog, WAITING } from '../../src/engine/dialog';
import { Engine } from '../../src/engine/engine';
import { useStandardPipeline } from '../../src/engine/standard-pipeline';
import type { Choice, ConversationRef } from '../../src/engine/types';
import { HANDOFF_QUEUE, type HandoffCase } from '../../src/handoff/handoff-case';
import { QueuedHandoff } from '../../src/handoff/queued-handoff';
import { detectLanguage } from '../../src/kb/detect-language';
import { MemoryStorage } from '../../src/storage/memory-storage';
import type { Storage } from '../../src/storage/storage';

/** One message as the citizen's app shows it. */
export interface Received {
  /** What the citizen reads: markup applied, entities decoded. */
  text: string;
  /** What went over the wire (HTML, Markdown…), to check nothing hostile is interpreted. */
  raw: string;
  /** Buttons or suggested actions offered with it. */
  choices: Choice[];
}

/** A citizen talking to the bot through the real adapter edge (HTTP, polling…). */
export interface Citizen {
  readonly ref: ConversationRef;
  say(text: string): Promise<void>;
  /** Presses the option with this label in the latest message offering it. */
  press(label: string): Promise<void>;
  shareLocation(latitude: number, longitude: number): Promise<void>;
  sendPhoto(): Promise<void>;
  /** Sends a PDF as a document, in the channel's own inbound shape (where the test client can). */
  sendDocument?(): Promise<void>;
  /** Delivers one message twice with the same id, as a channel retry does. */
  sayTwice(text: string): Promise<void>;
  /** Everything received so far, in order. */
  received(): Received[];
}

/** What an adapter's test provides to the contract. */
export interface ChannelHarness {
  channel: OutboundChannel;
  citizen(): Citizen;
  close(): Promise<void>;
}

/** Builds a harness around the engine the contract created. */
export type MakeHarness = (deps: { engine: Engine; storage: Storage }) => Promise<ChannelHarness>;

/** A tiny form: asks for a location, then a photo, and says what arrived. */
const reportDialog: Dialog = {
  id: 'contract-report',
  async begin(ctx, instance) {
    instance.step = 'location';
    ctx.reply({ text: 'Invia la posizione del problema.', format: 'plain' });
    return WAITING;
  },
  async continue(ctx, instance) {
    const { location, attachments } = ctx.message;
    if (instance.step === 'location') {
      if (!location) {
        ctx.reply({ text: 'Mi serve la posizione.', format: 'plain' });
        return WAITING;
      }
      instance.step = 'photo';
      ctx.reply(`Posizione ricevuta: ${location.latitude}, ${location.longitude}. Ora invia una foto.`);
      return WAITING;
    }
    const photo = attachments?.[0];
    if (!photo) {
      ctx.reply({ text: 'Mi serve una foto.', format: 'plain' });
      return WAITING;
    }
    ctx.reply(
      `Foto ricevuta: ${photo.contentType}${photo.fileId || photo.url || photo.storedId ? ' (file conservato)' : ''}`,
    );
    return { status: 'complete' };
  },
};

/** The engine every adapter is checked against (as in production, minus the knowledge base). */
export function contractEngine(storage: Storage): Engine {
  const engine = new Engine({
    storage,
    logger: pino({ level: 'silent' }),
    settings: { city: 'Comune di Esempio', privacyUrl: 'https://example.org/privacy' },
    defaultLang: 'it',
  });
  return useStandardPipeline(engine, { detectLanguage, handoff: new QueuedHandoff(storage) })
    .addDialog(reportDialog, { title: { it: 'Segnalazione di prova', en: 'Test report' } })
    .addSkill({
      id: 'echo',
      async handle(ctx) {
        if (!ctx.input.startsWith('eco ')) return false;
        ctx.reply(`Hai scritto: ${escapeMarkdown(ctx.input.slice(4))}`);
        return true;
      },
    });
}

/**
 * The everyday requests for a person every channel must turn into a handoff (issue 25), with what the
 * citizen is then told in the request's language.
 */
export const PERSON_REQUESTS: ReadonlyArray<readonly [string, string]> = [
  ['vorrei parlare con un operatore', 'Ho inoltrato la tua richiesta a un operatore'],
  ['posso parlare con qualcuno?', 'Ho inoltrato la tua richiesta a un operatore'],
  ['mi passa un operatore per favore', 'Ho inoltrato la tua richiesta a un operatore'],
  ['I want to talk to a person', 'I have passed your request to an operator'],
  ['can I speak to a human?', 'I have passed your request to an operator'],
];

/** Waits until a message after `from` matches; resolves its index. */
async function waitFor(
  citizen: Citizen,
  from: number,
  match: (r: Received) => boolean,
  what: string,
): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const index = citizen.received().findIndex((r, i) => i >= from && match(r));
    if (index !== -1) return index;
    if (Date.now() > deadline) {
      const seen = citizen.received().map((r) => r.text);
      throw new Error(`Timed out waiting for ${what}; received: ${JSON.stringify(seen, null, 1)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const offers = (label: string) => (r: Received) => r.choices.some((c) => c.label === label);
const says = (text: string) => (r: Received) => r.text.includes(text);

/**
 * The shared channel contract: every adapter (Telegram polling and webhook, Bot Framework…) must give citizens
 * the same conversation: welcome and menu, working choices, locations and photos reaching forms, proactive
 * messages, one answer per duplicate delivery, and hostile text shown literally.
 */
export function channelContract(name: string, makeHarness: MakeHarness): void {
  describe(`channel contract: ${name}`, () => {
    let harness: ChannelHarness;
    let engine: Engine;
    let storage: Storage;

    beforeAll(async () => {
      storage = new MemoryStorage();
      engine = contractEngine(storage);
      harness = await makeHarness({ engine, storage });
      engine.addChannel(harness.channel);
    });
    afterAll(async () => {
      await harness?.close();
    });

    /** Greets a fresh citizen and resolves the index after the menu. */
    async function greeted(citizen: Citizen): Promise<number> {
      await citizen.say('ciao');
      return (await waitFor(citizen, 0, offers('Domande frequenti'), 'the menu')) + 1;
    }

    it('greets a new citizen with the welcome, the privacy notice and the menu', async () => {
      const citizen = harness.citizen();
      const after = await greeted(citizen);
      const text = citizen
        .received()
        .slice(0, after)
        .map((r) => r.text)
        .join('\n');
      expect(text).toContain('sportello digitale del Comune di Esempio');
      expect(text).toContain('informativa');
      expect(text).not.toContain('](');
      const menu = citizen.received()[after - 1];
      expect(menu?.choices.map((c) => c.label)).toEqual([
        'Domande frequenti',
        'Avvia una pratica',
        'Parla con un operatore',
      ]);
    });

    it('runs the option the citizen chooses from the menu, including the handoff to an operator', async () => {
      const citizen = harness.citizen();
      let at = await greeted(citizen);
      await citizen.press('Domande frequenti');
      at = (await waitFor(citizen, at, says('Scrivi pure la tua domanda'), 'the FAQ prompt')) + 1;
      await citizen.say('menu');
      at = (await waitFor(citizen, at, offers('Parla con un operatore'), 'the menu again')) + 1;
      await citizen.press('Parla con un operatore');
      await waitFor(
        citizen,
        at,
        says('inoltrato la tua richiesta a un operatore'),
        'the handoff confirmation',
      );
    });

    it.each(PERSON_REQUESTS)('starts the handoff when a citizen writes "%s"', async (request, told) => {
      const citizen = harness.citizen();
      const at = await greeted(citizen);
      await citizen.say(request);
      await waitFor(citizen, at, says(told), 'the queue confirmation');
      const cases = (await storage.list<HandoffCase>(HANDOFF_QUEUE)).map((e) => e.value);
      expect(cases.filter((c) => c.conversation === conversationKey(citizen.ref))).toEqual([
        expect.objectContaining({ status: 'queued', reason: 'citizen' }),
      ]);
    });

    it('delivers a location and a photo to a form', async () => {
      const citizen = harness.citizen();
      let at = await greeted(citizen);
      await citizen.press('Avvia una pratica');
      at = (await waitFor(citizen, at, offers('Segnalazione di prova'), 'the services')) + 1;
      await citizen.press('Segnalazione di prova');
      at = (await waitFor(citizen, at, says('Invia la posizione'), 'the location prompt')) + 1;
      await citizen.shareLocation(45.4642, 9.19);
      at = (await waitFor(citizen, at, says('Posizione ricevuta: 45.4642, 9.19'), 'the location')) + 1;
      await citizen.sendPhoto();
      await waitFor(citizen, at, says('Foto ricevuta: image/jpeg (file conservato)'), 'the photo');
    });

    it('delivers proactive messages (ticket updates, operator replies) on the same channel', async () => {
      const citizen = harness.citizen();
      const at = await greeted(citizen);
      await engine.sendProactive(citizen.ref, [
        {
          text: 'La pratica **ESE-2025-000042** è stata _chiusa_.',
          links: [{ label: 'Dettagli', url: 'https://example.org/t/42' }],
        },
      ]);
      const i = await waitFor(
        citizen,
        at,
        says('La pratica ESE-2025-000042 è stata chiusa.'),
        'the proactive message',
      );
      expect(JSON.stringify(citizen.received()[i])).toContain('https://example.org/t/42');
    });

    it('answers a message delivered twice only once', async () => {
      const citizen = harness.citizen();
      const at = await greeted(citizen);
      await citizen.sayTwice('eco uno');
      await citizen.say('eco due');
      // Replies of one chat arrive in order, so once "due" is answered any answer to the duplicate is in.
      await waitFor(citizen, at, says('Hai scritto: due'), 'the answer to the next message');
      expect(citizen.received().filter(says('Hai scritto: uno'))).toHaveLength(1);
    });

    it('shows hostile text literally: no HTML, script or Markdown injection', async () => {
      const citizen = harness.citizen();
      const at = await greeted(citizen);
      const hostile = '<script>alert(1)</script> <b>x</b> **y** [premi](https://evil.example) & &amp;';
      await citizen.say(`eco ${hostile}`);
      const i = await waitFor(citizen, at, says('Hai scritto:'), 'the echo');
      const echo = citizen.received()[i];
      expect(echo?.text).toBe(`Hai scritto: ${hostile}`);
      // Tags can only be interpreted where the wire format is HTML or Markdown; on WhatsApp and plain text they
      // are literal characters, and the visible-text check above is what proves nothing was interpreted.
      const { markup } = harness.channel.capabilities;
      // Markdown is checked as a renderer that allows raw HTML would show it: escaping must keep it text.
      const wire =
        markup === 'markdown' ? new MarkdownIt({ html: true }).render(echo?.raw ?? '') : (echo?.raw ?? '');
      if (markup !== 'whatsapp' && markup !== 'plain') expect(wire).not.toMatch(/<script|<b>x/);
    });
  });
}
