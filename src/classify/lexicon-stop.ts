// The unsubscribe backstop: looser than the phrase lists in the language lexicons, it catches a
// "stop" word near a "contact" word in any order ("never write to me again", "ne m'envoyez plus
// rien", "keine Nachrichten mehr schicken", "no me mandes más cosas"). unsubscribe is
// safety-critical (recall ≥ 0.98): a reply read as a request to stop when it was not costs one
// prospect; a request to stop that is missed breaks a promise the product makes. So this list
// errs towards stopping.
import { type Cue, cues } from "./lexicon.js";

const NEAR = "[^.!?;\\n]{0,40}";

// English, loose (weight 1, like the same-sentence backstop below: it yields to a decisive
// interest cue, so "No more cold calls for me, I prefer email. Send me the deck." asks for a deck).
export const STOP_BACKSTOP: Cue[] = cues(
  "unsubscribe",
  1,
  new RegExp(`\\b(stop|no more|never again|quit|cease)\\b${NEAR}\\b(messag|contact|email|e-mail|writ|send|spam|reach|ping|pitch|follow|dm|inmail)`),
  new RegExp(`\\b(don't|do not|dont|never)\\b${NEAR}\\b(messag|contact|email|e-mail|writ|send|spam|reach|ping|dm|inmail)\\w*${NEAR}\\b(again|any ?more|further)\\b`),
);

