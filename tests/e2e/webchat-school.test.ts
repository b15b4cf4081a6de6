import type { Browser } from 'playwright-core';
import {
  describeInChromium,
  launchChromium,
  openWebChat,
  startTestApp,
  type TestApp,
} from '../helpers/browser';

/**
 * The fourth demo service, nursery school enrolment, through the real Web Chat page in headless Chromium: the
 * parent presses the schools' buttons in order of preference (a typed list naming one twice is refused
 * politely), the summary lists them in that order, and the back office gets them in that order in the ticket
 * and in its CSV export.
 */

jest.setTimeout(180_000);

const API_KEY = 'backoffice-key-for-the-school';
const PROTOCOL = /ESE-\d{4}-\d{6}/;
const CHILD_CF = 'BNCLCU23C14H501T';
const RANKED =
  "1. Scuola dell'infanzia Il Glicine (via dei Mille 15); 2. Scuola dell'infanzia Arcobaleno (via dei Tigli 4); 3. Scuola dell'infanzia Girasole (piazza Garibaldi 2)";

describeInChromium('nursery school enrolment through the Web Chat page', () => {
  let testApp: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    testApp = await startTestApp({ BACKOFFICE_API_KEY: API_KEY });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  const backoffice = (urlPath: string) =>
    fetch(`${testApp.base}${urlPath}`, { headers: { Authorization: `Bearer ${API_KEY}` } });

  it('takes the schools in the order the parent gives them to a protocol number', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    const { chat, say } = await openWebChat(page, testApp.base);
    const sees = (text: string | RegExp) => chat.getByText(text).last().waitFor();
    const actions = chat.getByRole('toolbar', { name: 'Azioni suggerite' });
    const press = (label: string) => actions.getByRole('button', { name: label, exact: true }).click();
    const pressSchool = (school: string) =>
      actions
        .getByRole('button', { name: new RegExp(school) })
        .last()
        .click();

    await say('vorrei iscrivere mia figlia alla scuola dell’infanzia');
    await sees(/Qual è il tuo codice fiscale \(del genitore\)/);
    await say('RSSMRA80A01H501U');
    await sees(/Come ti chiami/);
    await say('Maria Rossi');
    await sees(/Come si chiama il bambino/);
    await say('Lucia Bianchi');
    await sees(/codice fiscale del bambino/);
    await say(CHILD_CF);
    await sees(/Quando è nato o nata/);
    await say('14/03/2023');
    await sees(/Quali scuole preferisci/);
    // The five schools are offered as buttons, named in full.
    for (const school of ['Arcobaleno', 'Girasole', "L'Aquilone", 'Il Glicine', 'Peter Pan'])
      await actions
        .getByRole('button', { name: new RegExp(school) })
        .last()
        .waitFor();
    await say('4, 1, 4');
    await sees(/compare due volte/);
    await pressSchool('Il Glicine');
    await sees(/Finora: 1\. Scuola dell.infanzia Il Glicine \(via dei Mille 15\)\./);
    // The school chosen is no longer offered; "Fatto" and "Ricomincia" are.
    await actions.getByRole('button', { name: 'Fatto', exact: true }).waitFor();
    expect(await actions.getByRole('button', { name: /Il Glicine/ }).count()).toBe(0);
    await pressSchool('Arcobaleno');
    await sees(/Finora: 1\. .*Il Glicine.*, 2\. .*Arcobaleno/);
    await pressSchool('Girasole');
    await sees(/disabilità certificata/);
    await press('No');
    await sees(/fratelli o sorelle/);
    await press('No');
    await sees(/Lavorano entrambi/);
    await press('Sì');
    await sees(/valore del tuo ISEE/);
    await press('Salta');
    await sees(/Controlla i dati/);
    // The summary's item names the schools in the order given (Web Chat's markdown curls the apostrophes).
    const item = chat.getByRole('listitem').filter({ hasText: 'Scuole scelte' }).last();
    await item.waitFor();
    expect((await item.textContent())?.replace(/\s+/g, ' ')).toContain(
      `Scuole scelte: ${RANKED.replace(/'/g, '’')}`,
    );
    await press('Conferma e invia');
    const done = chat.getByText(PROTOCOL).last();
    await done.waitFor();
    const protocol = PROTOCOL.exec((await done.textContent()) ?? '')?.[0] ?? '';
    expect(protocol).toMatch(PROTOCOL);

    const ticket = await (await backoffice(`/api/backoffice/tickets/${protocol}`)).json();
    expect(ticket.fields.scuole).toEqual(['glicine', 'arcobaleno', 'girasole']);
    // The export gives the office the ranking as one readable cell.
    const csv = await (
      await backoffice('/api/backoffice/tickets.csv?service=iscrizione-scuola-infanzia')
    ).text();
    const line = csv.split(/\r?\n/).find((l) => l.startsWith(`${protocol},`)) ?? '';
    expect(csv).toContain(',Scuole scelte [scuole]');
    expect(line).toMatch(new RegExp(`,${RANKED.replace(/[.()]/g, '\\$&')}(,|$)`));
    expect(problems).toEqual([]);
    await context.close();
  });
});
