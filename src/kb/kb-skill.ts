import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Logger } from 'pino';
import { menuValue, parseButtonValue } from '../engine/button-values';
import { KNOWLEDGE_BASE_SKILL, type Skill } from '../engine/skill';
import type { TurnContext } from '../engine/turn-context';
import type { Choice } from '../engine/types';
import { redactPii } from '../privacy/redact';
import type { Storage } from '../storage/storage';
import { answerReplies, entryChoice, withFeedback } from './answer-reply';
import type { KbLang } from './entry';
import { answerFromEntries } from './generative';
import { answerQuestion, type SecondOpinion } from './kb-answerer';
import type { KnowledgeSnapshot } from './knowledge-snapshot';
import type { Decision } from './policy';
import { kbText } from './texts';

/** Storage stream of the citizens' "was it helpful?" answers. */
export const KB_FEEDBACK_STREAM = 'kb-feedback';

/** One feedback record in {@link KB_FEEDBACK_STREAM}. */
export interface KbFeedback {
  entry: string;
  useful: boolean;
  lang: KbLang;
  conversation: string;
  at: string;
}

/** Storage stream of questions the knowledge base could not answer confidently (redacted, for editors). */
export const KB_UNANSWERED_STREAM = 'kb-unanswered';

/** One record in {@link KB_UNANSWERED_STREAM}: personal data is redacted before it is stored. */
export interface KbUnanswered {
  /** The question with codice fiscale, IBAN, e-mail and phone numbers replaced by placeholders. */
  question: string;
  lang: KbLang;
  /** `none`: no answer at all; `suggest`: only "Forse cercavi…" (grey zone). */
  outcome: 'none' | 'suggest';
  /** The closest entry and its score, if any. */
  top?: string;
  score: number;
  channel: string;
  at: string;
}

/** What the knowledge-base skill needs. */
export interface KbSkillOptions {
  /** The current knowledge base (read at every turn, so hot reloads apply at once). */
  snapshot: () => KnowledgeSnapshot;
  answerThreshold: number;
  suggestThreshold: number;
  /** Semantic retrieval, when configured: asked beside the lexical search, never waited on past its budget. */
  secondOpinion?: SecondOpinion | undefined;
  /** Chat model of the generative mode; absent = retrieval only. */
  llm?: BaseChatModel | undefined;
  storage: Storage;
  logger: Logger;
}

/** The honest "I don't know" with an operator, used below the threshold and when the model refuses. */
function replyNoAnswer(ctx: TurnContext): void {
  ctx.reply(
    {
      text: kbText(ctx.lang, 'noAnswer'),
      choices: [
        { label: ctx.t('menuOperator'), value: menuValue('operator') },
        { label: kbText(ctx.lang, 'rephrase'), value: menuValue('faq') },
      ],
    },
    { outcome: 'kb-none' },
  );
}

/**
 * The knowledge-base skill. For free text it detects the language, searches, and applies the confidence
 * policy: a confident answer with sources and a feedback question; in the grey zone "Forse cercavi…" with the
 * closest entries; otherwise an honest "I don't know" with an operator. It also handles its own choices:
 * its entry buttons show an entry and its feedback buttons record feedback. Empty input is not its job.
 */
