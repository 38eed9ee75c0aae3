/**
 * An RFC 4180 tokenizer that takes text in pieces of any size and emits whole
 * records with the physical line each starts on.
 *
 * Beyond RFC 4180 it accepts what real exports contain. Lines may end in LF,
 * CRLF or a lone CR. A quote inside an unquoted field is a literal character.
 * Text after a closing quote (`"ab"c`) joins the field, as Excel reads it.
 */
import { InputError } from '../errors.js';

/** Receives one record; returning false stops the tokenizer. */
export type RecordHandler = (fields: string[], line: number) => boolean | void;

const QUOTE = 34;
const LF = 10;
const CR = 13;

function indexOrLength(text: string, search: string, from: number): number {
  const index = text.indexOf(search, from);
  return index < 0 ? text.length : index;
}

/** Returns the error for a quoted field that the file ends inside. */
export function unclosedQuoteError(file: string, line: number): InputError {
  return new InputError(
    `${file}:${line}: a quoted field opened on this line is never closed; ` +
      'check the line for a stray double quote, or whether the file was cut off.',
  );
}

export class CsvTokenizer {
  /** Text of the record that the last piece ended inside, parsed again once more text arrives. */
  private carry = '';
  /** Physical line (1-based) at the start of `carry`. */
  private line: number;
  private linesToSkip: number;
  private stopped = false;
  /** Value of the quoted field that quotedFieldEnd() last read. */
  private quotedValue = '';

  // Positions of the next LF and CR in the current text (its length when there is none).
  // They are searched again only once the cursor has passed them, so each text is
  // scanned once for each.
  private nextLf = -1;
  private nextCr = -1;

  /**
   * @param delimiter the field delimiter, one character
   * @param file display name used in error messages
   * @param linesToSkip physical lines dropped unparsed before the first record (a `sep=` line, title lines)
   * @param firstLine line number of the first character of the text
   */
  constructor(
    private readonly delimiter: number,
    private readonly file: string,
    linesToSkip = 0,
    firstLine = 1,
  ) {
    this.linesToSkip = linesToSkip;
    this.line = firstLine;
  }

  /**
   * Tokenizes the next piece of text and calls `onRecord` for every record it
   * completes. Blank lines and records whose fields are all empty are
   * skipped. Pass `last` with the final piece (possibly empty) so the record
   * without a trailing line end is emitted. Returns false once a handler has
   * returned false; later calls then do nothing.
   */
  push(piece: string, last: boolean, onRecord: RecordHandler): boolean {
    if (this.stopped) return false;
    const text = this.carry.length === 0 ? piece : this.carry + piece;
    this.carry = '';

    let i = this.skipLines(text, last);
    if (i < 0) return true;

    const length = text.length;
    const delimiter = this.delimiter;
    const delimiterText = String.fromCharCode(delimiter);

    this.nextLf = -1;
    this.nextCr = -1;
    let nextQuote = -1;

    while (i < length) {
      const nextLf = this.lfAtOrAfter(text, i);
      const nextCr = this.crAtOrAfter(text, i);
      if (nextQuote < i) nextQuote = indexOrLength(text, '"', i);

      // Fast path: a record that ends in LF or CRLF and has no quote or lone CR
      // is split natively, which is several times faster than the loop below.
      if (nextLf < length && nextQuote > nextLf && nextCr >= nextLf - 1) {
        const recordLine = this.line;
        const content = text.slice(i, nextCr === nextLf - 1 ? nextCr : nextLf);
        i = nextLf + 1;
        this.line++;

        if (content.length === 0) continue;
        const fields = content.split(delimiterText);
        // Only delimiters: every field is empty.
        if (content.length === fields.length - 1) continue;
        if (onRecord(fields, recordLine) === false) {
          this.stopped = true;
          return false;
        }
        continue;
      }

      const recordStart = i;
      const recordLine = this.line;
      const fields: string[] = [];
      let anyValue = false;
      let complete = false;

      // One field per pass; `i` ends on the character after the field.
      for (;;) {
        let value: string;
        if (text.charCodeAt(i) === QUOTE) {
          const end = this.quotedFieldEnd(text, i + 1, last, recordLine);
          if (end < 0) break;
          value = this.quotedValue;
          i = end;
        } else {
          const start = i;
          let code = text.charCodeAt(i);
          while (i < length && code !== delimiter && code !== LF && code !== CR) code = text.charCodeAt(++i);
          value = text.slice(start, i);
        }
        fields.push(value);
        if (value.length > 0) anyValue = true;

        if (i >= length) {
          complete = last;
          break;
        }
        const code = text.charCodeAt(i);
        if (code === delimiter) {
          i++;
          // A delimiter at the very end of the text opens a last field only if no more text follows.
          if (i >= length && last) {
            fields.push('');
            complete = true;
            break;
          }
          if (i >= length) break;
          continue;
        }
        if (code === LF) {
          i++;
          this.line++;
          complete = true;
          break;
        }
        // A CR at the end of the piece may be the first half of a CRLF split across pieces.
        if (i + 1 >= length && !last) break;
        i += text.charCodeAt(i + 1) === LF ? 2 : 1;
        this.line++;
        complete = true;
        break;
      }

      if (!complete) {
        // NOTE: the record is parsed again from its start with each new piece, so a
        // record spanning k chunks costs O(k²) chunk scans. Real records span one or two.
        this.carry = text.slice(recordStart);
        this.line = recordLine;
        return true;
      }
      if (anyValue && onRecord(fields, recordLine) === false) {
        this.stopped = true;
        return false;
      }
    }
    return true;
  }

