// The unsubscribe backstop: looser than the phrase lists in the language lexicons, it catches a
// "stop" word near a "contact" word in any order ("never write to me again", "ne m'envoyez plus
// rien", "keine Nachrichten mehr schicken", "no me mandes más cosas"). unsubscribe is
// safety-critical (recall ≥ 0.98): a reply read as a request to stop when it was not costs one
// prospect; a request to stop that is missed breaks a promise the product makes. So this list
// errs towards stopping.
import { type Cue, cues } from "./lexicon.js";

const NEAR = ".{0,40}";

export const STOP_BACKSTOP: Cue[] = cues(
  "unsubscribe",
  3,
  // English
  new RegExp(`\\b(stop|no more|never again|quit|cease)\\b${NEAR}\\b(messag|contact|email|e-mail|writ|send|spam|reach|ping|pitch|follow)`),
  new RegExp(`\\b(don't|do not|dont|never)\\b${NEAR}\\b(messag|contact|email|e-mail|writ|send|spam|reach|ping)\\w*${NEAR}\\b(again|any ?more|further)\\b`),
  /\b(remove|delete|erase|unlist|exclude)\b.{0,30}\b(me|my|us|our)\b.{0,30}\b(list|database|crm|sequence|system|records)\b/,
  // French: "ne … plus" around a contact verb, or "plus jamais"
  new RegExp(`\\b(ne|n')\\b${NEAR}\\b(contact|recontact|ecri|messag|envo|sollicit|relanc|spam|harcel|appel)\\w*${NEAR}\\b(plus|jamais)\\b`),
  new RegExp(`\\b(plus jamais|arret|cess|stop)\\w*\\b${NEAR}\\b(contact|ecri|messag|envo|sollicit|relanc|spam|harcel)`),
  // German
  new RegExp(`\\b(nicht mehr|nicht weiter|nie wieder|nie mehr|keine)\\b${NEAR}\\b(kontakt|schreib|nachricht|mail|anruf|anschreib|belastig|belaestig|werbung)`),
  new RegExp(`\\b(kontakt|schreib|anschreib|nachricht|mail|anruf|belastig|belaestig|meld)\\w*\\b${NEAR}\\b(nicht mehr|nie wieder|nie mehr|unterlassen)\\b`),
  // Spanish
  new RegExp(`\\b(no|nunca|deja|dejen|dejad|basta)\\b${NEAR}\\b(contact|escrib|mensaj|envi|mand|molest|llam|spam)\\w*${NEAR}\\b(mas|nunca)\\b`),
  /\bnunca mas\b.{0,40}\b(contact|escrib|mensaj|envi|mand|molest|llam)/,
);
