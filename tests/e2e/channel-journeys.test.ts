import { CHANNELS, type ChannelName, type ChannelsHarness, Chat, startChannels } from './channel-citizens';

jest.setTimeout(120_000);

const CF = 'RSSMRA80A01H501U';
/** Where old buttons stay pressable: everywhere but WhatsApp Web, whose menus are numbers typed as text. */
const HAS_BUTTONS: Record<ChannelName, boolean> = {
  telegram: true,
  'whatsapp-web': false,
  'whatsapp-cloud': true,
  botframework: true,
};

let h: ChannelsHarness;
beforeAll(async () => {
  h = await startChannels();
});
afterAll(async () => {
  await h?.close();
});

/** A new citizen greeted with the menu. */
async function greeted(channel: ChannelName): Promise<Chat> {
  const chat = new Chat(h.citizen(channel), channel);
  await chat.citizen.say('ciao');
  await chat.offers('Domande frequenti');
  return chat;
}

describe.each(CHANNELS)('every demo service to a protocol number on %s (issue 26)', (channel) => {
  it('pass sosta residenti, started from "Domande frequenti", with an old button pressed mid-form', async () => {
    const chat = await greeted(channel);
    // An answer first, whose "Sì, utile" stays in the chat history.
    await chat.say('a che ora apre l’anagrafe?', 'Ti è stata utile?');
    await chat.say('menu', /Come posso aiutarti|Scegli/);
    await chat.press('Domande frequenti', 'Scrivi pure la tua domanda');
    await chat.say('vorrei il pass sosta', 'Qual è il tuo codice fiscale?');
    await chat.say(CF, 'Come ti chiami (nome e cognome)?');

    // The earlier feedback button, pressed at "Come ti chiami?" (on WhatsApp Web: its number typed again).
    const pressed = chat.mark();
    await chat.citizen.press('Sì, utile');
    if (HAS_BUTTONS[channel]) {
      // The feedback is recorded and the question asked again.
      await chat.sees('Come ti chiami (nome e cognome)?');
      expect(chat.textSince(pressed)).toContain('Grazie del riscontro!');
    } else {
      // A number typed is text: refused as a name, never taken for the button it once was.
      await chat.sees('La risposta non va bene');
    }

    await chat.say('Maria Rossi', 'indirizzo di residenza');
    await chat.say('Via Roma 12', 'targa dell’auto');
    await chat.say('AB123CD', 'libretto di circolazione');
    // The libretto as a PDF document, in the channel's own inbound shape.
    await chat.citizen.sendDocument?.();
    await chat.sees('L’auto è intestata a te?');
    await chat.press('Sì', 'numero di telefono');
    await chat.press('Salta', 'Controlla i dati');
    await chat.citizen.press('Conferma e invia');
    const protocol = await chat.protocol();

    const ticket = await h.ticket(protocol);
    expect(ticket).toMatchObject({
      service: 'pass-sosta-residenti',
      ref: expect.objectContaining({ channel: chat.citizen.ref.channel }),
      fields: expect.objectContaining({ codice_fiscale: CF, nome: 'Maria Rossi', intestatario: true }),
    });
    expect(ticket?.fields.libretto).toEqual([expect.objectContaining({ contentType: 'application/pdf' })]);
    expect(JSON.stringify(ticket?.fields)).not.toMatch(/kb:|menu:|form:/);
  });

  it('segnalazione from the services menu, with a location and a photo', async () => {
    const chat = await greeted(channel);
    await chat.press('Avvia una pratica', 'Quale pratica');
    await chat.press('Segnala un problema (strade, illuminazione…)', 'Di che tipo di problema si tratta?');
    await chat.press('Illuminazione pubblica', 'pericoloso per chi passa');
    await chat.press('No', 'Dove si trova?');
    await chat.citizen.shareLocation(45.4642, 9.19);
    await chat.sees('foto del problema');
    await chat.citizen.sendPhoto();
    await chat.sees('Descrivi brevemente il problema.');
    await chat.say('Il lampione davanti al civico 3 è spento da giorni', 'aggiornamenti anche via e-mail');
    await chat.press('No', 'Controlla i dati');
    await chat.citizen.press('Conferma e invia');
    const protocol = await chat.protocol();

    const ticket = await h.ticket(protocol);
    expect(ticket).toMatchObject({
      service: 'segnalazione',
      fields: expect.objectContaining({ categoria: 'illuminazione', pericolo: false, ricontatto: false }),
    });
    expect(ticket?.fields.foto).toEqual([expect.objectContaining({ contentType: 'image/jpeg' })]);
  });

  it('appuntamento all’anagrafe, started from the "Avvia" button of an answer', async () => {
    const chat = await greeted(channel);
    await chat.say('ho la carta d identita scaduta da rinnovare', 'Ti è stata utile?');
    await chat.press('Avvia: Appuntamento all’anagrafe', 'Per quale servizio vuoi l’appuntamento?');
    await chat.press('Carta d’identità elettronica', 'Quando vuoi venire?');
    const slots = chat.citizen.received().at(-1);
    const first = slots?.choices[0]?.label ?? '';
    expect(first).toMatch(/\d{2}\/\d{2}\/\d{4} ore \d{2}:\d{2}/);
    await chat.press(first, 'A nome di chi è l’appuntamento');
    await chat.say('Maria Rossi', 'numero di telefono');
    await chat.say('333 1234567', 'e-mail per il promemoria');
    await chat.press('Salta', 'Ecco il tuo appuntamento');
    await chat.citizen.press('Conferma e invia');
    const protocol = await chat.protocol();

    const ticket = await h.ticket(protocol);
    expect(ticket).toMatchObject({
      service: 'appuntamento-anagrafe',
      fields: expect.objectContaining({ servizio: 'cie', nome: 'Maria Rossi' }),
    });
  });
});

