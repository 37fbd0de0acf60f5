import { createReadStream } from 'node:fs';
import { ArchiveUnreadable, detectEncoding, XmlRecordReader, type XmlNode } from '../../domain/import/xml-stream.js';
import { isRecordPath } from '../../domain/import/archive.js';

const HEAD_BYTES = 1024;

/** Where an archive's bytes come from; opened once per pass over it. */
export interface ArchiveSource {
  /** The name errors are reported under ("export.xml:12:3: …"). */
  readonly name: string;
  open(): AsyncIterable<Uint8Array>;
}

/** An archive on disk, read in 256 KiB pieces: memory stays flat whatever the file's size. */
export function fileSource(path: string, name = path): ArchiveSource {
  return { name, open: () => createReadStream(path, { highWaterMark: 256 * 1024 }) };
}

/**
 * Streams an archive's records (each child of `<channel>` or Atom's `<feed>`) to `handle`,
 * one at a time and in order, decoding the bytes in the encoding the file declares. The
 * next piece of the file is read only once every record of the previous one is handled,
 * so a slow handler (a database write) holds the reading back. Returns the root element.
 */
export async function streamArchive(source: ArchiveSource, handle: (node: XmlNode) => Promise<void> | void): Promise<string> {
  const queue: XmlNode[] = [];
  const reader = new XmlRecordReader(source.name, isRecordPath, (node) => queue.push(node));
  let decoder: TextDecoder | undefined;
  let checkedRoot = false;
  const drain = async () => {
    if (!checkedRoot && reader.root !== null) {
      checkedRoot = true;
      if (reader.root !== 'rss' && reader.root !== 'feed')
        throw new ArchiveUnreadable(`${source.name}: the file is not an RSS feed, an Atom feed or a WordPress export (its root element is <${reader.root}>)`);
    }
    while (queue.length > 0) await handle(queue.shift()!);
  };
  // The encoding is read from the first bytes, which may arrive in several pieces.
  let head: Uint8Array[] = [];
  let headLength = 0;
  const feed = async (chunk: Uint8Array) => {
    decoder ??= new TextDecoder(detectEncoding(chunk, source.name));
    reader.write(decoder.decode(chunk, { stream: true }));
    await drain();
  };
  for await (const chunk of source.open()) {
    if (decoder) {
      await feed(chunk);
      continue;
    }
    head.push(chunk);
    headLength += chunk.length;
    if (headLength >= HEAD_BYTES) {
      await feed(Buffer.concat(head));
      head = [];
    }
  }
  if (!decoder && headLength > 0) await feed(Buffer.concat(head));
  if (decoder) reader.write(decoder.decode());
  reader.close();
  await drain();
  return reader.root ?? '';
}
