import { SaxesParser } from 'saxes';

/** An element of an archive as read: its name, attributes, own text and children. */
export interface XmlNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  text: string;
  readonly children: XmlNode[];
  /** Text and children in document order, for mixed content (Atom's XHTML bodies). */
  readonly parts: (XmlNode | string)[];
}

/**
 * A file that cannot be imported: malformed, hostile or in an unknown encoding. The
 * message starts with "FILE:LINE:COLUMN:" wherever the place is known, as compilers
 * print, so an operator can open the file at the fault.
 */
export class ArchiveUnreadable extends Error {
  override name = 'ArchiveUnreadable';
}

/** The longest text one element may hold (a post's body): a bigger one is a broken or hostile file. */
export const MAX_ELEMENT_CHARS = 16 * 1024 * 1024;

/**
 * Reads the encoding a file declares from its first bytes: a byte-order mark, else the
 * XML declaration's `encoding`, else UTF-8 (XML's default). The label is checked against
 * what TextDecoder knows (full ICU: windows-1251, iso-8859-1, shift_jis, …).
 */
export function detectEncoding(head: Uint8Array, fileName: string): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  // UTF-16 without a mark begins "<\0?\0" or "\0<\0?".
  if (head[0] === 0x3c && head[1] === 0x00) return 'utf-16le';
  if (head[0] === 0x00 && head[1] === 0x3c) return 'utf-16be';
  const start = Buffer.from(head.subarray(0, 200)).toString('latin1');
  const declared = /^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(start)?.[1];
  if (!declared) return 'utf-8';
  try {
    return new TextDecoder(declared).encoding;
  } catch {
    throw new ArchiveUnreadable(`${fileName}:1:1: the file declares the encoding "${declared}", which is not known`);
  }
}

/**
 * Streams an XML archive into records without ever holding the whole document: the
 * elements at `recordDepth` (an RSS `<item>` inside `<channel>`, an Atom `<entry>`) and
 * their children are built as small trees and handed to `onRecord` when they close;
 * nothing else is kept. Any DOCTYPE that declares entities or names an external file is
 * refused before a character of it is used (billion laughs, XXE), and saxes expands no
 * entity but XML's five, so no other can be used. Errors carry "FILE:LINE:COLUMN:".
 */
export class XmlRecordReader {
  private readonly parser: SaxesParser;
  private readonly stack: XmlNode[] = [];
  private depth = 0;
  private rootName: string | null = null;

  constructor(
    private readonly fileName: string,
    private readonly recordDepth: (path: readonly string[]) => boolean,
    private readonly onRecord: (node: XmlNode, parents: readonly string[]) => void,
  ) {
    this.parser = new SaxesParser({ fileName, position: true });
    const path: string[] = [];
    this.parser.on('doctype', (doctype) => {
      if (/<!ENTITY|\bSYSTEM\b|\bPUBLIC\b|\[/i.test(doctype))
        throw new ArchiveUnreadable(`${this.place()}: the file declares entities or refers to an outside file in its DOCTYPE; such files are refused`);
    });
    this.parser.on('opentag', (tag) => {
      if (this.rootName === null) this.rootName = tag.name;
      path.push(tag.name);
      this.depth++;
      const attrs: Record<string, string> = {};
      for (const [k, v] of Object.entries(tag.attributes)) attrs[k] = String(v);
      if (this.stack.length > 0 || this.recordDepth(path)) {
        const node: XmlNode = { name: tag.name, attrs, text: '', children: [], parts: [] };
        this.stack.at(-1)?.children.push(node);
        this.stack.at(-1)?.parts.push(node);
        this.stack.push(node);
      }
    });
    const text = (t: string) => {
      const node = this.stack.at(-1);
      if (!node) return;
      if (node.text.length + t.length > MAX_ELEMENT_CHARS)
        throw new ArchiveUnreadable(`${this.place()}: the element <${node.name}> holds more than ${MAX_ELEMENT_CHARS} characters`);
      node.text += t;
      node.parts.push(t);
    };
    this.parser.on('text', text);
    this.parser.on('cdata', text);
    this.parser.on('closetag', () => {
      path.pop();
      this.depth--;
      const node = this.stack.pop();
      if (node && this.stack.length === 0) this.onRecord(node, path);
    });
  }

  private place(): string {
    return `${this.fileName}:${this.parser.line}:${this.parser.column}`;
  }

  /** The name of the document's root element, once it has been read. */
  get root(): string | null {
    return this.rootName;
  }

  /** Feeds the next piece of text; records completed by it are handed on before it returns. */
  write(chunk: string): void {
    try {
      this.parser.write(chunk);
    } catch (error) {
      throw error instanceof ArchiveUnreadable ? error : new ArchiveUnreadable((error as Error).message);
    }
  }

  /** Ends the document: a truncated file fails here, with the place it stopped. */
  close(): void {
    try {
      this.parser.close();
    } catch (error) {
      throw error instanceof ArchiveUnreadable ? error : new ArchiveUnreadable((error as Error).message);
    }
    if (this.rootName === null) throw new ArchiveUnreadable(`${this.place()}: the file holds no XML element`);
  }
}

/** The first child with this name, if any. */
export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

/** The trimmed text of the first child with this name ('' when absent). */
export function childText(node: XmlNode, name: string): string {
  return child(node, name)?.text.trim() ?? '';
}

/** Every child with this name. */
export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** What an element holds, written back as markup: an Atom XHTML body becomes the HTML it is. */
export function innerXml(node: XmlNode): string {
  return node.parts
    .map((part) => {
      if (typeof part === 'string') return escapeXml(part);
      const name = part.name.replace(/^[A-Za-z0-9_-]+:/, '');
      const attrs = Object.entries(part.attrs)
        .filter(([k]) => !k.startsWith('xmlns'))
        .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
        .join('');
      return `<${name}${attrs}>${innerXml(part)}</${name}>`;
    })
    .join('');
}
