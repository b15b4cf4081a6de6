import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DirectLineCitizen } from '../helpers/directline-citizen';
import { type SpawnedApp, spawnApp } from '../helpers/spawn-app';

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
    const citizen = new DirectLineCitizen(app.url);
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
    const history = (await citizen.history()).map((a) => a.text ?? '').join('\n');
    expect(history).toContain('Qual è il tuo codice fiscale?');
    expect(history).toContain('RSSMRA80A01H501U');
  });
});
