import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import {
  describeInChromium,
  launchChromium,
  openWebChat,
  startTestApp,
  type TestApp,
} from '../helpers/browser';
import { fillStreetReport } from '../helpers/street-report';

/**
 * A citizen completes each demo service to a protocol number through the real Web Chat page in headless
 * Chromium, on a desktop and on a phone: buttons pressed, answers typed, and for the resident parking pass the
 * registration document picked through the paperclip. The back office then finds the file with the ticket.
 */

jest.setTimeout(240_000);

const API_KEY = 'backoffice-key-for-the-journeys';
const PROTOCOL = /ESE-\d{4}-\d{6}/;

const VIEWPORTS: Array<[string, BrowserContextOptions]> = [
  ['desktop', { viewport: { width: 1280, height: 800 } }],
  ['phone', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
];

/** A small real PDF, as a scan of the registration document would be. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

describeInChromium('the demo services through the Web Chat page', () => {
  let testApp: TestApp;
  let browser: Browser;
  let dir: string;
  let libretto: string;

  beforeAll(async () => {
    testApp = await startTestApp({ BACKOFFICE_API_KEY: API_KEY });
    browser = await launchChromium();
    dir = mkdtempSync(path.join(os.tmpdir(), 'sportello-journeys-'));
    libretto = path.join(dir, 'libretto.pdf');
    writeFileSync(libretto, PDF);
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh citizen on the page, in a browser context of the given kind. */
  async function citizen(options: BrowserContextOptions) {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    const web = await openWebChat(page, testApp.base);
    const { chat } = web;
    /** Waits for a bot line matching `text` to appear (the latest such line). */
    const sees = (text: string | RegExp) => chat.getByText(text).last().waitFor();
    /** Presses one of the suggested actions under the last reply. */
    const press = (label: string) =>
      chat
        .getByRole('toolbar', { name: 'Azioni suggerite' })
        .getByRole('button', { name: label, exact: true })
        .click();
    return { context, page, problems, ...web, sees, press };
  }

  /** The protocol number the chat announced last. */
  async function protocolIn(chat: Locator): Promise<string> {
    const done = chat.getByText(PROTOCOL).last();
    await done.waitFor();
    return PROTOCOL.exec((await done.textContent()) ?? '')?.[0] ?? '';
  }

  async function backoffice(urlPath: string): Promise<Response> {
    return fetch(`${testApp.base}${urlPath}`, { headers: { Authorization: `Bearer ${API_KEY}` } });
  }

  async function summaryIsAList(page: Page, label: string): Promise<void> {
    // Item by item: the summary renders as a list, not one paragraph.
    await page.getByRole('listitem').filter({ hasText: label }).last().waitFor();
  }

  describe.each(VIEWPORTS)('on a %s', (_kind, options) => {
    it('requests the resident parking pass, sending the libretto through the paperclip', async () => {
      const c = await citizen(options);
      await c.say('vorrei il pass sosta');
      await c.sees('Qual è il tuo codice fiscale?');
      await c.say('RSSMRA80A01H501U');
      await c.sees(/Come ti chiami/);
      await c.say('Mario Rossi');
      await c.sees(/indirizzo di residenza/);
      await c.say('Via Roma 12');
      await c.sees(/targa dell’auto/);
      await c.say('AB123CD');
      await c.sees(/libretto di circolazione/);

      // The paperclip opens the device's file picker; the citizen picks the PDF.
      const chooser = c.page.waitForEvent('filechooser');
      await c.chat.getByRole('button', { name: 'Carica file' }).click();
      await (await chooser).setFiles(libretto);
      // The file shows in the citizen's bubble, its name readable (white on the bubble's blue).
      const name = c.chat.locator('.webchat__fileContent__fileName', { hasText: 'libretto.pdf' }).first();
      await name.waitFor();
      expect(await name.evaluate((n) => getComputedStyle(n).color)).toBe('rgb(255, 255, 255)');
      await c.sees('L’auto è intestata a te?');
      await c.press('Sì');
      await c.sees(/numero di telefono/);
      await c.press('Salta');
      await c.sees(/Controlla i dati/);
      await summaryIsAList(c.page, 'Libretto di circolazione');
      await c.press('Conferma e invia');
      const protocol = await protocolIn(c.chat);

      // The back office finds the ticket with the file, and the file is the one the citizen picked.
      const ticket = await (await backoffice(`/api/backoffice/tickets/${protocol}`)).json();
      expect(ticket.attachments).toEqual([
        expect.objectContaining({ name: 'libretto.pdf', contentType: 'application/pdf', size: PDF.length }),
      ]);
      const file = await backoffice(ticket.attachments[0].href);
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer()).equals(readFileSync(libretto))).toBe(true);
      expect(await (await backoffice('/api/backoffice/tickets.csv')).text()).toContain(
        ticket.attachments[0].href,
      );
      expect(c.problems).toEqual([]);
      await c.context.close();
    });

    it('books an appointment at the registry office', async () => {
      const c = await citizen(options);
      await c.say('prenota appuntamento');
      await c.sees('Per quale servizio vuoi l’appuntamento?');
      await c.press('Certificati');
      await c.sees(/orari liberi/);
      // The first free slot offered, whatever day the test runs.
      await c.chat.getByRole('toolbar', { name: 'Azioni suggerite' }).getByRole('button').first().click();
      await c.sees(/nome e cognome/);
      await c.say('Anna Bianchi');
      await c.sees(/numero di telefono/);
      await c.say('051 123456');
      await c.sees(/e-mail per il promemoria/);
      await c.press('Salta');
      await c.sees(/Controlla i dati/);
      await summaryIsAList(c.page, 'Giorno e ora');
      await c.press('Conferma e invia');
      const protocol = await protocolIn(c.chat);
      expect((await backoffice(`/api/backoffice/tickets/${protocol}`)).status).toBe(200);
      expect(c.problems).toEqual([]);
      await c.context.close();
    });

    it('reports a problem in the street', async () => {
      const c = await citizen(options);
      await fillStreetReport(c, 'Una buca profonda sulla carreggiata, pericolosa per le bici');
      await summaryIsAList(c.page, 'Descrizione');
      await c.press('Conferma e invia');
      const protocol = await protocolIn(c.chat);
      expect((await backoffice(`/api/backoffice/tickets/${protocol}`)).status).toBe(200);
      expect(c.problems).toEqual([]);
      await c.context.close();
    });
  });
});
