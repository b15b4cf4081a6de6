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
    const page = (await (await fetch(url, { headers: { authorization: `Bearer ${this.token}` } })).json()) as {
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

  it('resumes the conversation at the same step with its web chat history', async () => {
    const env = { DATABASE_URL: `sqlite:${path.join(dir, 'sportello.db')}` };
    app = await spawnApp(env);
    const citizen = new Citizen(app.url);
    await citizen.start();
    expect(await citizen.say('ciao')).toContain('Comune di Esempio');
    expect(await citizen.say('Domande frequenti', 'menu:faq')).toContain('Scrivi pure la tua domanda');

    await app.kill();
    app = await spawnApp(env);
    citizen.base = app.url;

    // Same token, same conversation: the bot still waits for the FAQ question, instead of the generic menu.
    const answer = await citizen.say('qwertyuiop asdfghjkl');
    expect(answer).not.toContain('Non sono sicuro di aver capito');
    expect(answer).toMatch(/non ho trovato una risposta sicura/i);
  });
});
