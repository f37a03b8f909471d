// Checks that a byte stream is UTF-8 chunk by chunk, without decoding it (csv-parse decodes), and
// names the line of the first bad byte so the user can find it. Latin-1 files from Excel's plain
// "CSV" format are the usual culprit: "Zoë" arrives as 5A 6F EB.
import { isUtf8 } from "node:buffer";
import { CsvFileRefusal, SAVE_AS_CSV_UTF8 } from "./file-refusal.js";

const NEWLINE = 0x0a;

export class Utf8Checker {
  private completeLines = 0;
  private pending: Buffer = Buffer.alloc(0);

  /** Throws CsvFileRefusal at the first byte that is not UTF-8 or is a NUL. */
  check(chunk: Buffer): void {
    const bytes = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    // A character may be split between two chunks; its first bytes wait for the next chunk.
    const end = endOfLastCompleteCharacter(bytes);
    const complete = bytes.subarray(0, end);
    this.pending = Buffer.from(bytes.subarray(end));
    if (!isUtf8(complete)) this.refuse(complete, firstInvalidOffset(complete));
    const nul = complete.indexOf(0);
    if (nul !== -1) {
      throw new CsvFileRefusal(
        `This is not a text file: line ${this.lineAt(complete, nul)} contains binary data (a NUL byte). ` +
          "Upload a CSV file.",
      );
    }
    this.completeLines += countNewlines(complete, complete.length);
  }

  /** Call after the last chunk: a character cut off by the end of the file is an error too. */
  finish(): void {
    if (this.pending.length > 0) this.refuse(this.pending, 0);
  }

  private refuse(bytes: Buffer, offset: number): never {
    const hex = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, "0");
    throw new CsvFileRefusal(
      `The file is not UTF-8 text: line ${this.lineAt(bytes, offset)} has the byte 0x${hex}, which is not ` +
        'valid UTF-8 (the file is probably saved in an older encoding such as Windows-1252, Excel\'s plain "CSV" format). ' +
        SAVE_AS_CSV_UTF8,
    );
  }

  private lineAt(bytes: Buffer, offset: number): number {
    return this.completeLines + countNewlines(bytes, offset) + 1;
  }
}

function countNewlines(bytes: Buffer, before: number): number {
  let count = 0;
  for (let at = bytes.indexOf(NEWLINE); at !== -1 && at < before; at = bytes.indexOf(NEWLINE, at + 1))
    count++;
  return count;
}

function endOfLastCompleteCharacter(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if (byte < 0x80) return bytes.length;
    if (byte >= 0xc0) return sequenceLength(byte) > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

function sequenceLength(leadByte: number): number {
  if (leadByte >= 0xc2 && leadByte <= 0xdf) return 2;
  if (leadByte >= 0xe0 && leadByte <= 0xef) return 3;
  if (leadByte >= 0xf0 && leadByte <= 0xf4) return 4;
  return 0;
}

// Only runs once a chunk is known to be invalid, so clarity beats speed here.
function firstInvalidOffset(bytes: Buffer): number {
  let at = 0;
  while (at < bytes.length) {
    const lead = bytes[at]!;
    if (lead < 0x80) {
      at++;
      continue;
    }
    const length = sequenceLength(lead);
    if (length === 0 || !validContinuation(bytes, at, length)) return at;
    at += length;
  }
  return 0;
}

function validContinuation(bytes: Buffer, at: number, length: number): boolean {
  const lead = bytes[at]!;
  const second = bytes[at + 1] ?? 0;
  // Overlong forms, UTF-16 surrogates and code points above U+10FFFF.
  if (lead === 0xe0 && second < 0xa0) return false;
  if (lead === 0xed && second > 0x9f) return false;
  if (lead === 0xf0 && second < 0x90) return false;
  if (lead === 0xf4 && second > 0x8f) return false;
  for (let index = at + 1; index < at + length; index++) {
    const byte = bytes[index];
    if (byte === undefined || (byte & 0xc0) !== 0x80) return false;
  }
  return true;
}
