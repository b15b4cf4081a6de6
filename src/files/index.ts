export { FileStore, FileTooLargeError, type IncomingFile, type OpenedFile } from './file-store';
export { serveFile } from './serve-file';
export { sniffType } from './sniff';
export { FILE_ID, FILES, fileKey, type StoredFile } from './stored-file';
