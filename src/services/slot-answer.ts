import { parseButtonValue } from '../engine/button-values';
import { parseDate } from './validators/date';

/**
 * Reads an answer to an appointment question: a pressed slot button, a day ("giovedì", "12/03"), or a day
 * with a time ("giovedì alle 10:30", "12/03 ore 9"). `today` is the city's ISO date.
 */
export function parseSlotAnswer(
  input: string,
  today: string,
): { slot?: string; day?: string; desk?: string } {
  const pressed = parseButtonValue(input);
  if (pressed?.kind === 'form-slot')
    return pressed.desk ? { slot: pressed.slot, desk: pressed.desk } : { slot: pressed.slot };
  const time = /\b(?:ore|alle|at)\s+(\d{1,2})(?:[:.](\d{2}))?\b|(\d{1,2}):(\d{2})/i.exec(input);
  const rest = time ? input.replace(time[0], ' ').trim() : input;
  const day = parseDate(rest.replace(/[,\s]+$/, ''), today);
  const hour = time?.[1] ?? time?.[3];
  if (!day) return {};
  if (!hour) return { day };
  return { day, slot: `${day}T${hour.padStart(2, '0')}:${time?.[2] ?? time?.[4] ?? '00'}` };
}
