/**
 * A DataView over the byte array last asked for, for reading four bytes at
 * a time at any offset. The raw reader keeps one array for many rows, so
 * the view is made again only when the array changes.
 */
export class WordView {
  private bytes: Uint8Array | null = null;
  private view: DataView = new DataView(new ArrayBuffer(0));

  /** Returns a view of all of `bytes`. */
  of(bytes: Uint8Array): DataView {
    if (bytes !== this.bytes) {
      this.bytes = bytes;
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    return this.view;
  }
}
