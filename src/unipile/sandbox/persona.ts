// Who a LinkedIn identifier "is" in the sandbox: names, network distance and how the person
// behaves (accepts an invitation? replies to a message? after how long?), derived from a hash of
// the identifier so it never changes between runs. Markers in the identifier force a behaviour
// for demos; a scenario file can override any field.
import { pick, providerIdFor, uniformsOf } from "./hash.js";

export type Degree = "FIRST_DEGREE" | "SECOND_DEGREE" | "THIRD_DEGREE" | "OUT_OF_NETWORK";

export interface Persona {
  publicIdentifier: string;
  providerId: string;
  firstName: string;
  lastName: string;
  headline: string;
  /** Distance before any invitation from the sandbox's accounts is accepted. */
  degree: Degree;
  /** Virtual delay from invitation to acceptance; null: never accepts. */
  acceptAfterMs: number | null;
  /** Virtual delay from one of our messages to the reply; null: never replies. */
  replyAfterMs: number | null;
  replyText: string;
  /** Sends to this person fail with 422 invalid_recipient. */
  unreachable: boolean;
  /** The profile lookup answers 404. */
  notFound: boolean;
}

export type PersonaOverrides = Partial<Omit<Persona, "publicIdentifier" | "providerId">>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Demo markers: whole dash-separated words of the identifier, e.g. "ada-2nd-accepts-silent". */
export const MARKERS = {
  "1st": { degree: "FIRST_DEGREE" },
  "2nd": { degree: "SECOND_DEGREE" },
  "3rd": { degree: "THIRD_DEGREE" },
  accepts: {},
  ignores: { acceptAfterMs: null },
  replies: {},
  silent: { replyAfterMs: null },
  unreachable: { unreachable: true },
  notfound: { notFound: true },
} as const satisfies Record<string, PersonaOverrides>;

const FIRST_NAMES = [
  "Ada",
  "Bruno",
  "Chloé",
  "Daniel",
  "Elena",
  "Farid",
  "Grace",
  "Hugo",
  "Ines",
  "Jonas",
  "Keiko",
  "Liam",
  "Maya",
  "Nadia",
  "Oscar",
  "Priya",
  "Quentin",
  "Rosa",
  "Samir",
  "Tara",
] as const;
const LAST_NAMES = [
  "Martin",
  "Okafor",
  "Schmidt",
  "Rossi",
  "Nakamura",
  "Dubois",
  "García",
  "Kowalski",
  "Haddad",
  "Larsen",
  "Moreau",
  "Silva",
  "Novak",
  "Chen",
  "Jensen",
  "Petit",
  "Ali",
  "Berg",
  "Costa",
  "Weber",
] as const;
const HEADLINES = [
  "Head of Operations at Northwind",
  "VP Sales at Contoso",
  "Founder & CEO at Fabrikam",
  "Marketing Director at Tailspin",
  "CTO at Litware",
  "Procurement Lead at Adatum",
  "Customer Success Manager at Proseware",
  "Product Manager at Wingtip",
] as const;
const REPLIES = [
  "Thanks for reaching out! Happy to chat next week.",
  "Hi, thanks. Not a priority for us right now.",
  "Interesting, can you send me more details?",
  "Appreciate the message. Let's talk, what times work for you?",
] as const;

export function normalizeIdentifier(identifier: string): string {
  return identifier.trim().toLowerCase();
}

export function derivePersona(identifier: string, seed: number): Persona {
  const publicIdentifier = normalizeIdentifier(identifier);
  const [degreeU, acceptU, acceptDelayU, replyU, replyDelayU, nameU, lastU, textU] = uniformsOf(
    `${seed}:${publicIdentifier}`,
  ) as [number, number, number, number, number, number, number, number];
  const words = publicIdentifier.split(/[-_.]+/).filter(Boolean);
  const nameWords = words.filter((word) => /^\p{L}{2,}$/u.test(word) && !(word in MARKERS));
  const persona: Persona = {
    publicIdentifier,
    providerId: providerIdFor(publicIdentifier),
    firstName: nameWords[0] ? capitalize(nameWords[0]) : pick(FIRST_NAMES, nameU),
    lastName: nameWords.length > 1 ? nameWords.slice(1).map(capitalize).join(" ") : pick(LAST_NAMES, lastU),
    headline: pick(HEADLINES, textU),
    degree: degreeU < 0.8 ? "FIRST_DEGREE" : degreeU < 0.9 ? "SECOND_DEGREE" : "THIRD_DEGREE",
    acceptAfterMs: acceptU < 0.6 ? DAY + acceptDelayU * 4 * DAY : null,
    replyAfterMs: replyU < 0.3 ? DAY + replyDelayU * 2 * DAY : null,
    replyText: pick(REPLIES, textU),
    unreachable: false,
    notFound: false,
  };
  // Markers that promise a behaviour get a delay even when the hash said "never".
  if (words.includes("accepts")) persona.acceptAfterMs = DAY + acceptDelayU * 4 * DAY;
  if (words.includes("replies")) persona.replyAfterMs = DAY + replyDelayU * 2 * DAY;
  for (const word of words)
    if (word in MARKERS) Object.assign(persona, MARKERS[word as keyof typeof MARKERS]);
  return persona;
}

export function withOverrides(persona: Persona, overrides: PersonaOverrides): Persona {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  return { ...persona, ...defined };
}

export function hoursToMs(hours: number | null | undefined): number | null | undefined {
  return hours === null || hours === undefined ? hours : Math.round(hours * HOUR);
}

export function fullName(persona: Pick<Persona, "firstName" | "lastName">): string {
  return `${persona.firstName} ${persona.lastName}`.trim();
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** A made-up person for bulk relations: names from the lists and an identifier built from them. */
export function inventedPerson(
  seed: number,
  index: number,
): { identifier: string; firstName: string; lastName: string } {
  const [firstU, lastU] = uniformsOf(`${seed}:invented:${index}`) as [number, number];
  const firstName = pick(FIRST_NAMES, firstU);
  const lastName = pick(LAST_NAMES, lastU);
  const ascii = (name: string) =>
    name
      .normalize("NFD")
      .replace(/\p{Diacritic}/gu, "")
      .toLowerCase();
  return {
    identifier: `${ascii(firstName)}-${ascii(lastName)}-${index.toString(36).padStart(4, "0")}`,
    firstName,
    lastName,
  };
}
