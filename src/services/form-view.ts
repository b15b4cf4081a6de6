import type { Attachment } from '../engine/types';
import { formatAnswer } from './fields';
import { answerOf, applicableSteps } from './form-state';
import { pick } from './localized';
import type { DialogDefinition } from './schema';

/** A file among a form's answers, as operators see it. */
export interface FormFileView {
  name: string;
  contentType: string;
  size?: number;
  /** Id in the file store, when Sportello keeps the file itself (web chat uploads). */
  storedId?: string;
}

/** One answered field of a form, readable: the Italian label and the answer as text. */
export interface FormFieldView {
  id: string;
  label: string;
  text: string;
  files?: FormFileView[];
}

/** A form as the operator console shows it: the service's title and the answers given so far, in order. */
export interface FormView {
  dialogId: string;
  title: string;
  fields: FormFieldView[];
}

/**
 * The readable view of a form's answers (`answers` as the form keeps them): labels instead of field ids,
 * values formatted as the citizen saw them in the summary, files listed one by one. Only steps that apply
 * and were answered are shown.
 */
export function formView(def: DialogDefinition, answers: Record<string, unknown>): FormView {
  const fields: FormFieldView[] = [];
  for (const step of applicableSteps(def, answers)) {
    const value = answerOf(answers, step.id);
    if (value === undefined) continue;
    const field: FormFieldView = {
      id: step.id,
      label: pick(step.label, 'it'),
      text: formatAnswer(step, value, 'it'),
    };
    if ((step.type === 'photo' || step.type === 'attachment') && Array.isArray(value))
      field.files = (value as Attachment[]).map((a) => ({
        name: a.name ?? a.contentType,
        contentType: a.contentType,
        ...(a.size !== undefined ? { size: a.size } : {}),
        ...(a.storedId ? { storedId: a.storedId } : {}),
      }));
    fields.push(field);
  }
  return { dialogId: def.id, title: pick(def.title, 'it'), fields };
}