export function kbSkill(options: KbSkillOptions): Skill {
  const { storage, logger } = options;

  const showEntry = (ctx: TurnContext, id: string): void => {
    const kb = options.snapshot();
    const entry = kb.get(id, ctx.services.now());
    if (!entry) {
      ctx.reply({ text: kbText(ctx.lang, 'entryGone') });
      replyNoAnswer(ctx);
      return;
    }
    const [answer, ...rest] = answerReplies(entry, kb, ctx.lang, ctx.services.services);
    if (answer) ctx.reply(answer, { kbEntries: [entry.id], outcome: 'kb-answer' });
    for (const r of rest) ctx.reply(r);
  };

  const feedback = async (ctx: TurnContext, useful: boolean, entry: string): Promise<void> => {
    const record: KbFeedback = {
      entry,
      useful,
      lang: ctx.lang,
      conversation: ctx.state.key,
      at: ctx.services.now().toISOString(),
    };
    await storage.append(KB_FEEDBACK_STREAM, record);
    if (useful) {
      ctx.reply({ text: kbText(ctx.lang, 'thanks'), format: 'plain' });
      return;
    }
    ctx.reply({
      text: kbText(ctx.lang, 'sorry'),
      format: 'plain',
      choices: [
        { label: kbText(ctx.lang, 'rephrase'), value: menuValue('faq') },
        { label: ctx.t('menuOperator'), value: menuValue('operator') },
      ],
    });
  };

  const generative = async (ctx: TurnContext, decision: Decision, model: BaseChatModel): Promise<boolean> => {
    const candidates =
      decision.kind === 'answer'
        ? [decision.best, ...decision.alternatives]
        : decision.kind === 'suggest'
          ? decision.options
          : [];
    const entries = candidates.slice(0, 3).map((c) => c.entry);
    try {
      const result = await answerFromEntries(model, ctx.input, entries, ctx.lang);
      if (result.kind === 'refusal') {
        logger.info(
          { conversation: ctx.state.key, candidates: entries.map((e) => e.id) },
          'kb: model refused',
        );
        replyNoAnswer(ctx);
        return true;
      }
      const links = result.sources.flatMap((e) => e.links.filter((l) => /^https?:/i.test(l.url)));
      const ids = result.sources.map((e) => e.id);
      const choices: Choice[] = result.sources
        .slice(0, 3)
        .map((e) => ({ label: kbText(ctx.lang, 'seeAlso', { title: e.title }), value: entryChoice(e.id) }));
      const answer = {
        text: `${result.text}\n\n${kbText(ctx.lang, 'generatedNote')}`,
        ...(links.length ? { links } : {}),
        choices,
      };
      ctx.reply(withFeedback(answer, ctx.lang, ids[0] as string), { kbEntries: ids, outcome: 'kb-answer' });
      return true;
    } catch (err) {
      // The model is an optional extra: when it fails, the retrieval answer is still right.
      logger.warn({ err, conversation: ctx.state.key }, 'kb: chat model failed; answering from retrieval');
      return false;
    }
  };

  return {
    id: KNOWLEDGE_BASE_SKILL,
    async handle(ctx) {
      const input = ctx.input;
      if (!input) return false;
      const pressed = parseButtonValue(input);
      if (pressed?.kind === 'kb-feedback') {
        await feedback(ctx, pressed.useful, pressed.entry);
        return true;
      }
      if (pressed?.kind === 'kb-entry') {
        showEntry(ctx, pressed.entry);
        return true;
      }
      // The conversation's language already follows the citizen (the standard pipeline's language step); the
      // search still tries the other language's entries when this message alone is unclear, or when none of
      // its own language's entries is likely to answer it.
      const kb = options.snapshot();
      const { decision, search } = await answerQuestion(input, {
        snapshot: kb,
        policy: options,
        secondOpinion: options.secondOpinion,
        fallback: ctx.lang,
        now: ctx.services.now(),
      });
      const { results } = search;
      logger.debug(
        {
          conversation: ctx.state.key,
          decision: decision.kind,
          top: results[0]?.entry.id,
          score: results[0]?.score,
        },
        'kb: question',
      );
      if (decision.kind !== 'answer') {
        const best = results[0];
        const record: KbUnanswered = {
          question: redactPii(input).slice(0, 500),
          lang: ctx.state.lang,
          outcome: decision.kind,
          ...(best ? { top: best.entry.id } : {}),
          score: best?.score ?? 0,
          channel: ctx.state.ref.channel,
          at: ctx.services.now().toISOString(),
        };
        // Statistics must never cost the citizen an answer.
        await storage.append(KB_UNANSWERED_STREAM, record).catch((err: unknown) => {
          logger.warn({ err }, 'kb: could not record an unanswered question');
        });
      }
      if (options.llm && decision.kind !== 'none' && (await generative(ctx, decision, options.llm)))
        return true;
      switch (decision.kind) {
        case 'answer':
          showEntry(ctx, decision.best.entry.id);
          return true;
        case 'suggest':
          ctx.reply(
            {
              text: kbText(ctx.lang, 'didYouMean'),
              choices: [
                ...decision.options.map((o) => ({ label: o.entry.title, value: entryChoice(o.entry.id) })),
                { label: ctx.t('menuOperator'), value: menuValue('operator') },
              ],
            },
            { kbEntries: decision.options.map((o) => o.entry.id), outcome: 'kb-suggest' },
          );
          return true;
        default:
          replyNoAnswer(ctx);
          return true;
      }
    },
  };
}
