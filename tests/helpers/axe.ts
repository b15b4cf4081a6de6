import { readFileSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: Array<{ html: string }>;
}

/**
 * The serious and critical violations axe-core finds in the page (or in one frame of it) with its default rules
 * (WCAG 2.x A/AA and best practices), one line each (empty when none). axe runs through the debugging protocol,
 * which the page's CSP does not block. Frames inside are left out: check each with its own call, as axe cannot
 * reach a frame of another origin it was not injected in.
 */
export async function seriousViolations(page: Page | Frame): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, options: unknown): Promise<unknown> } })
      .axe;
    // label-content-name-mismatch is experimental, so off by default: voice-control users need it.
    const result = (await axe.run(document, {
      iframes: false,
      rules: { 'label-content-name-mismatch': { enabled: true } },
    })) as { violations: AxeViolation[] };
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.html) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes): ${v.nodes[0]}`);
}
