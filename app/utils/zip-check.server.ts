/**
 * An uploaded zip (an XLSX is one) checked whole before any reader unpacks it. The spreadsheet
 * reader streams a zip by its local headers and waited forever on an entry whose compressed data
 * was damaged (one flipped byte was enough); a zip bomb can also declare sizes it does not keep
 * to. Here every entry is unpacked once, off the main thread (zlib's thread pool), to no more than
 * its central directory declares, and its checksum compared; only a zip that passes is read.
 */
import { crc32, inflateRaw } from "node:zlib";
import { promisify } from "node:util";

const inflate = promisify(inflateRaw);

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
/** General-purpose flag bit 3: sizes and checksum follow the data instead of the local header. */
const DATA_DESCRIPTOR = 0x08;

export type ZipEntry = {
  method: number;
  flags: number;
  crc: number;
  packedSize: number;
  unpackedSize: number;
  localOffset: number;
};

/**
 * The entries a zip's central directory lists (the end-of-directory record is found from the
 * end), or null when there is none or it points outside the file. Nothing is unpacked.
 */
export function readZipDirectory(bytes: Buffer): ZipEntry[] | null {
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (bytes.readUInt32LE(at) !== END_OF_DIRECTORY) continue;
    const count = bytes.readUInt16LE(at + 10);
    let cursor = bytes.readUInt32LE(at + 16);
    const entries: ZipEntry[] = [];
    for (let i = 0; i < count; i++) {
      if (cursor + 46 > bytes.length || bytes.readUInt32LE(cursor) !== DIRECTORY_ENTRY) return null;
      entries.push({
        flags: bytes.readUInt16LE(cursor + 8),
        method: bytes.readUInt16LE(cursor + 10),
        crc: bytes.readUInt32LE(cursor + 16),
        packedSize: bytes.readUInt32LE(cursor + 20),
        unpackedSize: bytes.readUInt32LE(cursor + 24),
        localOffset: bytes.readUInt32LE(cursor + 42),
      });
      cursor +=
        46 + bytes.readUInt16LE(cursor + 28) + bytes.readUInt16LE(cursor + 30) + bytes.readUInt16LE(cursor + 32);
    }
    return entries;
  }
  return null;
}

/** Where an entry's data starts, if its local header agrees with the central directory. */
function dataOffset(bytes: Buffer, entry: ZipEntry): number | null {
  const at = entry.localOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL_HEADER) return null;
  if (bytes.readUInt16LE(at + 8) !== entry.method) return null;
  // Without a data descriptor, a streaming reader trusts the local sizes: they must be the same.
  if (!(bytes.readUInt16LE(at + 6) & DATA_DESCRIPTOR)) {
    if (bytes.readUInt32LE(at + 14) !== entry.crc) return null;
    if (bytes.readUInt32LE(at + 18) !== entry.packedSize) return null;
    if (bytes.readUInt32LE(at + 22) !== entry.unpackedSize) return null;
  }
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  return start + entry.packedSize <= bytes.length ? start : null;
}

/** True when every entry unpacks to exactly its declared size and checksum. */
export async function zipEntriesIntact(bytes: Buffer, entries: ZipEntry[]): Promise<boolean> {
  for (const entry of entries) {
    const start = dataOffset(bytes, entry);
    if (start === null) return false;
    const packed = bytes.subarray(start, start + entry.packedSize);
    let unpacked: Buffer;
    if (entry.method === STORED) unpacked = packed;
    else if (entry.method === DEFLATED) {
      try {
        // One byte over the declared size is enough to know it lied; nothing larger is ever made.
        unpacked = await inflate(packed, { maxOutputLength: entry.unpackedSize + 1 });
      } catch {
        return false;
      }
    } else return false;
    if (unpacked.length !== entry.unpackedSize || crc32(unpacked) !== entry.crc) return false;
  }
  return true;
}
