import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SportelloError } from '../shared/errors';
import type { Storage } from '../storage/storage';
import { SNIFF_BYTES, sniffType } from './sniff';
import { FILE_ID, FILES, fileKey, type StoredFile } from './stored-file';

/** Temporary files older than this in the incoming folder were left by a crash: the sweep removes them. */
const STALE_INCOMING_MS = 60 * 60 * 1000;

/** A file was larger than its limit while it was being received; nothing of it was kept. */
export class FileTooLargeError extends SportelloError {
  constructor(readonly maxBytes: number) {
    super('file_too_large', `The file is larger than ${maxBytes} bytes`);
  }
}

/** A file arriving from a citizen, read as a stream. */
export interface IncomingFile {
  conversation: string;
  name: string;
  declaredType: string;
  content: Readable;
  /** Largest content accepted, in bytes: past it {@link FileStore.save} throws {@link FileTooLargeError}. */
  maxBytes: number;
}

/** A stored file opened for reading. */
export interface OpenedFile {
  file: StoredFile;
  content: Readable;
}

/**
 * The files citizens send, kept out of the JSON storage: the bytes in a folder (`FILES_DIR`, which several
 * instances share), the metadata ({@link StoredFile}) in storage under the conversation's key, so the files
 * of a conversation are listed, erased and swept with it. The content's type is sniffed as it arrives.
 */
export class FileStore {
  private readonly incoming: string;

  constructor(
    private readonly storage: Storage,
    readonly dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.incoming = path.join(dir, '.incoming');
  }

  /**
   * Receives a file: written under a temporary name while its size is counted, its hash computed and its
   * first bytes kept for sniffing; then its metadata is stored and the file moved into place. A failure
   * anywhere leaves nothing behind (a crash at worst a temporary file, which {@link sweep} removes).
   */
  async save(input: IncomingFile): Promise<StoredFile> {
    const id = randomUUID();
    await mkdir(this.incoming, { recursive: true });
    const temp = path.join(this.incoming, id);
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let headBytes = 0;
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > input.maxBytes) return done(new FileTooLargeError(input.maxBytes));
        hash.update(chunk);
        if (headBytes < SNIFF_BYTES) {
          head.push(chunk);
          headBytes += chunk.length;
        }
        done(null, chunk);
      },
    });
    try {
      await pipeline(input.content, meter, createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    const file: StoredFile = {
      id,
      conversation: input.conversation,
      name: input.name.slice(0, 200) || 'file',
      contentType: sniffType(Buffer.concat(head).subarray(0, SNIFF_BYTES), input.declaredType),
      declaredType: input.declaredType.slice(0, 200),
      size,
      sha256: hash.digest('hex'),
      createdAt: this.now().toISOString(),
    };
    const key = fileKey(file.conversation, id);
    try {
      await this.storage.put(FILES, key, file, { expectVersion: null });
      await rename(temp, this.pathOf(id));
    } catch (err) {
      await rm(temp, { force: true });
      await this.storage.delete(FILES, key).catch(() => false);
      throw err;
    }
    return file;
  }

  /** The metadata of a conversation's file, or undefined. */
  async get(conversation: string, id: string): Promise<StoredFile | undefined> {
    if (!FILE_ID.test(id)) return undefined;
    return this.storage.get<StoredFile>(FILES, fileKey(conversation, id));
  }

  /** Opens a conversation's file for reading; undefined when unknown or its bytes are gone. */
  async open(conversation: string, id: string): Promise<OpenedFile | undefined> {
    const file = await this.get(conversation, id);
    if (!file) return undefined;
    try {
      await stat(this.pathOf(id));
    } catch {
      return undefined;
    }
    return { file, content: createReadStream(this.pathOf(id)) };
  }

  /** How many files a conversation holds. */
  async count(conversation: string): Promise<number> {
    return (await this.listOf(conversation)).length;
  }

  /** Removes one file (metadata and bytes); resolves whether it existed. */
  async remove(conversation: string, id: string): Promise<boolean> {
    if (!FILE_ID.test(id)) return false;
    const existed = await this.storage.delete(FILES, fileKey(conversation, id));
    await rm(this.pathOf(id), { force: true });
    return existed;
  }

  /** Removes every file of a conversation; resolves how many there were. */
  async removeConversation(conversation: string): Promise<number> {
    let n = 0;
    for (const file of await this.listOf(conversation)) if (await this.remove(conversation, file.id)) n += 1;
    return n;
  }

  /**
   * The retention sweep's part: removes the files received before `cutoff` that `keep` does not claim (a
   * conversation still going, a ticket still open), and temporary files a crash left. Resolves how many
   * files were removed.
   */
  async sweep(cutoff: Date, keep: (file: StoredFile) => boolean): Promise<number> {
    const limit = cutoff.toISOString();
    let n = 0;
    for (const { value: file } of await this.storage.list<StoredFile>(FILES)) {
      if (file.createdAt >= limit || keep(file)) continue;
      if (await this.remove(file.conversation, file.id)) n += 1;
    }
    const names = await readdir(this.incoming).catch(() => [] as string[]);
    const stale = this.now().getTime() - STALE_INCOMING_MS;
    for (const name of names) {
      const where = path.join(this.incoming, name);
      const info = await stat(where).catch(() => undefined);
      if (info && info.mtimeMs < stale) await rm(where, { force: true });
    }
    return n;
  }

  private async listOf(conversation: string): Promise<StoredFile[]> {
    const entries = await this.storage.list<StoredFile>(FILES, { prefix: fileKey(conversation, '') });
    return entries.map((e) => e.value);
  }

  private pathOf(id: string): string {
    return path.join(this.dir, id);
  }
}
