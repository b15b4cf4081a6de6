import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type SpawnedApp, spawnApp } from '../helpers/spawn-app';

interface Activity {
  from: { role?: string };
  text?: string;
}

/** A web-chat citizen talking to a running Sportello over its Direct Line API. */
class Citizen {
  private token = '';
  conversationId = '';
  private watermark = '';

  constructor(public base: string) {}

  /** Every text in the conversation so far, citizen's and bot's. */
  async history(): Promise<string> {
    const url = `${this.base}/v3/directline/conversations/${this.conversationId}/activities`;
    const page = (await (
      await fetch(url, { headers: { authorization: `Bearer ${this.token}` } })
    ).json()) as {
      activities: Activity[];
    };
    return page.activities.map((a) => a.text ?? '').join('\n');
  }

  async start(): Promise<void> {
    const res = await fetch(`${this.base}/api/webchat/session`, { method: 'POST' });
    const body = (await res.json()) as { token: string; conversationId: string };
    this.token = body.token;
    this.conversationId = body.conversationId;
  }

  /** Sends a message (or a pressed choice) and resolves the bot's texts that followed it. */
  async say(text: string, choice?: string): Promise<string> {
    const res = await fetch(`${this.base}/v3/directline/conversations/${this.conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        from: { id: 'citizen' },
        text,
        locale: 'it-IT',
        ...(choice ? { value: { choice } } : {}),
      }),
    });
    expect(res.status).toBe(200);
    const url = `${this.base}/v3/directline/conversations/${this.conversationId}/activities?watermark=${this.watermark}`;
    const page = (await (
      await fetch(url, { headers: { authorization: `Bearer ${this.token}` } })
    ).json()) as {
      activities: Activity[];
      watermark: string;
    };
    this.watermark = page.watermark;
    return page.activities
      .filter((a) => a.from.role === 'bot')
      .map((a) => a.text ?? '')
      .join('\n');
  }
}

describe('restart after kill -9', () => {
  let dir: string;
  let app: SpawnedApp | undefined;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-restart-'));
  });
  afterAll(async () => {
    await app?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('resumes a form at the same step, with the web chat history kept', async () => {
    const env = { DATABASE_URL: `sqlite:${path.join(dir, 'sportello.db')}` };
    app = await spawnApp(env);
    const citizen = new Citizen(app.url);
    await citizen.start();
    expect(await citizen.say('ciao')).toContain('Comune di Esempio');
    expect(await citizen.say('Pass sosta residenti', 'service:pass-sosta-residenti')).toContain(
      'Qual è il tuo codice fiscale?',
    );
    expect(await citizen.say('RSSMRA80A01H501U')).toContain('Come ti chiami');

    await app.kill();
    app = await spawnApp(env);
    citizen.base = app.url;

    // Same token and conversation after the crash: the form continues with the next question.
    expect(await citizen.say('Mario Rossi')).toContain('Qual è il tuo indirizzo di residenza?');
    const history = await citizen.history();
    expect(history).toContain('Qual è il tuo codice fiscale?');
    expect(history).toContain('RSSMRA80A01H501U');
  });
});
