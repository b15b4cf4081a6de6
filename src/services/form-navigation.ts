import type { DialogInstance } from '../engine/conversation-state';
import type { Lang } from '../engine/types';
import type { FormMove } from './form-move';
import { applicableSteps, currentStep, formData } from './form-state';
import { pick } from './localized';
import type { DialogDefinition } from './schema';
import { st } from './texts';

/**
 * "Indietro": the previous applicable question, the first one again (saying it is the first) when there is
 * none before it, or the next unanswered one from the summary or the edit menu. The error count starts over.
 */
export function backMove(def: DialogDefinition, instance: DialogInstance, lang: Lang): FormMove {
  const data = formData(instance);
  data.errors = 0;
  const steps = applicableSteps(def, data.answers);
  const current = currentStep(def, instance);
  const index = current ? steps.findIndex((s) => s.id === current.id) : steps.length;
  const previous = steps[index - 1];
  if (previous) return { kind: 'ask', step: previous };
  return current ? { kind: 'ask', step: current, prefix: st(lang, 'firstStep') } : { kind: 'advance' };
}

/** "Aiuto": the question's own help, if any, and how to answer it (or the summary) before it is asked again. */
export function helpMove(def: DialogDefinition, instance: DialogInstance, lang: Lang): FormMove {
  const step = currentStep(def, instance);
  const own = step?.help ? `${pick(step.help, lang)}\n\n` : '';
  const hint = instance.step === 'confirm' ? st(lang, 'confirmHint') : st(lang, 'help');
  return { kind: 'help', text: `${own}${hint}` };
}
