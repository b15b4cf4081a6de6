import type { Lang } from './types';

/** Weekday names as shown to citizens, Sunday first (the order of `Date#getUTCDay`). */
export const WEEKDAY_NAMES: Readonly<Record<Lang, readonly string[]>> = {
  it: ['domenica', 'lunedì', 'martedì', 'mercoledì', 'giovedì', 'venerdì', 'sabato'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

/** Month names as shown to citizens, January first. */
export const MONTH_NAMES: Readonly<Record<Lang, readonly string[]>> = {
  it: [
    'gennaio',
    'febbraio',
    'marzo',
    'aprile',
    'maggio',
    'giugno',
    'luglio',
    'agosto',
    'settembre',
    'ottobre',
    'novembre',
    'dicembre',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};
