const FENCE = '```';

/**
 * Splits text into pieces of at most `max` characters, at paragraph, line or word boundaries when possible.
 * A ```` ``` ```` block is never cut: the piece ends before it, or, when the block alone is longer than a
 * piece, each piece closes the block and the next one reopens it.
 */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    let cut = boundary(rest, max);
    if (insideBlock(rest.slice(0, cut))) {
      const open = rest.slice(0, cut).lastIndexOf(FENCE);
      if (open > 0) {
        cut = open; // the whole block starts the next piece
      } else {
        // The block opens this piece and does not fit in it: close it here and reopen it in the next.
        cut = boundary(rest, max - FENCE.length);
        pieces.push(`${rest.slice(0, cut).trimEnd()}${FENCE}`);
        rest = `${FENCE}${rest.slice(cut).trim()}`;
        continue;
      }
    }
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/** Where to end a piece of at most `max` characters: the last paragraph, line or word break, or `max`. */
function boundary(text: string, max: number): number {
  const window = text.slice(0, max);
  let cut = Math.max(window.lastIndexOf('\n\n'), window.lastIndexOf('\n'));
  if (cut < max / 2) cut = window.lastIndexOf(' ');
  if (cut < max / 2) cut = max;
  // Never cut through a run of backticks, which would break a fence in two.
  while (cut > 1 && text.charAt(cut) === '`' && text.charAt(cut - 1) === '`') cut--;
  return cut;
}

/** Whether `head` leaves a ```` ``` ```` block open (an odd number of fences). */
function insideBlock(head: string): boolean {
  return (head.split(FENCE).length - 1) % 2 === 1;
}
