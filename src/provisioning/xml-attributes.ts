import { lineFinder, type Parsed } from './parsed.js';

/**
 * A small strict XML reader for provisioning files, which carry everything in attributes:
 * elements, attributes, comments, the `<?xml?>` declaration and processing instructions, and
 * the five predefined entities plus character references. Anything else (DOCTYPE, CDATA, a
 * stray `&`, a tag left open, two roots) refuses the file with its line, as a phone would.
 */

export interface XmlAttribute {
  readonly name: string;
  readonly value: string;
  readonly line: number;
}

export interface XmlElement {
  readonly name: string;
  readonly line: number;
  /** 0 for the root element. */
  readonly depth: number;
  readonly attributes: readonly XmlAttribute[];
}

const nameStart = /[A-Za-z_:]/;
const nameChar = /[-A-Za-z0-9_.:]/;
const entities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

class XmlRefusal extends Error {
  constructor(
    readonly offset: number,
    reason: string,
  ) {
    super(reason);
  }
}

/** Every element of the document in order, each with its attributes and their lines. */
export function readXmlElements(text: string, file: string): Parsed<readonly XmlElement[]> {
  const lineAt = lineFinder(text);
  try {
    return { ok: new Reader(text).document() };
  } catch (error) {
    if (error instanceof XmlRefusal) return { error: { file, line: lineAt(error.offset), reason: error.message } };
    throw error;
  }
}

class Reader {
  private at = 0;
  private readonly elements: XmlElement[] = [];
  private readonly lineAt: (offset: number) => number;

  constructor(private readonly text: string) {
    this.lineAt = lineFinder(text);
    if (text.startsWith('\uFEFF')) this.at = 1;
  }

  document(): XmlElement[] {
    const open: string[] = [];
    let roots = 0;
    while (this.at < this.text.length) {
      const lt = this.text.indexOf('<', this.at);
      const textEnd = lt === -1 ? this.text.length : lt;
      this.characterData(this.at, textEnd, open.length === 0);
      if (lt === -1) break;
      this.at = lt;
      if (this.text.startsWith('<!--', lt)) this.comment();
      else if (this.text.startsWith('<?', lt)) this.instruction();
      else if (this.text.startsWith('<![CDATA[', lt)) this.refuse('CDATA sections are not read in provisioning files');
      else if (this.text.startsWith('<!', lt)) this.refuse('a DOCTYPE or declaration is not read in provisioning files');
      else if (this.text.startsWith('</', lt)) {
        const name = this.endTag();
        const expected = open.pop();
        if (expected === undefined) this.refuse(`</${name}> closes no open element`, lt);
        if (name !== expected) this.refuse(`</${name}> where </${expected}> was expected`, lt);
      } else {
        if (open.length === 0 && roots++ > 0) this.refuse('a second root element (a document has one)', lt);
        const { name, selfClosing } = this.startTag(open.length);
        if (!selfClosing) open.push(name);
      }
    }
    if (open.length > 0) this.refuse(`<${open.at(-1)}> is not closed at the end of the file`, this.text.length);
    if (roots === 0) this.refuse('no element: not an XML document', this.text.length);
    return this.elements;
  }

  private refuse(reason: string, offset: number = this.at): never {
    throw new XmlRefusal(offset, reason);
  }

  /** Text between tags: only white space outside the root; entities must be well formed inside. */
  private characterData(from: number, to: number, outsideRoot: boolean): void {
    const data = this.text.slice(from, to);
    if (outsideRoot) {
      const stray = data.search(/\S/);
      if (stray !== -1) this.refuse('text outside the root element', from + stray);
      return;
    }
    this.decode(data, from);
  }

  private comment(): void {
    const end = this.text.indexOf('-->', this.at + 4);
    if (end === -1) this.refuse('a comment (<!--) is not closed');
    this.at = end + 3;
  }

  private instruction(): void {
    const end = this.text.indexOf('?>', this.at + 2);
    if (end === -1) this.refuse('<? is not closed by ?>');
    const target = /^<\?([^\s?]*)/.exec(this.text.slice(this.at, end))?.[1] ?? '';
    if (target.toLowerCase() === 'xml' && this.elements.length > 0) this.refuse('the <?xml ?> declaration comes before the first element');
    if (target === '') this.refuse('<? without a name');
    this.at = end + 2;
  }

