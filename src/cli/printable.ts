/**
 * Text from a client (a MAC, a model, a warning, a refused frame's message) made safe to print
 * on the server's console: control characters (ESC, newline, carriage return, C1 codes, DEL)
 * are shown escaped, so a phone cannot move the cursor, recolour the terminal or forge log lines.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (character) => {
    const code = character.charCodeAt(0);
    if (character === '\n') return '\\n';
    if (character === '\r') return '\\r';
    if (character === '\t') return '\\t';
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
