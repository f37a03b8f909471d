// How long an out-of-office reply holds the prospect's next follow-up. With a return date the
// follow-up waits until at least one business day (Monday to Friday) after the day they are
// back, so the message does not land on a desk buried under a holiday's mail; the campaign's
// window then picks the first sending slot from there. Without a date it waits 7 days.
import { DateTime } from "luxon";

export const OUT_OF_OFFICE_DEFAULT_DAYS = 7;

export interface OutOfOfficeWait {
  /** The follow-up is not sent before this instant. */
  notBefore: Date;
  /** The return date the reply named (the start of that local day), or null. */
  returnDate: Date | null;
}

/** The start of the first Monday–Friday local day strictly after the day `returnDate` falls on. */
export function oneBusinessDayAfter(returnDate: Date, timeZone: string): Date {
  let day = DateTime.fromJSDate(returnDate, { zone: timeZone }).startOf("day").plus({ days: 1 });
  // luxon: weekday 6 = Saturday, 7 = Sunday.
  while (day.weekday > 5) day = day.plus({ days: 1 });
  return day.toJSDate();
}

export function outOfOfficeWait(returnDate: Date | null, now: Date, timeZone: string): OutOfOfficeWait {
  if (returnDate && returnDate.getTime() > now.getTime() - 86_400_000) {
    const after = oneBusinessDayAfter(returnDate, timeZone);
    return { notBefore: new Date(Math.max(after.getTime(), now.getTime())), returnDate };
  }
  // No date, or a date already past (a stale auto-reply): the default wait.
  return { notBefore: new Date(now.getTime() + OUT_OF_OFFICE_DEFAULT_DAYS * 86_400_000), returnDate: null };
}
