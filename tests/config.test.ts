import { ConfigError, loadConfig } from '../src/config';

describe('loadConfig', () => {
  it('runs on the embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3978);
    expect(config.DATABASE_URL).toBe('sqlite:./data/sportello.db');
    expect(config.LLM_PROVIDER).toBe('none');
  });

  it('treats empty values as unset, as in a copied .env.example', () => {
    expect(loadConfig({ PORT: '', DIRECTLINE_SECRET: '  ' }).PORT).toBe(3978);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://db'],
    ['LOG_LEVEL', 'loud'],
    ['PRIVACY_URL', 'not a url'],
    ['DIRECTLINE_SECRET', 'short'],
    ['KB_WATCH', 'maybe'],
  ])('stops with a one-line error naming %s when it is %p', (variable, value) => {
    let error: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as Error).message;
    expect(text).toContain(variable);
    expect(text).not.toContain('\n');
  });

  it('needs the comune’s fiscal code with a pagoPA key, and checks it and the segregation code', () => {
    expect(() => loadConfig({ PAGOPA_API_KEY: 'k' })).toThrow(/PAGOPA_ORG_FISCAL_CODE/);
    expect(() => loadConfig({ PAGOPA_API_KEY: 'k', PAGOPA_ORG_FISCAL_CODE: '123' })).toThrow(/11 digits/);
    expect(() => loadConfig({ PAGOPA_SEGREGATION_CODE: '7' })).toThrow(/PAGOPA_SEGREGATION_CODE/);
    const config = loadConfig({ PAGOPA_API_KEY: 'k', PAGOPA_ORG_FISCAL_CODE: '01234567890' });
    expect(config.PAGOPA_GPD_URL).toBe('https://api.platform.pagopa.it/gpd/debt-positions-service/v1');
    expect(config.PAGOPA_SEGREGATION_CODE).toBe('00');
  });

  it('takes the comune colour as hex, Bootstrap Italia primary by default, and refuses anything else', () => {
    expect(loadConfig({}).CITY_COLOR).toBe('#0066CC');
    expect(loadConfig({ CITY_COLOR: '#b30000' }).CITY_COLOR).toBe('#b30000');
    expect(() => loadConfig({ CITY_COLOR: 'blue' })).toThrow(/CITY_COLOR must be a hex colour/);
    expect(() => loadConfig({ ACCESSIBILITY_URL: 'not a url' })).toThrow(/ACCESSIBILITY_URL/);
  });

  it('requires an API key for the OpenAI provider', () => {
    expect(() => loadConfig({ LLM_PROVIDER: 'openai' })).toThrow(/OPENAI_API_KEY/);
  });

  it('keeps semantic retrieval off unless asked, and needs a key only to call OpenAI itself', () => {
    expect(loadConfig({}).KB_EMBEDDINGS).toBe('none');
    expect(() => loadConfig({ KB_EMBEDDINGS: 'openai' })).toThrow(/KB_EMBEDDINGS_API_KEY/);
    expect(loadConfig({ KB_EMBEDDINGS: 'openai', OPENAI_API_KEY: 'sk-x' }).KB_EMBEDDINGS).toBe('openai');
    expect(
      loadConfig({ KB_EMBEDDINGS: 'openai', KB_EMBEDDINGS_URL: 'http://vllm:8000/v1' }).KB_EMBEDDINGS,
    ).toBe('openai');
    expect(loadConfig({ KB_EMBEDDINGS: 'ollama' }).KB_EMBEDDINGS_TIMEOUT_MS).toBe(250);
    expect(() => loadConfig({ KB_EMBEDDINGS_TIMEOUT_MS: '5' })).toThrow(/KB_EMBEDDINGS_TIMEOUT_MS/);
  });

  it('keeps the Bot Framework endpoint authenticated unless anonymous use is asked for, and only off https', () => {
    expect(loadConfig({}).BOTFRAMEWORK_ALLOW_ANONYMOUS).toBe(false);
    expect(loadConfig({ BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true' }).BOTFRAMEWORK_ALLOW_ANONYMOUS).toBe(true);
    expect(() =>
      loadConfig({ BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true', PUBLIC_URL: 'https://sportello.comune.it' }),
    ).toThrow(/BOTFRAMEWORK_ALLOW_ANONYMOUS .*https/);
    expect(() =>
      loadConfig({
        BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true',
        MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001',
      }),
    ).toThrow(/BOTFRAMEWORK_ALLOW_ANONYMOUS .*MICROSOFT_APP_ID/);
  });
});
