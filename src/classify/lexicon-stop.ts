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
  new RegExp(`\\b(stop|no more|never again|quit|cease)\\b${NEAR}\\b(messag|contact|email|e-mail|writ|send|spam|reach|ping|pitch|follow|dm|inmail)`),
  new RegExp(`\\b(don't|do not|dont|never)\\b${NEAR}\\b(messag|contact|email|e-mail|writ|send|spam|reach|ping|dm|inmail)\\w*${NEAR}\\b(again|any ?more|further)\\b`),
  /\b(remove|delete|erase|unlist|exclude)\b.{0,30}\b(me|my|us|our)\b.{0,30}\b(list|database|crm|sequence|system|records)\b/,
  // Any language: a removal verb near a list ("take my name off your list", "streichen Sie mich von der Liste").
  /\b(remove|take|delete|strike|cross|retir\w*|enlev\w*|supprim\w*|ray\w*|streich\w*|entfern\w*|losch\w*|loesch\w*|nehm\w*|quit\w*|sac\w*|borr\w*|elimin\w*)\b.{0,40}\b(list|mailing list|liste|lista|verteiler|database|base de donnees|base de datos|datenbank|fichier)\b/,
  /\b(list|liste|lista|verteiler|datenbank)\b.{0,30}\b(remove|take|delete|strike|streichen|entfernen|loschen|nehmen|retirer|enlever|supprimer|quitar|sacar|borrar|eliminar)\b/,
  // Formal "refrain from contacting me" in the four languages.
  /\b(refrain|abstain|desist)\w*\b.{0,30}\b(contact|messag|email|writ|reach)/,
  /\babsten\w*\b.{0,30}\b(contact|escrib|mensaj|envi|llam)/,
  /\bvon (\w+ ){0,2}(kontaktaufnahme|kontakt|nachrichten|anfragen|anschreiben)\w* ab\b/,
  /\b(abstenir|abstenez)\b.{0,30}\b(contact|ecri|messag|envo|sollicit)/,
  // French: "ne … plus" around a contact verb, or "plus jamais"
  new RegExp(`\\b(ne|n')\\b${NEAR}\\b(contact|recontact|ecri|messag|envo|sollicit|relanc|spam|harcel|appel)\\w*${NEAR}\\b(plus|jamais)\\b`),
  new RegExp(`\\b(ne|n') ?plus\\b${NEAR}\\b(recevoir|contact|recontact|ecri|messag|envo|sollicit|relanc)`),
  /\b(plus aucun|aucun autre|pas d'autres?)\b.{0,30}\b(mail|message|relance|contact|sollicitation)/,
  new RegExp(`\\b(plus jamais|arret|cess|stop)\\w*\\b${NEAR}\\b(contact|ecri|messag|envo|sollicit|relanc|spam|harcel)`),
  // German
  new RegExp(`\\b(nicht mehr|nicht weiter|nie wieder|nie mehr|keine)\\b${NEAR}\\b(kontakt|schreib|nachricht|mail|anruf|anschreib|belastig|belaestig|werbung)`),
  new RegExp(`\\b(kontakt|schreib|anschreib|nachricht|mail|anruf|belastig|belaestig|meld)\\w*\\b${NEAR}\\b(nicht mehr|nie wieder|nie mehr|unterlassen)\\b`),
  // Spanish
  new RegExp(`\\b(no|nunca|deja|dejen|dejad|basta)\\b${NEAR}\\b(contact|escrib|mensaj|envi|mand|molest|llam|spam|recib)\\w*${NEAR}\\b(mas|nunca)\\b`),
  /\bnunca mas\b.{0,40}\b(contact|escrib|mensaj|envi|mand|molest|llam)/,
);
