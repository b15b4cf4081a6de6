/** What a browser test's citizen can do in a chat: type, press a button, wait for a text. */
export interface ChatActor {
  say(text: string): Promise<void>;
  press(label: string): Promise<void>;
  sees(text: string | RegExp): Promise<void>;
}

/**
 * Fills the demo's street report ("Segnala un problema") from the menu up to its summary, as a citizen does in
 * the web chat page or the widget's panel: a pothole, not dangerous, an address, no photo, a description, no
 * e-mail updates. The caller confirms.
 */
export async function fillStreetReport(c: ChatActor, description: string): Promise<void> {
  await c.say('ciao');
  await c.press('Avvia una pratica');
  await c.press('Segnala un problema (strade, illuminazione…)');
  await c.sees('Di che tipo di problema si tratta?');
  await c.press('Strade e marciapiedi (buche)');
  await c.sees(/pericoloso per chi passa/);
  await c.press('No');
  await c.sees(/Dove si trova/);
  await c.say('Via Roma 12, davanti alla farmacia');
  await c.sees(/invia una foto/);
  await c.press('Salta');
  await c.sees('Descrivi brevemente il problema.');
  await c.say(description);
  await c.sees(/aggiornamenti anche via e-mail/);
  await c.press('No');
  await c.sees(/Controlla i dati/);
}
