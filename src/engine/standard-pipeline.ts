import type { Middleware } from './compose';
import { builtinCommands } from './dialogs/builtin-commands';
import { faqQuestionDialog } from './dialogs/faq-question-dialog';
import type { Engine } from './engine';
import { commandRouter } from './middleware/command-router';
import { dialogRuntime } from './middleware/dialog-runtime';
import { type Handoff, handoffGate } from './middleware/handoff-gate';
import { followLanguage, type LanguageDetector } from './middleware/language';
import { type RateLimitOptions, rateLimit } from './middleware/rate-limit';
import { welcome } from './middleware/welcome';
import type { TurnContext } from './turn-context';

/** What {@link useStandardPipeline} needs. */
export interface StandardPipelineOptions {
  /** The escalation contract: the handoff room in production, a {@link Handoff} test double in tests. */
  handoff: Handoff;
  /** Tells the language of what a citizen typed (the knowledge base's detector), so replies follow it. */
  detectLanguage: LanguageDetector;
  /** Per-conversation flood protection; left out only where a test sends faster than a citizen could. */
  rateLimit?: RateLimitOptions;
  /** The first-turn greeting of a citizen signed in on the portal, or why their sign-in was refused. */
  identityNotice?: Middleware<TurnContext>;
}

/**
 * Composes Sportello's message pipeline on an engine, in its one order: rate limit → language → handoff gate →
 * (identity notice) → welcome → commands → dialog runtime (running dialogs, then skills), with the
 * FAQ-question dialog registered. The composition root and every test harness call this, so a middleware added
 * here runs everywhere.
 */
export function useStandardPipeline(engine: Engine, options: StandardPipelineOptions): Engine {
  if (options.rateLimit) engine.use(rateLimit(options.rateLimit));
  engine.use(followLanguage(options.detectLanguage)).use(handoffGate(options.handoff));
  // The identity notice also opens a conversation the web chat page started before the citizen typed.
  if (options.identityNotice) engine.use(options.identityNotice).onOpen(options.identityNotice);
  return engine
    .use(welcome())
    .use(commandRouter(builtinCommands(options.handoff)))
    .use(dialogRuntime())
    .addDialog(faqQuestionDialog);
}
