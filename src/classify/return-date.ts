// The date an out-of-office reply says its author is back ("back on 12 January", "zurück am
// 12.01."), as the start of that local day in `timeZone`; null when it names none. (Issue 14
// replaces this placeholder.)
export function returnDateIn(_text: string, _now: Date, _timeZone: string): Date | null {
  return null;
}
