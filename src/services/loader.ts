import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { type DialogIssue, InvalidDialogsError } from './errors';
import { fieldTypeOf, stepSchemaOfRegisteredTypes } from './field-types/registry';
import { type Condition, type DialogDefinition, dialogFileSchema, type Step } from './schema';

/** A dialog file that passed validation. */
export interface LoadedDialog {
  file: string;
  definition: DialogDefinition;
}

type Path = ReadonlyArray<PropertyKey>;

/** The 1-based line of the YAML node at `path`, or of its nearest existing parent. */
function lineOf(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: Path): number {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return counter.linePos(node.range[0]).line;
  }
  return 1;
}

function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const key of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  return value;
}

/** `steps.3.prompt` → `steps.3 (dettaglio).prompt`: the step id helps authors find the step. */
function describePath(root: unknown, path: Path): string {
  return path
    .map((key, i) => {
      const id =
        path[i - 1] === 'steps' ? (valueAt(root, path.slice(0, i + 1)) as { id?: unknown })?.id : undefined;
      return typeof id === 'string' ? `${String(key)} (${id})` : String(key);
    })
    .join('.');
}

function describe(root: unknown, issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? `${describePath(root, issue.path)}: ` : '';
  const missing =
    (issue.code === 'invalid_union' || issue.code === 'invalid_type') &&
    valueAt(root, issue.path) === undefined;
  return `${where}${missing ? 'is required' : issue.message}`;
}

function conditionFields(c: Condition): Array<{ field: string; values: unknown[] }> {
  if ('all' in c) return c.all.flatMap(conditionFields);
  if ('any' in c) return c.any.flatMap(conditionFields);
  if ('equals' in c) return [{ field: c.field, values: [c.equals] }];
  if ('notEquals' in c) return [{ field: c.field, values: [c.notEquals] }];
  if ('in' in c) return [{ field: c.field, values: c.in }];
  return [{ field: c.field, values: [] }];
}

/** The step types each `prefill:` claim can fill in. */
const PREFILL_FITS: Record<string, readonly Step['type'][]> = {
  fiscal_number: ['codice_fiscale', 'text'],
  name: ['text'],
  family_name: ['text'],
  full_name: ['text'],
  email: ['email', 'text'],
};

/** Checks what the schema cannot: unique step ids, conditions on earlier steps and their possible values. */
function semanticIssues(def: DialogDefinition): Array<{ path: Path; reason: string }> {
  const issues: Array<{ path: Path; reason: string }> = [];
  const seen = new Map<string, Step>();
  def.steps.forEach((step, i) => {
    if (seen.has(step.id))
      issues.push({ path: ['steps', i, 'id'], reason: `duplicate step id "${step.id}"` });
    if (step.when) {
      for (const { field, values } of conditionFields(step.when)) {
        const target = seen.get(field);
        if (!target) {
          issues.push({
            path: ['steps', i, 'when'],
            reason: `condition refers to "${field}", which is not an earlier step`,
          });
          continue;
        }
        if (target.type === 'choice') {
          const known = new Set(target.options.map((o) => o.value));
          for (const v of values) {
            if (!known.has(String(v)))
              issues.push({
                path: ['steps', i, 'when'],
                reason: `"${String(v)}" is not an option of "${field}"`,
              });
          }
        }
        if (target.type === 'yes_no' && values.some((v) => typeof v !== 'boolean')) {
          issues.push({
            path: ['steps', i, 'when'],
            reason: `"${field}" is yes/no: compare it with true or false`,
          });
        }
      }
    }
    // What each field type checks of its own steps beyond their schema.
    for (const problem of fieldTypeOf(step.type).lint?.(step) ?? [])
      issues.push({ path: ['steps', i, ...problem.path], reason: problem.reason });
    if (step.io_consent && step.type !== 'yes_no')
      issues.push({ path: ['steps', i, 'io_consent'], reason: 'io_consent marks a yes_no step' });
    const fits = PREFILL_FITS[step.prefill ?? ''];
    if (fits && !fits.includes(step.type))
      issues.push({
        path: ['steps', i, 'prefill'],
        reason: `prefill: ${step.prefill} fits a step of type ${fits.join(' or ')}, not ${step.type}`,
      });
    seen.set(step.id, step);
  });
  return issues;
}

