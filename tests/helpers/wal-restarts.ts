import fs from 'node:fs';

/**
 * How many times an SQLite database's write-ahead log has started over: bytes 12-15 of the log's header
 * (SQLite's "checkpoint sequence number").
 */
export function walRestarts(file: string): number {
  const header = Buffer.alloc(16);
  const fd = fs.openSync(`${file}-wal`, 'r');
  try {
    fs.readSync(fd, header, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  return header.readUInt32BE(12);
}
