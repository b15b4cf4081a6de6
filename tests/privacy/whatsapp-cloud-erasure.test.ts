import { CLOUD_WINDOWS } from '../../src/channels/whatsapp-cloud/service-window';
import { CITIZEN, textPayload } from '../channels/whatsapp-cloud/harness';
import { eventually } from '../helpers/eventually';
import { type AppHarness, startApp } from '../http/app-harness';

describe('erasure on WhatsApp Cloud', () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startApp();
  });
  afterAll(async () => {
    await h?.close();
  });

  const say = async (id: string, text: string) => {
    const raw = JSON.stringify(textPayload(id, text, Date.now()));
    const res = await h.post('/whatsapp/webhook', raw, { 'X-Hub-Signature-256': h.signWhatsApp(raw) });
    expect(res.status).toBe(200);
  };
  const lastText = () => {
    const last = h.graph.messages.at(-1) as {
      text?: { body?: string };
      interactive?: { body?: { text?: string } };
    };
    return last?.text?.body ?? last?.interactive?.body?.text ?? '';
  };

  it('removes the service-window record keyed by the citizen’s number, and still confirms on WhatsApp', async () => {
    await say('wamid.erase1', 'ciao');
    await eventually(() => expect(h.graph.messages.length).toBeGreaterThan(0));
    expect(await h.app.storage.get(CLOUD_WINDOWS, CITIZEN)).toBeDefined();
    await say('wamid.erase2', 'cancella i miei dati');
    await eventually(() => expect(lastText()).toContain('Vuoi procedere?'));
    await say('wamid.erase3', 'si');
    await eventually(() => expect(lastText()).toContain('ho cancellato i tuoi dati personali'));
    expect(await h.app.storage.get(CLOUD_WINDOWS, CITIZEN)).toBeUndefined();
  });
});