  private name(): string {
    const start = this.at;
    if (!nameStart.test(this.text[this.at] ?? '')) this.refuse(`a name was expected, not ${this.describe(this.at)}`);
    while (nameChar.test(this.text[this.at] ?? '')) this.at++;
    return this.text.slice(start, this.at);
  }

  private spaces(): boolean {
    const start = this.at;
    while (/\s/.test(this.text[this.at] ?? '')) this.at++;
    return this.at > start;
  }

  private endTag(): string {
    this.at += 2;
    const name = this.name();
    this.spaces();
    if (this.text[this.at] !== '>') this.refuse(`> was expected after </${name}, not ${this.describe(this.at)}`);
    this.at++;
    return name;
  }

  private startTag(depth: number): { name: string; selfClosing: boolean } {
    const tagStart = this.at;
    this.at++;
    const name = this.name();
    const attributes: XmlAttribute[] = [];
    for (;;) {
      const spaced = this.spaces();
      const next = this.text[this.at];
      if (next === undefined) this.refuse(`<${name} is not closed by > at the end of the file`, tagStart);
      if (next === '>' || this.text.startsWith('/>', this.at)) {
        const selfClosing = next === '/';
        this.at += selfClosing ? 2 : 1;
        this.elements.push({ name, line: this.lineAt(tagStart), depth, attributes });
        return { name, selfClosing };
      }
      if (!spaced) this.refuse(`white space was expected between attributes, not ${this.describe(this.at)}`);
      const attributeStart = this.at;
      const attributeName = this.name();
      this.spaces();
      if (this.text[this.at] !== '=') this.refuse(`attribute ${attributeName} has no value (= "..." expected)`);
      this.at++;
      this.spaces();
      const quote = this.text[this.at];
      if (quote !== '"' && quote !== "'") this.refuse(`the value of ${attributeName} must be quoted`);
      const end = this.text.indexOf(quote, this.at + 1);
      if (end === -1) this.refuse(`the value of ${attributeName} is not closed by ${quote}`);
      const raw = this.text.slice(this.at + 1, end);
      const lt = raw.indexOf('<');
      if (lt !== -1) this.refuse(`< in the value of ${attributeName} (write &lt;)`, this.at + 1 + lt);
      if (attributes.some((attribute) => attribute.name === attributeName)) {
        this.refuse(`attribute ${attributeName} is given twice in <${name}>`, attributeStart);
      }
      // XML normalizes white space characters in attribute values to spaces; character references survive it.
      attributes.push({ name: attributeName, value: this.decode(raw.replace(/[\t\n\r]/g, ' '), this.at + 1), line: this.lineAt(attributeStart) });
      this.at = end + 1;
    }
  }

  /** Replaces entity and character references; a `&` that starts none refuses the file. */
  private decode(raw: string, offset: number): string {
    if (!raw.includes('&')) return raw;
    return raw.replace(/&([^;&\s]*);?/g, (match, body: string, index: number) => {
      if (!match.endsWith(';')) this.refuse('& that starts no entity (write &amp;)', offset + index);
      const named = entities[body];
      if (named !== undefined) return named;
      const numeric = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(body);
      const code = numeric ? parseInt(numeric[1] ?? numeric[2]!, numeric[1] ? 16 : 10) : NaN;
      if (!Number.isNaN(code) && code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) return String.fromCodePoint(code);
      return this.refuse(`unknown entity &${body}; (XML knows &amp; &lt; &gt; &quot; &apos; and &#N;)`, offset + index);
    });
  }

  private describe(offset: number): string {
    const character = this.text[offset];
    return character === undefined ? 'the end of the file' : JSON.stringify(character);
  }
}

/** The text of an attribute value, escaped so readXmlElements gives it back unchanged. */
export function escapeAttribute(value: string): string {
  return value.replace(/[&<>"'\t\n\r]/g, (character) => {
    switch (character) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      default:
        return `&#${character.charCodeAt(0)};`;
    }
  });
}

/** Whether a string is an XML name (elements and attributes). */
export function isXmlName(name: string): boolean {
  return /^[A-Za-z_:][-A-Za-z0-9_.:]*$/.test(name);
}
