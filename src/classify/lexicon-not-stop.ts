// Words of a request to stop that do not ask to stop: a negated removal ("please don't remove me
// from the webinar list", "ne me retirez pas", "nehmen Sie mich nicht aus der Liste", "no me saques
// de la lista"), "no need to stop", "don't stop sending", "stop by our booth", and the prospect's own
// past unsubscribe from something else ("I unsubscribed from your newsletter already, but…", "je
// me suis désabonné", "ich habe … abbestellt", "me di de baja"). These phrases are blanked before
// any cue is read, so the rest of the reply decides; a request to stop elsewhere in the reply is
// still heard ("I already unsubscribed and you keep writing" stays unsubscribe: see the "keep
// writing" cues in lexicon-stop.ts).
const REMOVE_EN = "remove|delete|drop|unsubscribe|take|cut|exclude|erase";
const REMOVE_FR = "retirez|supprimez|enlevez|desinscrivez|sortez|effacez|rayez|desabonnez";
const REMOVE_DE = "nehmen|streichen|entfernen|loschen|loeschen|tragen|melden";
const REMOVE_ES = "saques|saquen|saque|quites|quiten|quite|borres|borren|borre|elimines|eliminen|elimine|des de baja|den de baja|de de baja";

export const NOT_A_STOP: readonly RegExp[] = [
  // Negated removal.
  new RegExp(`\\b(don't|do not|dont|please don't|no need to|never) (${REMOVE_EN}) (me|us|anything|my)\\b( from [^,.!?;\\n]{0,40})?`, "g"),
  new RegExp(`\\bne (me |m'|nous )?(${REMOVE_FR}) pas\\b( de [^,.!?;\\n]{0,40})?`, "g"),
  new RegExp(`\\b(${REMOVE_DE}) sie (mich|uns) (bitte |auf keinen fall |ja )?nicht\\b( (aus|von) [^,.!?;\\n]{0,40})?`, "g"),
  new RegExp(`\\bno (me |nos )(${REMOVE_ES})\\b( de [^,.!?;\\n]{0,40})?`, "g"),
  // "No need to stop", "don't stop sending".
  /\b(no need to|you don't have to|don't|do not|dont) stop\b/g,
  /\b(pas besoin|inutile|pas la peine) d'(arreter|stopper)\b|\bn'arretez pas\b/g,
  /\b(sie mussen|sie muessen|kein grund,?) (\w+ )?(nicht )?aufzuhoren\b|\bhoren sie (bitte )?nicht auf\b|\bhoeren sie (bitte )?nicht auf\b/g,
  /\bno hace falta que (pares|pare|paren|dejes|deje|dejen)\b|\bno (dejes|deje|dejen|pares|pare|paren) de\b/g,
  // "Delete nothing": "don't delete anything" is above; "ne supprimez rien", "löschen Sie nichts", "no borres nada".
  /\bne (supprimez|effacez|retirez|desinscrivez) rien\b|\b(loschen|loeschen|entfernen|streichen) sie (bitte )?nichts\b|\bno (borres|borren|borre|elimines|eliminen|elimine|quites|quiten) nada\b/g,
  /\bne (vous |t')?(arretez|arrete|stoppez) pas\b/g,
  // The spam folder or filter ("your email landed in my spam", "dans mes spams", "im Spam-Ordner",
  // "en la carpeta de spam").
  /\bspam (filter|folder|box|check|score)s?\b|\b(in|into|to) (my|our|the) spam\b|\b(dans|en) (mes|les|nos) (spams|indesirables)\b|\b(dossier|courrier) (des )?(spams?|indesirables)\b|\bspam-?(ordner|filter)\b|\b(im|in meinem|in unserem) spam\b|\b(carpeta|bandeja) de (spam|correo no deseado)\b|\ben el spam\b/g,
  // Stopping one invitation or meeting, not the messages ("please stop the demo invite from going
  // out twice", "annulez l'invitation en double").
  /\bstop (the|that|this) (demo |calendar |meeting |duplicate )?(invite|invitation|meeting|hold|duplicate)\b|\b(arretez|annulez) (l'invitation|la reunion|le doublon)\b|\b(stoppen|stornieren) sie (die|den) (einladung|termin)\b|\b(para|anula|cancela) (la|el) (invitacion|reunion|duplicado)\b/g,
  // "Stop me if I'm wrong" / "Arrêtez-moi si je me trompe".
  /\bstop me if\b|\barretez[- ]moi si\b|\bcorrigeme si\b|\bkorrigieren sie mich,? wenn\b/g,
  // Unsubscribing from many other things ("I'm unsubscribing from a lot of newsletters, but yours
  // I read", "je me désabonne de plein de choses", "me doy de baja de muchas").
  /\bunsubscrib\w* from (a lot of|lots of|many|all sorts of|other|several|most|loads of|tons of)\b|\bme desabonne de (plein|beaucoup|tas|pas mal|nombreuses?) (de |d')?\w*|\bvon (vielen|allen moglichen|etlichen|zahlreichen) \w+ ab\b|\b(me doy|me estoy dando) de baja de (muchas|muchos|un monton|varias|varios)\b/g,
  // "No need to apologise" ("pas besoin de vous excuser", "kein Grund, sich zu entschuldigen",
  // "no hace falta disculparse"): not a refusal.
  /\bno need to (apologi[sz]e|worry|be sorry)\b|\b(pas besoin|inutile) de (vous |t')?(excuser|inquieter)\b|\bkein grund,? sich zu entschuldigen\b|\bno hace falta (disculparse|disculparte|que te disculpes|preocuparse)\b/g,
  // "Stop by / in / over / at" a place, not "stop at once" or "stop in future".
  /\bstop (by|in|over|at)\b(?! (once|all|any ?time|any point|this point|that point|(the )?future|now)\b)/g,
  // The prospect's own past unsubscribe.
  /\b(i|we|he|she|they|colleague|boss|manager|team) (have |has |'ve |already |have already |has already |'ve already |just )?(unsubscribed|opted out)\b/g,
  /\bje me suis (deja )?(desabonne|desinscrit)e?\b|\bnous nous sommes (deja )?(desabonne|desinscrit)e?s\b/g,
  /\b(ich|wir) (habe|haben) (\w+ ){0,4}(abbestellt|abgemeldet|ausgetragen)\b|\b(habe|haben) (ich|wir) (\w+ ){0,3}(abbestellt|abgemeldet|ausgetragen)\b/g,
  /\b(me|nos) (di|dimos|he dado|hemos dado) de baja\b/g,
];
