/**
 * A cell value that does not parse. The message states what was expected and
 * leaves out the value itself, so a caller can prefix the file, line, column
 * and value: `calls.csv:42: "12:3x" in column "Talk Time": <message>`.
 */
export class ValueError extends Error {
  /** The text as it was passed to the parser. */
  readonly value: string;

  constructor(value: string, message: string) {
    super(message);
    this.name = 'ValueError';
    this.value = value;
  }
}
