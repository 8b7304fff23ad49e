/** What every provisioning parser returns: the file's content, or where and why it is refused. */
export type Parsed<T> = { readonly ok: T } | { readonly error: FileError };

/** A file refused: its name (or URL), the 1-based line, the reason in words. */
export interface FileError {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

/** One parameter as a file writes it, with the line it is on. */
export interface Parameter {
  readonly name: string;
  readonly value: string;
  readonly line: number;
}

/** An include of another file (Yealink include:config, AudioCodes include), resolved against the file's URL. */
export interface Include {
  readonly url: string;
  readonly line: number;
}

/** A key = value file in order: parameters and includes as they come, so an include applies where it stands. */
export type Entry = ({ readonly kind: 'parameter' } & Parameter) | ({ readonly kind: 'include' } & Include);

/** The 1-based line of each offset of a text. */
export function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}

/** The text's lines without their line ends (LF or CRLF), and without a leading byte order mark. */
export function textLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/);
}
