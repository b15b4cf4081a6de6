import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BOT_COMMANDS } from '../../../src/channels/telegram/commands';

describe('Telegram commands documentation', () => {
  const docs = readFileSync(path.resolve(__dirname, '../../../docs/channels-telegram.md'), 'utf8');
  const registered = [...new Set([...BOT_COMMANDS.it, ...BOT_COMMANDS.en].map((c) => c.command))];

  it('lists every command the bot registers, in the set-up section and in the behaviour section', () => {
    const setup = docs.slice(docs.indexOf('/setcommands'), docs.indexOf('## 2.'));
    const behaviour = docs.slice(docs.indexOf('- **Commands**'));
    for (const command of registered) {
      expect(setup).toContain(`\`/${command}\``);
      expect(behaviour).toContain(`\`/${command}\``);
    }
    expect(registered).toContain('cancella');
  });
});
