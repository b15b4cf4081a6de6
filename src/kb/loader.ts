import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { KB_LANGS, type KbEntry } from './entry';
import { type KbProblem, KnowledgeDirError } from './errors';
import { parseEntryFile } from './front-matter';
import { emptySynonyms, parseSynonyms, SYNONYMS_FILE, type Synonyms } from './synonyms';

/** A knowledge-base problem plus whether it keeps the entry out of the served knowledge base. */
export interface LoadProblem extends KbProblem {
  /** True when the file could not be used at all (bad front matter, duplicate id…). */
  fatal: boolean;
}

/** What {@link loadKnowledge} read from a knowledge directory. */
export interface LoadResult {
  /** Usable entries, in file order. */
  entries: KbEntry[];
  synonyms: Synonyms;
  /** Every problem found, fatal or not. */
  problems: LoadProblem[];
  /** Relative paths of every Markdown file seen (usable or not). */
  files: string[];
  /** True when `synonyms.yml` exists but could not be used. */
  synonymsBroken: boolean;
}

/** Options of {@link loadKnowledge}. */
export interface LoadOptions {
  /** Dialog ids an entry's `service` may name; when absent service ids are not checked. */
  knownServices?: readonly string[];
}

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|#|\/\/)/i;
const MD_LINK = /\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

/** Lists the Markdown files under a directory, recursively, sorted, as paths relative to it. */
async function listMarkdown(dir: string, sub = ''): Promise<string[]> {
  const items = await fs.readdir(path.join(dir, sub), { withFileTypes: true });
  const out: string[] = [];
  for (const item of items.sort((a, b) => a.name.localeCompare(b.name))) {
    if (item.name.startsWith('.')) continue;
    const rel = sub ? `${sub}/${item.name}` : item.name;
    if (item.isDirectory()) out.push(...(await listMarkdown(dir, rel)));
    else if (item.isFile() && item.name.endsWith('.md')) out.push(rel);
  }
  return out;
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * Reads every entry under `<dir>/<lang>/**.md` and the synonyms file, validating as it goes. A broken file
 * never stops the others from loading: it becomes a fatal problem and is left out. Dead relative links and
 * unknown service ids are reported but do not keep the entry out.
 */
export async function loadKnowledge(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  let files: string[];
  try {
    files = await listMarkdown(dir);
  } catch (err) {
    throw new KnowledgeDirError(dir, err);
  }
  const problems: LoadProblem[] = [];
  const entries: KbEntry[] = [];
  const seen = new Map<string, string>();
  const known = options.knownServices ? new Set(options.knownServices) : undefined;

  for (const file of files) {
    const report = (line: number, reason: string, fatal: boolean) =>
      problems.push({ file, line, reason, fatal });
    const folder = file.split('/')[0] ?? '';
    if (!(KB_LANGS as readonly string[]).includes(folder) || !file.includes('/')) {
      if (file.toLowerCase() !== 'readme.md')
        report(1, `entries live under ${KB_LANGS.map((l) => `${l}/`).join(' or ')}`, true);
      continue;
    }
    const text = await fs.readFile(path.join(dir, file), 'utf8');
    const parsed = parseEntryFile(text);
    if (!parsed.ok) {
      for (const p of parsed.problems) report(p.line, p.reason, true);
      continue;
    }
    const { data, body, lineOf } = parsed;
    if (data.lang !== folder) {
      report(lineOf(['lang']), `lang "${data.lang}" does not match the folder "${folder}/"`, true);
      continue;
    }
    const first = seen.get(data.id);
    if (first) {
      report(lineOf(['id']), `duplicate id "${data.id}" (already used by ${first})`, true);
      continue;
    }
    if (data.valid_from && data.valid_until && data.valid_from > data.valid_until) {
      report(lineOf(['valid_until']), 'valid_until is before valid_from', true);
      continue;
    }
    seen.set(data.id, file);
    if (data.service && known && !known.has(data.service)) {
      report(lineOf(['service']), `unknown service id "${data.service}" (no dialog with that id)`, false);
    }
    const base = path.dirname(path.join(dir, file));
    for (const [i, link] of data.links.entries()) {
      if (!EXTERNAL.test(link.url) && !(await exists(path.resolve(base, link.url.split('#')[0] ?? '')))) {
        report(lineOf(['links', i, 'url']), `dead relative link "${link.url}"`, false);
      }
    }
    const lines = text.split(/\r?\n/);
    for (let n = parsed.bodyLine - 1; n < lines.length; n++) {
      for (const m of (lines[n] ?? '').matchAll(MD_LINK)) {
        const url = m[1] ?? '';
        if (!EXTERNAL.test(url) && !(await exists(path.resolve(base, url.split('#')[0] ?? '')))) {
          report(n + 1, `dead relative link "${url}"`, false);
        }
      }
    }
    entries.push({ ...data, body, file });
  }

  let synonyms = emptySynonyms();
  let synonymsBroken = false;
  const synonymsPath = path.join(dir, SYNONYMS_FILE);
  if (await exists(synonymsPath)) {
    const parsed = parseSynonyms(await fs.readFile(synonymsPath, 'utf8'));
    if ('synonyms' in parsed) synonyms = parsed.synonyms;
    else {
      synonymsBroken = true;
      problems.push({ file: SYNONYMS_FILE, ...parsed.problem, fatal: true });
    }
  }
  return { entries, synonyms, problems, files, synonymsBroken };
}
