/** Storage collection of the files citizens sent: metadata only, the bytes live in the file store's folder. */
export const FILES = 'files';

/** A file a citizen sent, as recorded next to its bytes. Never holds the content itself. */
export interface StoredFile {
  /** Random id (a UUID), also the name of the bytes in the folder. */
  id: string;
  /** Key of the conversation it came from (`channel:conversationId`): erased and swept with it. */
  conversation: string;
  /** The name the citizen's device gave it. */
  name: string;
  /** The type its content really is (sniffed); `application/octet-stream` when not recognised. */
  contentType: string;
  /** The type the client declared, kept for the operators' information only. */
  declaredType: string;
  size: number;
  /** SHA-256 of the content, hex. */
  sha256: string;
  createdAt: string;
}

/** The storage key of a file's metadata: the conversation first, so a conversation's files list by prefix. */
export function fileKey(conversation: string, id: string): string {
  return `${conversation}|${id}`;
}

/** The shape of a file id (what the file store hands out); anything else is never looked up. */
export const FILE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
