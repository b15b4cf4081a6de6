import fs from 'node:fs';
import path from 'node:path';
import { envSchema, loadConfig } from '../src/config';

const lines = fs.readFileSync(path.resolve(__dirname, '../.env.example'), 'utf8').split('\n');

describe('.env.example', () => {
  const variables = Object.keys(envSchema.shape);

  it.each(variables)('documents %s with a comment right above it', (variable) => {
    const index = lines.findIndex((l) => l.startsWith(`${variable}=`));
    expect(index).toBeGreaterThan(0);
    expect(lines[index - 1]).toMatch(/^# \S/);
  });

  it('lists no variable Sportello does not read', () => {
    const listed = lines.filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split('=')[0]);
    expect(listed.filter((v) => !variables.includes(v as string))).toEqual([]);
  });

  it('is a valid configuration as it is', () => {
    const env: Record<string, string> = {};
    for (const line of lines) {
      const match = /^([A-Z_]+)=(.*)$/.exec(line);
      if (match?.[1]) env[match[1]] = match[2] ?? '';
    }
    expect(() => loadConfig(env)).not.toThrow();
  });
});
