import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type * as Ollama from '@langchain/ollama';
import type * as OpenAI from '@langchain/openai';
import type { Config } from '../config';

/**
 * The chat model of the optional generative mode, from `LLM_PROVIDER` (`openai` or `ollama`) and `LLM_MODEL`;
 * `undefined` when `LLM_PROVIDER=none` (the default), so no text ever leaves the process. The provider's
 * library is loaded only when it is chosen: a process without an LLM does not carry it (tens of MB).
 */
export function createChatModel(
  config: Pick<
    Config,
    'LLM_PROVIDER' | 'LLM_MODEL' | 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'OLLAMA_BASE_URL'
  >,
): BaseChatModel | undefined {
  switch (config.LLM_PROVIDER) {
    case 'openai': {
      const { ChatOpenAI } = require('@langchain/openai') as typeof OpenAI;
      return new ChatOpenAI({
        model: config.LLM_MODEL ?? 'gpt-4o-mini',
        temperature: 0,
        maxRetries: 1,
        timeout: 20_000,
        ...(config.OPENAI_API_KEY ? { apiKey: config.OPENAI_API_KEY } : {}),
        ...(config.OPENAI_BASE_URL ? { configuration: { baseURL: config.OPENAI_BASE_URL } } : {}),
      });
    }
    case 'ollama': {
      const { ChatOllama } = require('@langchain/ollama') as typeof Ollama;
      return new ChatOllama({
        model: config.LLM_MODEL ?? 'llama3.1',
        baseUrl: config.OLLAMA_BASE_URL,
        temperature: 0,
      });
    }
    default:
      return undefined;
  }
}