  private lfAtOrAfter(text: string, index: number): number {
    if (this.nextLf < index) this.nextLf = indexOrLength(text, '\n', index);
    return this.nextLf;
  }

  private crAtOrAfter(text: string, index: number): number {
    if (this.nextCr < index) this.nextCr = indexOrLength(text, '\r', index);
    return this.nextCr;
  }

  /**
   * Reads a quoted field whose content starts at `start` and returns the
   * index after it (at the delimiter or line end), or -1 when the text ends
   * before the field does and more text is to come. Line ends inside the
   * quotes advance the line count.
   */
  private quotedFieldEnd(text: string, start: number, last: boolean, recordLine: number): number {
    const length = text.length;
    const delimiter = this.delimiter;
    const startLine = this.line;
    let value = '';
    let segment = start;
    let i = start;

    for (;;) {
      const quote = text.indexOf('"', i);
      if (quote < 0) {
        if (!last) {
          this.line = startLine;
          return -1;
        }
        throw unclosedQuoteError(this.file, recordLine);
      }
      this.countLineEnds(text, i, quote);

      if (quote + 1 >= length && !last) {
        this.line = startLine;
        return -1;
      }
      if (text.charCodeAt(quote + 1) === QUOTE) {
        value += text.slice(segment, quote + 1);
        i = quote + 2;
        segment = i;
        continue;
      }
      value += text.slice(segment, quote);
      i = quote + 1;
      break;
    }

    // Text between the closing quote and the delimiter joins the field, as Excel reads `"ab"c`.
    const tail = i;
    let code = text.charCodeAt(i);
    while (i < length && code !== delimiter && code !== LF && code !== CR) code = text.charCodeAt(++i);
    this.quotedValue = tail === i ? value : value + text.slice(tail, i);
    return i;
  }

  /**
   * Advances the line count by the line ends (LF, CRLF, lone CR) in `text`
   * from `start` up to `end`, the position of a quote.
   */
  private countLineEnds(text: string, start: number, end: number): void {
    if (this.lfAtOrAfter(text, start) >= end && this.crAtOrAfter(text, start) >= end) return;

    for (let i = start; i < end; i++) {
      const code = text.charCodeAt(i);
      if (code === LF || (code === CR && text.charCodeAt(i + 1) !== LF)) this.line++;
    }
  }

  /**
   * Drops the physical lines still to skip from the start of `text` and
   * returns the index after them, or -1 when the text ends inside them.
   */
  private skipLines(text: string, last: boolean): number {
    let i = 0;
    while (this.linesToSkip > 0) {
      let end = i;
      while (end < text.length && text.charCodeAt(end) !== LF && text.charCodeAt(end) !== CR) end++;
      if (end >= text.length || (text.charCodeAt(end) === CR && end + 1 >= text.length && !last)) {
        if (last) {
          this.linesToSkip = 0;
          return text.length;
        }
        this.carry = text.slice(i);
        return -1;
      }
      i = text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
      this.line++;
      this.linesToSkip--;
    }
    return i;
  }
}
