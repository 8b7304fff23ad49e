import { LineCounter, parseDocument, visit, type Document } from 'yaml';

/**
 * A scenario file as YAML that remembers where each value is written: for line numbers
 * in problems and for showing a step as its author wrote it.
 */
export interface SourceDocument {
  /** The plain value, or undefined when the text is not valid YAML. */
  readonly value: unknown;
  readonly errors: readonly { readonly line: number; readonly message: string }[];
  /** The line of the value at `path`, or of its nearest ancestor that exists. */
  lineAt(path: readonly PropertyKey[]): number | undefined;
  /** The text of the value at `path` as written, whitespace folded onto one line. */
  sourceAt(path: readonly PropertyKey[]): string;
}

export function readSourceDocument(text: string): SourceDocument {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  // The first YAML error is the one to fix: the parser's later ones follow from it.
  const errors: { line: number; message: string }[] = document.errors.slice(0, 1).map((error) => ({
    line: lineCounter.linePos(error.pos[0]).line,
    message: error.message.split('\n')[0] ?? 'not valid YAML',
  }));
  if (errors.length === 0) keepNumbersAsWritten(document);
  let value: unknown;
  if (errors.length === 0) {
    try {
      value = document.toJS();
    } catch (error) {
      // The yaml package refuses aliases that expand without bound (an "alias bomb").
      errors.push({ line: 1, message: `${(error as Error).message.split('\n')[0] ?? 'cannot be read'}: aliases (*name) expand too far` });
    }
  }
  const rangeAt = (path: readonly PropertyKey[]) =>
    ((path.length === 0 ? document.contents : document.getIn(path, true)) as { range?: [number, number, number] } | null | undefined)?.range;
  return {
    value: errors.length === 0 ? value : undefined,
    errors,
    lineAt: (path) => {
      for (let length = path.length; length >= 0; length -= 1) {
        const range = rangeAt(path.slice(0, length));
        if (range) return lineCounter.linePos(range[0]).line;
      }
      return undefined;
    },
    sourceAt: (path) => {
      const range = rangeAt(path);
      return range ? text.slice(range[0], range[1]).replace(/\s+/g, ' ').trim() : '';
    },
  };
}

/**
 * YAML reads 0044 as 44 and 5.10 as 5.1. A plain number whose text would change that way
 * is kept as the text written, so PINs, phone numbers and versions survive unquoted.
 */
function keepNumbersAsWritten(document: Document): void {
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value === 'number' && node.source !== undefined && String(node.value) !== node.source) node.value = node.source;
    },
  });
}
