// The bytes of an upload, checked on the way through: size limit, file type, UTF-8. Chunks pass
// through unchanged so nothing but the current chunk is held in memory.
import type { Readable } from "node:stream";
import { CsvFileRefusal, formatBytes } from "./file-refusal.js";
import { refusalForFileStart, SNIFF_BYTES } from "./file-sniff.js";
import { Utf8Checker } from "./utf8.js";

const BUFFER_SLICE_BYTES = 64 * 1024;

export type CsvInput = Buffer | AsyncIterable<Buffer> | Readable;

/**
 * Yields the input's bytes. The first chunk yielded is at least SNIFF_BYTES long (or the whole
 * file), so the caller can read the header line from it. Throws CsvFileRefusal.
 */
export async function* checkedBytes(input: CsvInput, maxBytes: number): AsyncGenerator<Buffer> {
  const tooLarge = `The file is larger than ${formatBytes(maxBytes)}; split it into smaller files.`;
  // A buffer's size is known before reading: refuse it before any row is parsed.
  if (Buffer.isBuffer(input) && input.length > maxBytes) throw new CsvFileRefusal(tooLarge);
  const utf8 = new Utf8Checker();
  let total = 0;
  let head: Buffer[] | null = [];
  let headLength = 0;

  for await (const chunk of chunksOf(input)) {
    total += chunk.length;
    if (total > maxBytes) throw new CsvFileRefusal(tooLarge);
    if (head === null) {
      utf8.check(chunk);
      yield chunk;
      continue;
    }
    head.push(chunk);
    headLength += chunk.length;
    if (headLength >= SNIFF_BYTES) {
      yield checkedHead(Buffer.concat(head), utf8);
      head = null;
    }
  }
  if (head !== null && headLength > 0) yield checkedHead(Buffer.concat(head), utf8);
  utf8.finish();
}

function checkedHead(head: Buffer, utf8: Utf8Checker): Buffer {
  const problem = refusalForFileStart(head);
  if (problem) throw new CsvFileRefusal(problem);
  utf8.check(head);
  return head;
}

async function* chunksOf(input: CsvInput): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(input)) {
    // Slices, not copies: parsing a piece at a time lets backpressure keep few records in memory.
    for (let start = 0; start < input.length; start += BUFFER_SLICE_BYTES) {
      yield input.subarray(start, start + BUFFER_SLICE_BYTES);
    }
    return;
  }
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    // A Readable with setEncoding() yields strings; everything downstream works on bytes.
    yield typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
  }
}
