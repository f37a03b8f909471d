// A file we will not import at all, as opposed to a row we reject. Thrown from deep inside the
// streaming pipeline so reading stops at once; parseProspectCsv turns it into { ok: false }.
export class CsvFileRefusal extends Error {
  override name = "CsvFileRefusal";
}

export const SAVE_AS_CSV_UTF8 =
  'In Excel choose File › Save As › "CSV UTF-8 (Comma delimited)" and upload that file.';

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