describe.each(CHANNELS)('nursery school enrolment to a protocol number on %s (issue 29)', (channel) => {
  it('takes the schools typed in order, shows them numbered and stores them as an ordered array', async () => {
    const chat = await greeted(channel);
    await chat.say('vorrei iscrivere mio figlio alla materna', 'Qual è il tuo codice fiscale');
    await chat.say(CF, 'Come ti chiami (nome e cognome)?');
    await chat.say('Maria Rossi', 'Come si chiama il bambino');
    await chat.say('Luca Bianchi', 'codice fiscale del bambino');
    await chat.say('BNCLCU23C14H501T', 'Quando è nato');
    const schools = await chat.say('14/03/2023', 'in ordine di preferenza');
    // The five schools as buttons, or as a numbered menu where the channel has none.
    expect(schools.choices).toHaveLength(5);
    await chat.say('4, 4', 'compare due volte');
    await chat.say('4, 1, Girasole', 'disabilità certificata');
    await chat.say('no', 'fratelli o sorelle');
    await chat.say('no', 'Lavorano entrambi');
    await chat.say('sì', 'ISEE');
    const summary = await chat.say('9800', 'Controlla i dati');
    expect(summary.text).toContain(
      "1. Scuola dell'infanzia Il Glicine (via dei Mille 15); 2. Scuola dell'infanzia Arcobaleno (via dei Tigli 4); 3. Scuola dell'infanzia Girasole (piazza Garibaldi 2)",
    );
    await chat.citizen.press('Conferma e invia');
    const protocol = await chat.protocol();

    const ticket = await h.ticket(protocol);
    expect(ticket).toMatchObject({
      service: 'iscrizione-scuola-infanzia',
      ref: expect.objectContaining({ channel: chat.citizen.ref.channel }),
      fields: expect.objectContaining({
        genitore_cf: CF,
        bambino_nascita: '2023-03-14',
        scuole: ['glicine', 'arcobaleno', 'girasole'],
        disabilita: false,
        isee: 9800,
      }),
    });
  });
});

