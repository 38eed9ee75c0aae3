/**
 * Character-class checks on UTF-16 code units or bytes, for the ASCII
 * characters that the hand-written parsers and scans look for.
 */

/** Returns true for the code of an ASCII digit, 0 to 9. */
export function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Returns true for the code of an ASCII letter, a to z in either case. */
export function isAsciiLetter(code: number): boolean {
  const lower = code | 0x20;
  return lower >= 97 && lower <= 122;
}
