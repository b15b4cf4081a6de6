import type { Browser } from 'playwright-core';
import { describeInChromium, launchChromium, startTestApp, type TestApp } from '../helpers/browser';
import { DirectLineCitizen } from '../helpers/directline-citizen';
import { addGiulia } from '../helpers/operators';

/**
 * An operator reads a form the citizen was filling in when they asked for a person: in the console's "Dati del
 * modulo", labels and answers as the citizen saw them, and the file they sent as a link that opens it.
 */

jest.setTimeout(120_000);

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

describeInChromium('the console shows a running form readably', () => {
  let testApp: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    testApp = await startTestApp({ OFFICE_HOURS: 'always' });
    await addGiulia(testApp.app.storage);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  it('lists labels and formatted answers, and the libretto as a link to the file', async () => {
    const citizen = new DirectLineCitizen(testApp.base);
    await citizen.start();
    await citizen.say('vorrei il pass sosta');
    await citizen.say('rssmra80a01h501u');
    await citizen.say('Mario Rossi');
    await citizen.say('Via Roma 12');
    await citizen.say('ab 123 cd');
    // The libretto through the upload, as Web Chat's paperclip sends it.
    const form = new FormData();
    const activity = { type: 'message', from: { id: 'citizen' }, channelData: { clientActivityID: 'f1' } };
    form.append(
      'activity',
      new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }),
    );
    form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'libretto.pdf');
    const sent = await fetch(
      `${testApp.base}/v3/directline/conversations/${citizen.conversationId}/upload?userId=citizen`,
      { method: 'POST', headers: { Authorization: `Bearer ${citizen.token}` }, body: form },
    );
    expect(sent.status).toBe(200);
    expect(await citizen.newBotText()).toContain('intestata a te');
    expect(await citizen.say('operatore')).toMatch(/in coda|operatore/i);

    const operator = await browser.newPage();
    const problems: string[] = [];
    operator.on('pageerror', (err) => problems.push(err.message));
    await operator.goto(`${testApp.base}/console`);
    await operator.getByLabel('Nome utente').fill('giulia');
    await operator.getByLabel('Password').fill('password-giulia');
    await operator.getByRole('button', { name: 'Entra' }).click();
    await operator.getByRole('button', { name: /n\. \d+ · webchat · IT/ }).click();

    const forms = operator.locator('#forms');
    await forms.getByText('Modulo «Pass sosta residenti»').waitFor();
    const answers = await forms
      .locator('dl')
      .evaluate((dl) =>
        Array.from(dl.querySelectorAll('dt')).map((dt) => [
          dt.textContent,
          dt.nextElementSibling?.textContent?.trim(),
        ]),
      );
    expect(answers).toEqual([
      ['Codice fiscale', 'RSSMRA80A01H501U'],
      ['Nome e cognome', 'Mario Rossi'],
      ['Indirizzo di residenza', 'Via Roma 12'],
      ['Targa', 'AB123CD'],
      ['Libretto di circolazione', 'libretto.pdf (1 KB)'],
    ]);
    // No field ids, no raw JSON.
    expect(await forms.textContent()).not.toMatch(/[{}]|codice_fiscale|answers/);

    // The file opens from the form and from the conversation, for a logged-in operator only.
    const link = forms.getByRole('link', { name: 'libretto.pdf' });
    const href = (await link.getAttribute('href')) ?? '';
    const opened = await operator.request.get(`${testApp.base}${href}`);
    expect(opened.status()).toBe(200);
    expect(opened.headers()['content-type']).toBe('application/pdf');
    expect(Buffer.from(await opened.body()).equals(PDF)).toBe(true);
    expect((await fetch(`${testApp.base}${href}`)).status).toBe(401);
    const inTranscript = operator
      .locator('#transcript')
      .getByRole('link', { name: '[allegato: libretto.pdf]' });
    expect(await inTranscript.getAttribute('href')).toBe(href);
    expect(problems).toEqual([]);
  });
});
