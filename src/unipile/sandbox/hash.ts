// Deterministic randomness: everything the sandbox invents (provider ids, behaviour, ids) comes
// from hashes, so the same identifier behaves the same in every run and every process.
import { createHash } from "node:crypto";

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** Eight independent uniform numbers in [0, 1) derived from the text. */
export function uniformsOf(text: string): number[] {
  const bytes = digest(text);
  return Array.from({ length: 8 }, (_, i) => bytes.readUInt32BE(i * 4) / 2 ** 32);
}

export function pick<T>(list: readonly T[], unit: number): T {
  return list[Math.floor(unit * list.length) % list.length]!;
}

function token(text: string, length: number): string {
  return digest(text).toString("base64url").slice(0, length);
}

/** LinkedIn-style member id: "ACoAA" plus 34 characters, stable for an identifier. */
export function providerIdFor(publicIdentifier: string): string {
  return `ACoAA${token(`provider:${publicIdentifier.toLowerCase()}`, 34)}`;
}

export function looksLikeProviderId(value: string): boolean {
  return /^(ACo|ACw|AE)[A-Za-z0-9_-]{20,}$/.test(value);
}

/** Ids for things the sandbox creates; seeded so two sandboxes with one seed agree. */
export class IdFactory {
  private counter = 0;

  constructor(private readonly seed: number) {}

  next(kind: "chat" | "message" | "webhook" | "account"): string {
    return token(`${this.seed}:${kind}:${++this.counter}`, 22).replace(/[-_]/g, "x");
  }

  /** LinkedIn invitation ids are long decimal numbers. */
  invitation(): string {
    const bytes = digest(`${this.seed}:invitation:${++this.counter}`);
    return `7${(bytes.readBigUInt64BE(0) % 10n ** 18n).toString().padStart(18, "0")}`;
  }
}