describe.each(CHANNELS)('nursery schools ranked one at a time on %s', (channel) => {
  it('adds each school pressed, or typed by its number where menus are numbered, and ends on “Fatto”', async () => {
    const chat = await greeted(channel);
    await chat.say('vorrei iscrivere mia figlia alla materna', 'Qual è il tuo codice fiscale');
    await chat.say(CF, 'Come ti chiami (nome e cognome)?');
    await chat.say('Maria Rossi', 'Come si chiama il bambino');
    await chat.say('Lucia Bianchi', 'codice fiscale del bambino');
    await chat.say('BNCLCU23C14H501T', 'Quando è nato');
    await chat.say('14/03/2023', 'in ordine di preferenza');
    const first = /Finora: 1\. Scuola dell.infanzia Il Glicine \(via dei Mille 15\)\./;
    // Where the menu is numbered, "4" is its fourth line: Il Glicine.
    const glicine = HAS_BUTTONS[channel]
      ? await chat.press("Scuola dell'infanzia Il Glicine (via dei Mille 15)", first)
      : await chat.say('4', first);
    expect(glicine.choices.map((c) => c.label)).toEqual([
      "Scuola dell'infanzia Arcobaleno (via dei Tigli 4)",
      "Scuola dell'infanzia Girasole (piazza Garibaldi 2)",
      "Scuola dell'infanzia L'Aquilone (via Emilia 120)",
      "Scuola dell'infanzia Peter Pan (frazione Borgonuovo)",
      'Fatto',
      'Ricomincia',
    ]);
    const second = /Finora: 1\. .*Il Glicine.*, 2\. .*Arcobaleno/;
    if (HAS_BUTTONS[channel]) await chat.press("Scuola dell'infanzia Arcobaleno (via dei Tigli 4)", second);
    else await chat.say('1', second);
    await chat.press('Fatto', 'disabilità certificata');
    await chat.say('no', 'fratelli o sorelle');
    await chat.say('no', 'Lavorano entrambi');
    await chat.say('sì', 'ISEE');
    const summary = await chat.say('salta', 'Controlla i dati');
    expect(summary.text).toContain(
      "1. Scuola dell'infanzia Il Glicine (via dei Mille 15); 2. Scuola dell'infanzia Arcobaleno (via dei Tigli 4)",
    );
  });
});

describe.each(CHANNELS)('an answer’s buttons reach the citizen on %s (issue 26, item 4)', (channel) => {
  const BOOKING = 'come prenoto un appuntamento all anagrafe?';
  const RENEWAL = 'ho la carta d identita scaduta da rinnovare';
  const START = 'Avvia: Appuntamento all’anagrafe';
  const SEE = "Vedi: Carta d'identità smarrita, rubata o deteriorata";
  const FEEDBACK = ['Sì, utile', 'Non utile'];

  /** Asks a question and resolves the answer as the citizen's app shows it. */
  async function answered(chat: Chat, question: string) {
    await chat.citizen.say(question);
    return chat.sees('Ti è stata utile?');
  }

  it('shows "Avvia", "Vedi" and the feedback together, as the last message of the answer', async () => {
    const chat = await greeted(channel);
    const booking = await answered(chat, BOOKING);
    expect(booking.text).toContain('con il pulsante qui sotto');
    expect(booking.choices.map((c) => c.label)).toEqual(expect.arrayContaining([START, ...FEEDBACK]));
    const renewal = await answered(chat, RENEWAL);
    expect(renewal.choices.map((c) => c.label)).toEqual(expect.arrayContaining([START, SEE, ...FEEDBACK]));
    // Nothing after it takes the buttons away: the answer is the turn's last message.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(chat.citizen.received().at(-1)).toEqual(renewal);
  });

  it('lets the citizen press each of them', async () => {
    const chat = await greeted(channel);
    await answered(chat, RENEWAL);
    await chat.press(SEE, "Carta d'identità smarrita, rubata o deteriorata");
    await answered(chat, RENEWAL);
    await chat.press('Sì, utile', 'Grazie del riscontro!');
    await answered(chat, RENEWAL);
    await chat.press('Non utile', 'Puoi riformulare la domanda');
    await answered(chat, RENEWAL);
    await chat.press(START, 'Per quale servizio vuoi l’appuntamento?');
  });
});
