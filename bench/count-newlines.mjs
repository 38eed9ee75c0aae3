// The benchmark's floor: read each file named on the command line in 1 MB
// chunks and count its newline bytes. With --loop, a JavaScript loop looks at
// every byte, as any CSV tokenizer written in JavaScript must; without it,
// Buffer.indexOf finds the newlines natively. Prints the total count.
import { closeSync, openSync, readSync } from 'node:fs';

const args = process.argv.slice(2);
const loop = args[0] === '--loop';
const buffer = Buffer.allocUnsafe(1 << 20);
let newlines = 0;
for (const path of loop ? args.slice(1) : args) {
  const fd = openSync(path, 'r');
  for (;;) {
    const read = readSync(fd, buffer, 0, buffer.length, null);
    if (read === 0) break;
    if (loop) {
      for (let i = 0; i < read; i++) if (buffer[i] === 10) newlines++;
      continue;
    }
    let at = buffer.indexOf(10, 0);
    while (at >= 0 && at < read) {
      newlines++;
      at = buffer.indexOf(10, at + 1);
    }
  }
  closeSync(fd);
}
console.log(newlines);
