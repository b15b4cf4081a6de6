import { z } from 'zod';
import type { BatchOp, Storage } from '../../storage/storage';
import { KB_LANGS, type KbLang } from '../entry';

/** Storage collection of entry vectors: key `<model>|<entry id>`. */
export const KB_VECTORS = 'kb-vectors';

/** One entry's vector as kept in memory. */
export interface StoredVector {
  id: string;
  lang: KbLang;
  /** The entry's content hash when it was embedded (`contentHash`). */
  hash: string;
  /** The embedder's recipe (API, model, prefix, text layout) it was made with. */
  recipe: string;
  vector: Float32Array;
}

// Vectors are stored as base64 of their 32-bit floats: a quarter of the size of a JSON number list.
const docSchema = z.object({
  id: z.string(),
  lang: z.enum(KB_LANGS),
  hash: z.string(),
  recipe: z.string(),
  dims: z.number().int().positive(),
  vector: z.string(),
  at: z.string(),
});

type VectorDoc = z.infer<typeof docSchema>;

/**
 * The entry vectors of one model in storage, shared by every instance on the same database: computed once,
 * read at start-up, replaced when an entry's content changes, deleted when the entry goes.
 */
export class VectorStore {
  constructor(
    private readonly storage: Storage,
    private readonly model: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Every stored vector of the model; documents that do not parse (another version's) are skipped. */
  async list(): Promise<StoredVector[]> {
    const rows = await this.storage.list<unknown>(KB_VECTORS, { prefix: this.key('') });
    return rows.flatMap((r) => {
      const v = decode(r.value);
      return v ? [v] : [];
    });
  }

  /** One entry's stored vector, if any. */
  async get(id: string): Promise<StoredVector | undefined> {
    return decode(await this.storage.get<unknown>(KB_VECTORS, this.key(id)));
  }

  /** Stores vectors, all in one atomic write. */
  async put(vectors: readonly StoredVector[]): Promise<void> {
    if (!vectors.length) return;
    const at = this.now().toISOString();
    const ops: BatchOp[] = vectors.map((v) => {
      const doc: VectorDoc = {
        id: v.id,
        lang: v.lang,
        hash: v.hash,
        recipe: v.recipe,
        dims: v.vector.length,
        vector: Buffer.from(v.vector.buffer, v.vector.byteOffset, v.vector.byteLength).toString('base64'),
        at,
      };
      return { op: 'put', collection: KB_VECTORS, key: this.key(v.id), value: doc };
    });
    await this.storage.batch(ops);
  }

  /** Deletes an entry's vector. */
  async delete(id: string): Promise<void> {
    await this.storage.delete(KB_VECTORS, this.key(id));
  }

  private key(id: string): string {
    return `${this.model}|${id}`;
  }
}

function decode(value: unknown): StoredVector | undefined {
  const parsed = docSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  const bytes = Buffer.from(d.vector, 'base64');
  if (bytes.byteLength !== d.dims * 4) return undefined;
  // A copy into an aligned buffer: Float32Array needs an offset that is a multiple of 4.
  const vector = new Float32Array(d.dims);
  new Uint8Array(vector.buffer).set(bytes);
  return { id: d.id, lang: d.lang, hash: d.hash, recipe: d.recipe, vector };
}
