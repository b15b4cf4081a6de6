/**
 * Gives Jest's sandbox the `Symbol.dispose` / `Symbol.asyncDispose` Node 20 adds to its own realm only.
 * playwright-core disposes of element handles with `using`; without the symbols it cannot read the position of
 * an element inside an iframe ("Object not disposable"). Import first, before playwright-core.
 */
const symbols = Symbol as unknown as Record<string, symbol | undefined>;
for (const name of ['dispose', 'asyncDispose']) {
  if (symbols[name] === undefined)
    Object.defineProperty(Symbol, name, { value: Symbol.for(`Symbol.${name}`) });
}