STOP_BACKSTOP.push(...cues(
  "unsubscribe",
  3,
  /\b(remove|delete|erase|unlist|exclude)\b.{0,30}\b(me|my|us|our)\b.{0,30}\b(list|database|crm|sequence|system|records)\b/,
  // Any language: a removal verb near a list ("take my name off your list", "streichen Sie mich von der Liste").
  /\b(remove|take (me|us|my|our)|delete|strike|cross|retir\w*|enlev\w*|supprim\w*|ray\w*|streich\w*|entfern\w*|losch\w*|loesch\w*|nehm\w*|quit\w*|sac\w*|borr\w*|elimin\w*)\b.{0,40}\b(list|mailing list|liste|lista|verteiler|database|base de donnees|base de datos|datenbank|fichier)\b/,
  /\b(list|liste|lista|verteiler|datenbank)\b.{0,30}\b(remove|take|delete|strike|streichen|entfernen|loschen|nehmen|retirer|enlever|supprimer|quitar|sacar|borrar|eliminar)\b/,
  // Formal "refrain from contacting me" in the four languages.
  /\b(refrain|abstain|desist)\w*\b.{0,30}\b(contact|messag|email|writ|reach)/,
  /\babsten\w*\b.{0,30}\b(contact|escrib|mensaj|envi|llam)/,
  /\bvon (\w+ ){0,2}(kontaktaufnahme|kontakt|nachrichten|anfragen|anschreiben)\w* ab\b/,
  /\b(abstenir|abstenez)\b.{0,30}\b(contact|ecri|messag|envo|sollicit)/,
  // Asking to stop, politely or not.
  /\b(ask|asking|request|requesting|beg) you to (stop|cease|refrain|desist|leave me)\b/,
  /\b(demander|prie|prier) (de |d')?(arreter|cesser|stopper)\b/,
  /\bbitten,? (das|es|dies) (zu )?(lassen|unterlassen|einzustellen|sein zu lassen)\b/,
  /\b(pedir|pido|pedirte|pedirle|pediros|ruego|rogarle)\b.{0,10}\bque (pares|pare|paren|dejes|deje|dejen|parad|dejeis)\b/,
  // A lone imperative: "Remove.", "Retirez.", "Entfernen.", "Bórrenme."
  /^(remove|delete|unsubscribe|retirez|supprimez|enlevez|entfernen|loschen|loeschen|austragen|abmelden|borren(me)?|borrad(me)?|eliminen(me)?|quiten(me)?|quitadme)\W*(please|pls|plz|thanks|thx|merci|svp|bitte|danke|por favor|porfa|gracias)?\W*$/,
  /\b(enough already|quit it|cut it out|knock it off)\b/,
  /\blassen sie das\b|\bjetzt reicht(s| es)\b/,
  /\bya basta\b/,
  /\b(ca suffit|arretez)\b/,
  /\b(do not|don't|ne (pas|jamais)|no) contact(ar|er)?\b(?! (at|in|with|for|person|details|info|there|here))/,
  /\b(sperrliste|robinsonliste|blacklist|do-not-contact|dnc)\b/,
  // Telling the sender not to bother, in so many words.
  /\bno longer (want|wish|care) to (receive|get|hear)\b/,
  /\b(don't|do not) bother (me|us|writing|messaging|following)\b/,
  /\btake (the|a) hint\b/,
  /\binutile de (me |nous )?(relancer|recontacter|contacter|ecrire|insister)\b/,
  /\bsparen sie sich (\w+ ){0,3}(nachrichten|mails|muhe|muehe|anfragen)\b/,
  /\b(ahorrate|ahorrese|no insistas|no insista|no insistais)\b/,
  // Polite conditionals and preferences: "I'd appreciate it if you didn't write again", "je
  // préférerais ne plus être contacté", "wenn Sie mir nicht mehr schreiben würden", "preferiría que
  // no me contactaras" (the construction of a development miss, added in all four languages).
  /\b(if you (didn't|did not|would not|wouldn't|could stop|stopped)|(prefer|rather) not to be|(prefer|rather) you (didn't|did not|not))\b.{0,30}\b(contact|messag|email|writ|send|reach|dm)/,
  /\b(si vous (pouviez|pourriez) (ne plus|arreter|cesser)|prefererais (ne plus|ne pas) etre|prefere (ne plus|ne pas) etre)\b/,
  /\bwenn sie (mir|mich) (\w+ ){0,3}(nicht mehr|nie wieder|keine)\b/,
  /\b(preferiria|prefiero|agradeceria|agradeceria) que no (me |nos )?(contact|escrib|envi|mand|volv|vuelv|molest|llam)\w*/,
  // "No need to follow up" in the other three languages.
  /\b(pas la peine|inutile) de (me |nous )?(relancer|recontacter|reecrire)\b/,
  /\b(bitte )?(nicht|kein) (mehr )?(nachfassen|nachhaken|follow-?up)\b/,
  /\bno hace falta que (me |nos )?(escrib|contact|insist|envi|mand)\w*/,
  // "Don't include me in future campaigns."
  /\b(don't|do not|never|stop) (include|includ|add|put)\w* (me|us)\b/,
  /\b(ne (pas|plus) (m'|nous )?(inclure|ajouter)|ne (m'|nous )(incluez|ajoutez) plus)\b/,
  /\b(nehmen|fugen|fuegen) sie (mich|uns) (\w+ ){0,4}(nicht mehr|nie wieder|nicht) (auf|hinzu)\b/,
  /\bno (me |nos )?(incluy|anad|agreg|met)\w*/,
  // Calling it harassment.
  /\b(harassment|harassing me|harcelement|belastigung|belaestigung|acoso)\b/,
  // Getting off the list, forgetting the person, formal demands, a lone "Blocked."
  /\b(off|out of) (this|the|your|that|these|all your) (list|lists|mailing list|sequence|campaign)s?\b/,
  /\bsortir de (cette|la|votre|vos|ta) (liste|base|campagne|sequence)/,
  /\bvon (dieser|der|ihrer|ihren|allen) (liste|listen|kampagne|verteiler)\w* (runter|weg|streichen|nehmen)/,
  /\bsalir de (esta|la|vuestra|su|tu|vuestras) (lista|base|campana|secuencia)/,
  /\bforget (my|about me)\b|\boubliez[- ](mon|moi|mes)\b|\bvergessen sie (mich|meinen|meine)\b|\bolvid\w* (mi|de mi)\b/,
  /\bcease and desist\b|\bmets? en demeure\b|\bunterlassen\b|\bque cese\b|\bcese (de|ya)\b/,
  /^(blocked|reported|bloque|bloquee|signale|blockiert|gemeldet|bloqueado|bloqueada|denunciado)\W*$/,
  // Fed up with the messages; not wishing to hear from the sender again; unsolicited.
  /\b(had enough|fed up|sick of|tired of)\b.{0,30}\b(messag|email|mail|spam|pitch|contact|dm|inmail)/,
  /\b(en ai assez|marre|j'en peux plus)\b.{0,30}\b(messag|mail|spam|sollicit|relanc)/,
  /\b(genug|satt)\b.{0,30}\b(nachricht|mail|spam|anfrag|werbung)/,
  /\b(hart[oa]s?|cansad[oa]s?)\b.{0,30}\b(mensaj|correo|mail|spam)/,
  /\b(hear|hearing) from you (again|any ?more|ever)\b/,
  /\b(plus|pas) (avoir )?(de )?(vos|tes) nouvelles\b/,
  /\bnichts (mehr )?von (ihnen|dir|euch) (horen|hoeren)\b/,
  /\bno quiero saber nada (mas )?de (vosotros|ustedes|ti|usted)\b/,
  /\b(unsolicited|non sollicite|unerwunscht|unerwuenscht|unverlangt|no solicitado)\b/,
  /\bne (me |nous )?(reecrivez|recontactez|relancez|contactez|ecrivez) pas\b/,
  /\b(schreiben|kontaktieren|melden) sie (sich |mir |mich )?(bitte )?nicht (wieder|nochmal|erneut)\b/,
  // Threats to block or report.
  /\b(i'?m|i am|i will|i'll|will|gonna) (\w+ )?(block|report)(ing)? you\b/,
  /\bje vous (bloque|signale)\b/,
  /\b(blockiere|melde) (ich )?sie\b/,
  /\b(te|le|os|les) (bloqueo|denuncio|reporto)\b/,
  // Refused consent (GDPR wording).
  /\b(do not|don't|never) consent\b|\b(withdraw|revoke) (my )?consent\b/,
  /\bne consens pas\b|\bretire mon consentement\b/,
  /\bwillige (\w+ ){0,4}nicht\b|\bwiderrufe (meine )?einwilligung\b/,
  /\bno (doy|otorgo|presto) (mi )?consentimiento\b|\bretiro (mi )?consentimiento\b/,
  // French: "ne … plus" around a contact verb, or "plus jamais"
  new RegExp(`\\b(ne|n')\\b${NEAR}\\b(contact|recontact|ecri|messag|envo|sollicit|relanc|spam|harcel|appel)\\w*${NEAR}\\b(plus|jamais)\\b`),
  new RegExp(`\\b(ne|n') ?plus\\b${NEAR}\\b(recevoir|contact|recontact|ecri|messag|envo|sollicit|relanc)`),
  /\b(plus aucun|aucun autre|pas d'autres?)\b.{0,30}\b(mail|message|relance|contact|sollicitation)/,
  new RegExp(`\\b(plus jamais|arret|cess|stop)\\w*\\b${NEAR}\\b(contact|ecri|messag|envo|sollicit|relanc|spam|harcel)`),
  // German
  new RegExp(`\\b(nicht mehr|nicht weiter|nie wieder|nie mehr|keine)\\b${NEAR}\\b\\w*(kontakt|schreib|nachricht|mail|anruf|anzuruf|belastig|belaestig|werbung|meld)`),
  new RegExp(`\\b(kontakt|schreib|anschreib|nachricht|mail|anruf|belastig|belaestig|meld)\\w*\\b${NEAR}\\b(nicht mehr|nie wieder|nie mehr|unterlassen)\\b`),
  // Telling the sender to go away, at the start of a sentence ("GO AWAY", "Get lost.", "Foutez-moi
  // la paix", "Hau ab", "Lárgate"): a dismissal, whatever follows.
  /(^|[.!?,;:]\s*)(please |just |now )?(go away|get lost|buzz off|piss off|bugger off|sod off|back off|f\W*\w* off)\b/,
  /\b((foutez|fichez|foutes|fiche|fous)[- ](moi|nous) la paix|laisse[- ](moi|nous) tranquilles?|laissez[- ]nous tranquilles?|allez[- ]vous[- ]en|va[- ]t'en|degagez)\b/,
  /\b(hau ab|hauen sie ab|verschwinden sie|verschwinde|verzieh dich|lass (mich|uns) in ruhe|lasst (mich|uns) in ruhe|lassen sie uns in ruhe)\b/,
  /\b(largate|larguese|largaos|dejanos en paz|dejadme en paz|dejadnos en paz|dejeme tranquil[oa]|dejame tranquil[oa])\b|(^|[.!?,;:]\s*)(vete|vayase|idos)( ya| de aqui| a la mierda| al carajo)?\s*([.!,;]|$)/,
  // "No more." / "Plus rien." / "Nichts mehr." / "No más." as a sentence of its own (a polite word
  // may follow): the reply asks for nothing more to come.
  /(^|[.!?,;:]\s*)(no more|nothing more|plus rien|plus jamais|nichts mehr|nie wieder|no mas|nunca mas)\s*,?\s*(please|pls|thanks|thank you|merci|svp|s'il vous plait|bitte|danke|por favor|gracias)?\s*([.!;]|$)/,
  // "No contact, please" / "aucun contact, merci" / "kein Kontakt, bitte" / "nada de contacto, por
  // favor": no contact as a demand (not "no contact at Acme", which names where).
  /\b(no|aucun|kein|keinerlei|ningun|nada de|sin) (further |more |autre |other |weiteren |mas )?(contact|kontakt|contacto)\b(?=\s*([,.!;]|$|please|merci|svp|s'il|bitte|danke|por favor|gracias|from (you|your)|de votre|de (su|tu|vuestra) parte|von ihnen|mehr))/,
  // "Send me nothing more" in the four languages.
  /\bsend (me|us) nothing\b|\bnothing (more|else) (to|for) (me|us)\b/,
  /\b(schick|send|sende|schreib)\w* (sie |du |ihr )?(mir|uns) (bitte )?(\w+ )?nichts (mehr|weiter)\b/,
  /\bne (m'|nous )?(envoyez|envoie|ecrivez|ecris) (plus )?rien\b/,
  /\bno (me |nos )(mand|envi|escrib)\w* nada\b/,
  // Misspelled unsubscribe words ("unsubscibe", "unsubcribe", "unsuscribe", "desabonez",
  // "desincrire", "abmelen", "austagen").
  /\bunsub\w*|\bunsus?c?ri[bv]\w*/,
  /\bdes(ab+on+|ins?cri|incri)\w*/,
  /\b(abmel\w*|austra?ge\w*|abbestel\w*)\b/,
  /^(baja|de baja|la baja)\W*(por favor|gracias)?\W*$/,
  // Being taken off a list, in the passive or with a helper verb ("I'd appreciate being taken off
  // whatever list this is", "can I get off this list").
  /\b(take|taken|taking|took|get|getting|got|be|being|kept|keep|stay|staying)\b.{0,15}\boff\b.{0,25}\b(list|lists|sequence|database|mailing|distribution|campaign|cadence)/,
  // Opting out with a hyphen ("opt-out of all future communications").
  /\bopt(ing|ed)?-(me )?out\b/,
  // GDPR objections and erasure requests: "I object to the processing", "right to erasure",
  // "je m'oppose au traitement", "Widerspruch gegen die Verarbeitung", "me opongo al tratamiento",
  // "solicito la supresión de mis datos".
  /\b(object|objecting|objection) to (the |any )?(processing|use)\b|\bright to (erasure|object|be forgotten)\b|\b(confirm|request) (the )?(erasure|deletion)\b/,
  /\bm'oppose (a|au|aux) (traitement|utilisation|prospection)|\bdroit (d'opposition|a l'effacement|a l'oubli)\b|\b(demande|exige) (la |l')?(suppression|effacement)\b/,
  /\bwiderspr\w* (der|gegen die|gegen) (verarbeitung|nutzung|verwendung)\b|\brecht auf (loschung|loeschung|vergessenwerden)\b|\b(verlange|fordere|beantrage) (die )?(loschung|loeschung)\b/,
  /\bme opongo al (tratamiento|uso)\b|\bderecho (de|a la) (supresion|oposicion|olvido)\b|\b(solicito|exijo|pido) (la )?(supresion|eliminacion|cancelacion|baja)\b/,
  // Deleting "my address/data" with any removal verb, in the four languages.
  /\b(effac|supprim|delet|eras|remov|purg|losch|loesch|entfern|borr|elimin|suprim)\w*\b.{0,20}\b(my|mon|ma|mes|meine|meinen|mi|mis) (e-?mail |e-mail )?(address|adresse|email|e-mail|mail|data|donnees|daten|datos|details|coordonnees|kontaktdaten|correo|numero|number|contact|info)/,
  // Hearing from the sender (or the sender's company) again.
  /\b(hear|hearing) from (you|your \w+|anyone (at|from) \w+)( \w+)? (again|any ?more|ever)\b/,
  /\b(nichts mehr|nie wieder|nie mehr) (\w+ ){0,2}(horen|hoeren|lesen)\b|\bvon (ihnen|dir|euch|ihrer firma) (\w+ ){0,2}(nichts mehr|nie wieder|nie mehr)\b/,
  // Reporting as spam, or threatening to report or block, in the four languages.
  /\b(as|als|comme|como|en|pour|for) (du )?spam\b/,
  /\bvous (signaler|bloquer|denoncer)\b|\b(vais|allons|va) (finir par )?(vous )?(signaler|bloquer)\b/,
  /\b(report|block|flag)(ing)? (you|your (account|profile|company))\b/,
  // Still / keep writing after being told ("you keep writing", "vous continuez à m'écrire",
  // "Sie schreiben mir immer noch", "sigues escribiendo").
  /\b(you|you're|you are|they|your \w+)( \w+)? (keep|keeps|still|continue to|continue) (on )?(writing|messaging|emailing|sending|contacting|spamming|pinging|following up)\b/,
  /\b(still|keep) (get|getting|receiv\w*) (these|your|this|the|more|messages|emails|mails)\b/,
  /\b(continuez|continue) (a|de) (m'|me |nous )?(ecrire|relancer|contacter|envoyer|solliciter)\b/,
  /\b((schreiben|kontaktieren|nerven|belastigen|belaestigen) sie|sie (schreiben|kontaktieren|nerven|belastigen|belaestigen)) (mir |mich |uns )?(immer noch|trotzdem|weiterhin)\b/,
  /\b(sigues|sigue|siguen|seguis) (escribiendo|mandando|enviando|contactando|molestando|insistiendo)\b/,
  // Tired of the follow-ups ("vous commencez à me fatiguer avec vos relances", "Sie nerven mit
  // Ihren Mails"); "on arrête là".
  /\b(fatigu|saoul|gonfl|agac)\w*\b.{0,30}\b(messag|mail|relanc|sollicit|spam)/,
  /\bnerv\w*\b.{0,30}\b(nachricht|mail|anfrag|spam|werbung)/,
  /\bon (s')?arrete la\b|\barretons la\b/,
  // Stopping / giving up in German with the object in between ("Hören Sie doch einfach auf").
  /\b(horen|hoeren) sie (\w+ ){0,3}(damit )?auf\b(?! (mich|uns|ihr|ihn|den|die|das|meinen|meine))/,
  // From round 3 (after its blind measurement), each in the four languages.
  // Asking the sender not to contact again ("I have to ask you not to contact me again").
  /\b(ask|asking|request|requesting|beg|urge) you (kindly |politely )?not to (contact|message|email|e-mail|write|reach|send|pitch|follow|dm)/,
  /\b(pido|pedirle|pedirte|ruego|rogaria) que no (me |nos )?(contact|escrib|mand|envi|llam|molest)\w*/,
  // Privacy-law requests: "do not sell my information", "delete what you have on me".
  /\bdo not sell my\b|\b(delete|erase|remove|purge|supprim\w*|effac\w*|losch\w*|loesch\w*|borr\w*|elimin\w*)\b.{0,40}\b(on me|about me|sur moi|uber mich|ueber mich|sobre mi)\b/,
  // Not wishing to receive more ("I would prefer not to receive any more messages", "Ich will
  // das nicht mehr bekommen", "je préfère ne plus recevoir", "prefiero no recibir más").
  /\b(prefer|rather|wish|want|like) not to (receive|get|hear)\b/,
  /(\bnot|n't)\b.{0,20}\b(receive|get)\b.{0,10}\b(any ?more|further) (messages|emails|e-mails|mails|pitches|of (these|this|your))/,
  /\b(das|diese \w+|ihre \w+|so etwas|sowas|solche \w+|nichts) (\w+ )?(nicht mehr|nie wieder|nie mehr|mehr) (bekommen|erhalten|empfangen|zugeschickt)\b/,
  /\b(ne|n') ?(plus|jamais) (\w+ ){0,2}recevoir\b|\bprefere (ne plus|ne pas) recevoir\b/,
  /\b(prefiero|preferiria) no recibir\b|\bno (deseo|quiero|queremos|deseamos) recibir\b/,
  // Lone "Spam." / "Reported." sentences, in the four languages.
  /(^|[.!?]\s*)(spam|reported|blocked|signale|bloque|gemeldet|blockiert|denunciado|bloqueado)\s*([.!]+|$)/,
  // "Lose my number", "forget my email".
  /\b(lose|forget|bin|trash|shred|delete) my (number|phone number|email|e-mail|details|contact|info|address)\b/,
  // "Je ne veux plus entendre parler de votre société."
  /\bplus (jamais )?entendre parler de (vous|votre|vos|toi|ta|ton)\b/,
  // Avoid contacting ("évitez de me recontacter", "avoid contacting me", "vermeiden Sie …",
  // "evite contactarme").
  /\bavoid (contacting|messaging|emailing|writing to|reaching out to) (me|us)\b/,
  /\bevitez (de |d')(me |m'|nous )?(contacter|recontacter|ecrire|relancer|solliciter|envoyer)\b/,
  /\bvermeiden sie (es,? )?(mich|uns) (\w+ ){0,3}(zu )?(kontaktieren|anzuschreiben|anschreiben)\b/,
  /\b(evite|evita|evitad|eviten) (contactar|escribir|mandar|enviar|llamar)(me|nos)\b/,
  // Discontinuing the contact ("stellen Sie die Kontaktaufnahme ein", "discontinue the outreach",
  // "mettez fin à vos relances", "suspendan los envíos").
  /\bstellen sie (\w+ ){0,3}(kontaktaufnahme|kontakt|nachrichten|mails|anfragen|werbung|akquise|anschreiben)\w* (\w+ ){0,2}ein\b|\b(kontaktaufnahme|nachrichten|mails|anfragen|werbung|akquise)\w* (\w+ ){0,3}einstellen\b/,
  /\bdiscontinue (the |all |any |your |these )?(contact|messages|emails|outreach|follow-?ups)\b/,
  /\b(mettez|mettre) fin (a|aux) (vos|ces|tes|toute|tout|la|les) ?(\w+ )?(messages|relances|sollicitations|envois|contacts?|prospection)\b/,
  /\b(suspendan|suspenda|suspende|suspended|cesen|cese) (los|el|las|sus|tus|vuestros|todo|todos) ?(\w+ )?(envios|mensajes|correos|contactos?|comunicaciones)\b/,
  // "Lassen Sie mich mit Ihren Angeboten in Ruhe."
  /\blassen sie (mich|uns) .{0,40}\bin ruhe\b/,
  // "Para ya" / "Pare ya".
  /(^|[.!?,;:]\s*)(para|pare|paren|parad) ya\b/,
  // From round 4 (after its blind measurement), each in the four languages.
  // Delisting, and more misspellings ("delist me", "desuscribir").
  /\b(de-?list|unlist)\w*\b|\bdes(u|i)s?cri(b|v)\w*|\bdessuscri\w*/,
  // Having already said stop ("I've replied STOP twice", "j'ai déjà répondu stop").
  /\b(replied|answered|said|wrote|typed|sent|repondu|ecrit|dit|geantwortet|geschrieben|gesagt|respondido|respondi|escrito|escribi|dicho|dije)\b "?(stop|stopp|unsubscribe|basta)\b/,
  // Not in future mailings ("don't include my address in any future mailings").
  /\b(no|exclude\w* (me|us) from|not (be )?(in|on|part of))\b (any |all )?(future|further) (mailings|emails|messages|communications|campaigns|outreach)\b/,
  /\b(don't|do not|never|stop) (include|add|put)\w* (my|our) (address|email|e-mail|name|details|contact|data)\b/,
  // "…, pls remove" / "merci de retirer" / "bitte entfernen" / "por favor, quitar" at the very end.
  /\b(please|pls|plz|kindly|bitte|svp|merci de|por favor),? (remove|delete|unsubscribe|delist|retirer|supprimer|desinscrire|entfernen|loschen|loeschen|austragen|abmelden|borrar|eliminar|quitar|dar de baja)\W*$/,
  // Throwing away the details ("scrap my details", "bin my email").
  /\b(lose|forget|bin|trash|shred|delete|scrap|ditch|destroy|wipe|drop) (all )?my (number|phone number|email|e-mail|details|contact|info|address|data)\b/,
  // "Don't reply to this" as an end to the thread ("ne répondez pas", "antworten Sie nicht", "no respondas").
  /\b(don't|do not|please don't|dont) (reply|respond|answer)( to (this|me|my message|it))?\s*([.!]|$)/,
  /\bne (me )?(repondez|reponds) (pas|plus)\b|\b(antworten|schreiben) sie (mir )?(darauf )?nicht\s*([.!]|$)|\bno (me )?(respondas|responda|contestes|conteste|respondais|contesteis)\s*([.!]|$)/,
  // Receiving nothing more ("je ne veux plus rien recevoir", "que no me llegue nada más",
  // "nothing more from your company", "nichts mehr von Ihnen").
  /\b(ne|n')\b.{0,20}\b(plus|jamais)\b.{0,15}\brecevoir\b/,
  /\bque no (me |nos )?(llegue|lleguen|vuelva|vuelvan)\b/,
  /\bnothing (more|else|further) from (you|your)\b|\bplus rien de (votre|ta) part\b|\bnichts mehr von (ihnen|dir|euch|ihrer)\b|\bnada mas de (vuestra|su|tu|vosotros|ustedes)\b/,
  // Fed up ("Ras-le-bol de vos messages").
  /\bras[- ]le[- ]bol\b|\b(die nase voll|la paciencia)\b.{0,30}\b(nachricht|mail|mensaj|correo)/,
  // Data-protection articles and objecting to all prospecting.
  /\bart(icle|ikel|iculo)?\.? ?(17|21)\b.{0,30}\b(gdpr|rgpd|dsgvo|ds-gvo)\b|\b(gdpr|rgpd|dsgvo|ds-gvo)\b.{0,30}\bart(icle|ikel|iculo)?\.? ?(17|21)\b/,
  /\bm'oppose (a|au|aux) (toute? |tout |la |le |votre |vos )?(traitement|utilisation|prospection|demarchage|sollicitation)/,
  // Forbidding contact ("Ich verbitte mir …", "I forbid you to …", "je vous interdis de …").
  /\b(verbitte|verbiete)\b|\b(forbid|prohibit) you\b|\bvous interdis (de|d')\b|\b(te|le|os|les) prohibo\b/,
  // Sparing the person ("verschonen Sie mich", "spare me your pitches", "épargnez-moi vos relances").
  /\bverschonen sie (mich|uns)\b|\bspare (me|us) (the|your|these|any)\b|\bepargnez[- ](moi|nous)\b|\b(ahorrame|ahorreme|ahorradme) (tus|sus|vuestros|los)\b/,
  // Wanting out of a list ("Ich möchte aus diesem Verteiler raus").
  /\b(aus|von) (diesem|dem|ihrem|eurem|dieser|der|ihrer) (verteiler|liste|newsletter|kampagne)\w* (raus|heraus|genommen|gestrichen|entfernt)\b|\braus aus (diesem|dem|ihrem|der|ihrer)\b/,
  // Reporting the profile ("melde ich Ihr Profil", "je signale votre profil", "denuncio tu perfil").
  /\b(blockiere|melde) (ich )?(sie|dich|euch|ihr \w+|ihren \w+)\b|\b(signale|bloque|signalerai|bloquerai) (votre|ton) (profil|compte)\b|\b(denuncio|reporto|bloqueo|denunciare|bloqueare) (tu|su|vuestro) (perfil|cuenta)\b/,
  // "Me borras de la base": the indicative used as a request.
  /\b(me|nos) (borras|borrais|borran|quitas|quitais|quitan|sacas|sacais|sacan|eliminas|eliminais|eliminan) de\b/,
  // From round 5 (after its blind measurement), each in the four languages.
  // "Stop." as a sentence of its own anywhere ("Honestly, stop. I don't know how much clearer…").
  /(^|[.!?,;:]\s*)(please |pls |just |honestly,? |seriously,? |now |so )?(stop|stopp|basta|arretez|aufhoren|hort auf|para ya)\s*([.!]|$)/,
  // "Could you please not message me", "kindly not contact me".
  /\b(you|please|kindly) (please |kindly )?not (contact|message|msg|email|e-mail|write|ping|dm|pitch|reach)\w*/,
  // Not wishing to be contacted ("I do not wish to be contacted by your firm", "no deseo ser contactado").
  /(\bnot|n't)\b (wish|want|like|care) to be (contacted|messaged|emailed|approached|pitched|solicited|added)\b/,
  /\bno (deseo|quiero|deseamos|queremos) ser (contactad|molestad|escrit)\w*/,
  // Marking the sender as junk ("I'll mark you as junk", "en indésirable", "als Junk", "como correo no deseado").
  /\b(mark|flag|filter|send|move)\w* (you|this|these|them|your \w+) (as|to|into) (junk|spam)\b|\b(comme|en) (indesirables?|spam)\b|\bals (junk|spam)\b|\bcomo (correo no deseado|no deseado|spam)\b/,
  // Struck off ("Radiez-moi"), pestering ("Cessez de m'importuner"), "je veux plus de vos mails".
  /\bradi(ez|er)[- ]?(moi|nous)\b|\bme radier\b/,
  /\b(arretez|cessez|arrete|cesse|stop) (de |d')(me |m'|nous )?(importuner|deranger|embeter|ennuyer|harceler)\b/,
  /\b(je|on) (veux|veut|souhaite|voudrais) plus (de |d')?(vos|tes|ces) (mails|messages|relances|sollicitations|e-mails|emails|nouvelles)\b/,
  // Dismissals: "Lâchez-moi", "get off my back", "Schluss damit", "Ya está bien de mensajes".
  /\b(lachez|lache|lachez-nous)[- ](moi|nous)\b|\bget off my back\b|\bschluss (damit|jetzt)\b|\bjetzt ist schluss\b|\bya esta bien (de|con)\b/,
  // "Forget me" ("Vous pouvez m'oublier", "olvídame", "vergiss mich").
  /\bm'oublier\b|\boubliez[- ]moi\b|\bolvid(ame|enme|adme|eme)\b|\bvergiss mich\b|(?<!(don't|do not|never) )\bforget me\b/,
  // Refusing consent in other words ("No autorizo el uso de mis datos", "I don't authorise").
  /\bno (autorizo|consiento|doy permiso|autorizamos)\b|(\bnot|n't) authori[sz]e\b|\bje n'autorise pas\b|\b(untersage|erlaube) (ich )?(ihnen )?(nicht|keine|die)\b/,
  /\b(eliminen|elimina|eliminad|borren|borra|borrad|quiten|quitad)(los|las)\b/,
  // Out of the list ("Fuera de tu lista", "hors de votre liste").
  /\bfuera de (tu|su|vuestra|esta|la|vuestras) (lista|base|campana|secuencia)s?\b|\bhors de (votre|ta|cette|vos) (liste|base|campagne|sequence)s?\b/,
  // Spanish
  new RegExp(`\\b(no|nunca|deja|dejen|dejad|basta)\\b${NEAR}\\b(contact|escrib|mensaj|envi|mand|molest|llam|spam|recib)\\w*${NEAR}\\b(mas|nunca)\\b`),
  /\bnunca mas\b.{0,40}\b(contact|escrib|mensaj|envi|mand|molest|llam)/,
));

// A stop word and a contact word in the same sentence, in any of the four languages, whatever the
// phrasing around them ("I'd rather you erased my details", "Ich will keine Mails von Ihnen").
const STOP_STEMS =
  "stop|unsubscrib\\w*|exclu\\w*|ausgeschlossen|ausschliess\\w*|excluy\\w*|opt(ing)? ?-?out|remov\\w*|delet\\w*|eras\\w*|ceas\\w*|refrain\\w*|desist|never again|no more|block\\w*|spam\\w*|consent\\w*|" +
  "arret\\w*|cess\\w*|retir\\w*|supprim\\w*|effac\\w*|enlev\\w*|desinscri\\w*|desabonn\\w*|bloqu\\w*|plus jamais|plus aucun|ne plus|" +
  "aufhor\\w*|aufzuhor\\w*|unterlass\\w*|entfern\\w*|losch\\w*|loesch\\w*|austrag\\w*|abmeld\\w*|blockier\\w*|einwillig\\w*|nie wieder|nicht mehr|keine weiteren|" +
  "dej(a|en|ad|ar|e) de|basta|borr\\w*|elimin\\w*|quit(a|en|ad|ar|e)\\w*|baja|bloque\\w*|denunci\\w*|consentim\\w*|nunca mas|no mas|ni un|supresion|ces(e|en|ar|ad)";
const CONTACT_STEMS =
  "adding|add me|mailings?|aussendung\\w*|ajout\\w*|hinzu\\w*|anad\\w*|sequences?|sequenzen|secuencias?|campaigns?|campagnes?|kampagnen?|campanas?|outreach|" +
  "contact\\w*|messag\\w*|e-?mails?|mails?|writ\\w*|send\\w*|dms?|inmails?|ping\\w*|reach\\w*|database|details|" +
  "ecri\\w*|envo\\w*|sollicit\\w*|relanc\\w*|coordonnees|donnees|" +
  "kontakt\\w*|schreib\\w*|nachricht\\w*|anschreib\\w*|anfrag\\w*|daten|" +
  "escrib\\w*|mensaj\\w*|envi\\w*|mand\\w*|correos?|datos|llam\\w*|communications?|comunicacion\\w*|kommunikation";
const SENTENCE = "[^.!?;\\n]{0,120}?";

// Weight 1, the loosest cue of all: it decides alone only when the reply says nothing decisive
// for interest (see classifyOffline), so "No more cold calls for me, I prefer email. Send me the
// deck." is the request for a deck it is, while "I'd rather you erased my details" still stops.
STOP_BACKSTOP.push(
  ...cues(
    "unsubscribe",
    1,
    new RegExp(`\\b(${STOP_STEMS})\\b${SENTENCE}\\b(${CONTACT_STEMS})\\b`),
    new RegExp(`\\b(${CONTACT_STEMS})\\b${SENTENCE}\\b(${STOP_STEMS})\\b`),
  ),
);
