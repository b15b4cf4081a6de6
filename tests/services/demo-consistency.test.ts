import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

/**
 * The demo content (knowledge/ and dialogs/) must not contradict itself: what the FAQ says about booking the
 * identity card and the registry office's days must match what the appointment dialog actually offers.
 */

const ROOT = path.resolve(__dirname, '../..');

interface Entry {
  file: string;
  meta: { id: string; tags?: string[]; service?: string; links?: Array<{ label: string; url: string }> };
  body: string;
}

function entries(): Entry[] {
  return ['it', 'en'].flatMap((lang) =>
    readdirSync(path.join(ROOT, 'knowledge', lang))
      .filter((f) => f.endsWith('.md'))
      .map((f) => {
        const text = readFileSync(path.join(ROOT, 'knowledge', lang, f), 'utf8');
        const [, front = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text) ?? [];
        return { file: `${lang}/${f}`, meta: yaml.load(front) as Entry['meta'], body };
      }),
  );
}

const dialog = yaml.load(readFileSync(path.join(ROOT, 'dialogs/appuntamento-anagrafe.yaml'), 'utf8')) as {
  steps: Array<{
    id: string;
    options?: Array<{ value: string }>;
    slots?: { weekdays: string[]; times: string[] };
  }>;
};
const options = dialog.steps.find((s) => s.id === 'servizio')?.options?.map((o) => o.value) ?? [];
const slots = dialog.steps.find((s) => s.slots)?.slots;

describe('demo content consistency', () => {
  it('books the identity card in the chat, and no entry sends citizens to the Ministry’s Agenda CIE', () => {
    expect(options).toContain('cie');
    // The identity card entries of the registry office (SPID's entry mentions CIE only as a way to log in).
    const cie = entries().filter(
      (e) =>
        e.meta.tags?.includes('CIE') &&
        (e.meta.tags.includes('anagrafe') || e.meta.tags.includes('registry office')),
    );
    expect(cie.length).toBeGreaterThanOrEqual(5);
    for (const e of cie) {
      const text = `${e.body} ${JSON.stringify(e.meta.links ?? [])}`;
      expect({
        file: e.file,
        agenda: /agenda\s*cie|prenotazionicie|agenda del ministero/i.test(text),
      }).toEqual({
        file: e.file,
        agenda: false,
      });
      expect({ file: e.file, service: e.meta.service }).toEqual({
        file: e.file,
        service: 'appuntamento-anagrafe',
      });
    }
  });

  it('gives the registry office the days the appointment dialog has slots on (no Saturday slots, closed)', () => {
    expect(slots?.weekdays).toBeDefined();
    const byId = new Map(entries().map((e) => [e.meta.id, e]));
    const it = byId.get('anagrafe-orari')?.body ?? '';
    const en = byId.get('en-registry-office')?.body ?? '';
    const saturdayIt = it.split('\n').find((l) => /sabato/i.test(l)) ?? '';
    const saturdayEn = /[^.;]*Saturday[^.;]*/.exec(en)?.[0] ?? '';
    if (slots?.weekdays.includes('sat')) {
      expect(saturdayIt).not.toMatch(/chius/);
      expect(saturdayEn).not.toMatch(/closed/);
    } else {
      expect(saturdayIt).toMatch(/chius/);
      expect(saturdayEn).toMatch(/closed/);
    }
  });

  it('offers appointment times only within the registry office’s morning opening hours', () => {
    const body = entries().find((e) => e.meta.id === 'anagrafe-orari')?.body ?? '';
    const mornings = [...body.matchAll(/(\d{1,2}):(\d{2})\s*[–-]\s*(\d{1,2}):(\d{2})/g)]
      .map((m) => ({ open: Number(m[1]) * 60 + Number(m[2]), close: Number(m[3]) * 60 + Number(m[4]) }))
      .filter((r) => r.open < 12 * 60);
    expect(mornings.length).toBeGreaterThan(0);
    const open = Math.max(...mornings.map((r) => r.open));
    const close = Math.min(...mornings.map((r) => r.close));
    for (const time of slots?.times ?? []) {
      const [h = 0, m = 0] = time.split(':').map(Number);
      expect({ time, inHours: h * 60 + m >= open && h * 60 + m < close }).toEqual({ time, inHours: true });
    }
  });
});