/**
 * Dialog files written before `appointment` was a type of its own said `type: date` with `slots:`; they are
 * read as the appointment they always were.
 */
function legacyAppointments(js: unknown): unknown {
  const steps = (js as { steps?: unknown } | null)?.steps;
  if (!Array.isArray(steps)) return js;
  for (const step of steps)
    if (step && typeof step === 'object' && step.type === 'date' && 'slots' in step)
      step.type = 'appointment';
  return js;
}

/** Parses and validates one dialog file's text; resolves the definition or the issues with their lines. */
export function parseDialogFile(
  file: string,
  text: string,
): { definition?: DialogDefinition; issues: DialogIssue[] } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      issues: doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0]?.line ?? counter.linePos(e.pos[0]).line,
        reason: `YAML syntax: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  if (!isMap(doc.contents))
    return {
      issues: [{ file, line: 1, reason: 'a dialog file must be a YAML mapping (id:, title:, steps:…)' }],
    };
  const js: unknown = legacyAppointments(doc.toJS());
  // Steps of field types registered by plug-ins are parsed too; the built-in ones as dialogFileSchema says.
  const result = dialogFileSchema
    .extend({ steps: z.array(stepSchemaOfRegisteredTypes()).min(1, 'a dialog needs at least one step') })
    .safeParse(js);
  if (!result.success) {
    return {
      issues: result.error.issues.map((issue) => {
        const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
        return {
          file,
          line: lineOf(doc, counter, [...issue.path, ...keys.slice(0, 1)]),
          reason: describe(js, issue),
        };
      }),
    };
  }
  // A plug-in's step is typed as the built-in union here; the form reaches it only through its field type.
  const definition = result.data as DialogDefinition;
  const issues = semanticIssues(definition).map(({ path, reason }) => ({
    file,
    line: lineOf(doc, counter, path),
    reason,
  }));
  return issues.length ? { issues } : { definition, issues: [] };
}

/**
 * Reads every `*.yaml` / `*.yml` file of a directory and validates it. Resolves the valid dialogs and every
 * issue found (including duplicate dialog ids across files), with file names relative to `cwd`.
 */
export async function validateDialogDir(
  dir: string,
  cwd = process.cwd(),
): Promise<{ dialogs: LoadedDialog[]; issues: DialogIssue[] }> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/i.test(n)).sort();
  } catch (err) {
    return {
      dialogs: [],
      issues: [{ file: dir, line: 0, reason: `cannot read directory: ${(err as Error).message}` }],
    };
  }
  const dialogs: LoadedDialog[] = [];
  const issues: DialogIssue[] = [];
  const ids = new Map<string, string>();
  for (const name of names) {
    const file = relative(cwd, join(dir, name)) || name;
    const parsed = parseDialogFile(file, await readFile(join(dir, name), 'utf8'));
    issues.push(...parsed.issues);
    if (!parsed.definition) continue;
    const other = ids.get(parsed.definition.id);
    if (other) {
      issues.push({
        file,
        line: 1,
        reason: `dialog id "${parsed.definition.id}" is already used by ${other}`,
      });
      continue;
    }
    ids.set(parsed.definition.id, file);
    dialogs.push({ file, definition: parsed.definition });
  }
  return { dialogs, issues };
}

/** Loads the dialog files of a directory, or throws {@link InvalidDialogsError} listing every issue. */
export async function loadDialogs(dir: string): Promise<LoadedDialog[]> {
  const { dialogs, issues } = await validateDialogDir(dir);
  if (issues.length > 0) throw new InvalidDialogsError(issues);
  return dialogs;
}
