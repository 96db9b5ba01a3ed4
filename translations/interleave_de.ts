<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Challenge</name>
    <message>
        <source>Goal reached</source>
        <translation>Ziel erreicht</translation>
    </message>
    <message numerus="yes">
        <source>End in a state where %1, in at most %n move(s).</source>
        <translation>
            <numerusform>Ende in einem Zustand, in dem %1 gilt, in höchstens %n Zug.</numerusform>
            <numerusform>Ende in einem Zustand, in dem %1 gilt, in höchstens %n Zügen.</numerusform>
        </translation>
    </message>
    <message>
        <source>End in a state where %1.</source>
        <translation>Ende in einem Zustand, in dem %1 gilt.</translation>
    </message>
    <message>
        <source>Break the rule &quot;%1&quot;.</source>
        <translation>Brechen Sie die Regel „%1“.</translation>
    </message>
    <message>
        <source>Make it show: %1.</source>
        <translation>Lassen Sie es zeigen: %1.</translation>
    </message>
    <message>
        <source>Break a rule.</source>
        <translation>Brechen Sie eine Regel.</translation>
    </message>
    <message>
        <source>Find every outcome that breaks a rule.</source>
        <translation>Finden Sie jedes Ergebnis, das eine Regel bricht.</translation>
    </message>
    <message>
        <source>Pick the variant where the fix fails, and make it fail.</source>
        <translation>Wählen Sie die Variante, in der die Korrektur versagt, und bringen Sie sie zum Versagen.</translation>
    </message>
    <message>
        <source>Predict every possible final value of %1.</source>
        <translation>Sagen Sie jeden möglichen Endwert von %1 voraus.</translation>
    </message>
    <message>
        <source>Lose a deposit</source>
        <extracomment>Challenge &quot;lost-update-lose-a-deposit&quot;</extracomment>
        <translation>Eine Einzahlung verlieren</translation>
    </message>
    <message>
        <source>Two requests each add a deposit to the same account. Choose the order of their steps so that one deposit vanishes.</source>
        <extracomment>Challenge &quot;lost-update-lose-a-deposit&quot;</extracomment>
        <translation>Zwei Anfragen zahlen jeweils auf dasselbe Konto ein. Wählen Sie die Reihenfolge ihrer Schritte so, dass eine Einzahlung verschwindet.</translation>
    </message>
    <message>
        <source>The lost update: read, compute, write back is not one step, and another request can run in between.</source>
        <extracomment>Challenge &quot;lost-update-lose-a-deposit&quot;</extracomment>
        <translation>Das verlorene Update: Lesen, Rechnen, Zurückschreiben ist kein einzelner Schritt, und dazwischen kann eine andere Anfrage laufen.</translation>
    </message>
    <message>
        <source>End with a balance of 1100</source>
        <extracomment>Challenge &quot;lost-update-end-at-1100&quot;</extracomment>
        <translation>Mit einem Kontostand von 1100 enden</translation>
    </message>
    <message>
        <source>The account starts at 1000; the requests deposit 100 and 200. Make the run end with a balance of 1100, in at most four moves.</source>
        <extracomment>Challenge &quot;lost-update-end-at-1100&quot;</extracomment>
        <translation>Das Konto beginnt bei 1000; die Anfragen zahlen 100 und 200 ein. Lassen Sie den Lauf mit einem Kontostand von 1100 enden, in höchstens vier Zügen.</translation>
    </message>
    <message>
        <source>Which deposit is lost depends on which write comes last: the last writer wins.</source>
        <extracomment>Challenge &quot;lost-update-end-at-1100&quot;</extracomment>
        <translation>Welche Einzahlung verloren geht, hängt davon ab, welcher Schreibzugriff zuletzt kommt: Der letzte Schreiber gewinnt.</translation>
    </message>
    <message>
        <source>Predict every final balance</source>
        <extracomment>Challenge &quot;lost-update-predict&quot;</extracomment>
        <translation>Jeden Endstand vorhersagen</translation>
    </message>
    <message>
        <source>Before you step: which final balances are possible when two requests deposit 100 and 200 into 1000? Name every one.</source>
        <extracomment>Challenge &quot;lost-update-predict&quot;</extracomment>
        <translation>Bevor Sie Schritt für Schritt vorgehen: Welche Endstände sind möglich, wenn zwei Anfragen 100 und 200 auf 1000 einzahlen? Nennen Sie jeden.</translation>
    </message>
    <message>
        <source>A race has a small, exact set of results: the explorer counts every interleaving and grades the prediction.</source>
        <extracomment>Challenge &quot;lost-update-predict&quot;</extracomment>
        <translation>Eine Race Condition hat eine kleine, genaue Menge von Ergebnissen: Die Erkundung zählt jede Verzahnung und bewertet die Vorhersage.</translation>
    </message>
    <message>
        <source>Find every way three requests lose money</source>
        <extracomment>Challenge &quot;lost-update-three-ways&quot;</extracomment>
        <translation>Jeden Weg finden, auf dem drei Anfragen Geld verlieren</translation>
    </message>
    <message>
        <source>With three requests there are several different wrong balances. Find every outcome that breaks the rule.</source>
        <extracomment>Challenge &quot;lost-update-three-ways&quot;</extracomment>
        <translation>Mit drei Anfragen gibt es mehrere verschiedene falsche Kontostände. Finden Sie jedes Ergebnis, das die Regel bricht.</translation>
    </message>
    <message>
        <source>More requests, more ways to interleave: the number of wrong outcomes grows faster than the number of requests.</source>
        <extracomment>Challenge &quot;lost-update-three-ways&quot;</extracomment>
        <translation>Mehr Anfragen, mehr Verzahnungen: Die Zahl der falschen Ergebnisse wächst schneller als die Zahl der Anfragen.</translation>
    </message>
    <message>
        <source>Overdraw the account</source>
        <extracomment>Challenge &quot;double-withdraw-overdraft&quot;</extracomment>
        <translation>Das Konto überziehen</translation>
    </message>
    <message>
        <source>The balance is 100 and two requests each withdraw 60 after checking that the money is there. Drive the balance below zero.</source>
        <extracomment>Challenge &quot;double-withdraw-overdraft&quot;</extracomment>
        <translation>Der Kontostand ist 100, und zwei Anfragen heben jeweils 60 ab, nachdem sie geprüft haben, dass das Geld da ist. Treiben Sie den Kontostand unter null.</translation>
    </message>
    <message>
        <source>Check-then-act: a check is only true until someone else acts on the same data.</source>
        <extracomment>Challenge &quot;double-withdraw-overdraft&quot;</extracomment>
        <translation>Prüfen, dann handeln: Eine Prüfung stimmt nur, bis jemand anderes mit denselben Daten handelt.</translation>
    </message>
    <message>
        <source>Sell the last seat twice</source>
        <extracomment>Challenge &quot;last-seat-sell-twice&quot;</extracomment>
        <translation>Den letzten Platz zweimal verkaufen</translation>
    </message>
    <message>
        <source>One seat is left and two students book at once. Make both bookings succeed.</source>
        <extracomment>Challenge &quot;last-seat-sell-twice&quot;</extracomment>
        <translation>Ein Platz ist noch frei, und zwei Studierende buchen gleichzeitig. Lassen Sie beide Buchungen gelingen.</translation>
    </message>
    <message>
        <source>Check-then-act again, this time with a sleep between the check and the booking, as in the seed code.</source>
        <extracomment>Challenge &quot;last-seat-sell-twice&quot;</extracomment>
        <translation>Wieder prüfen, dann handeln, diesmal mit einer Pause zwischen Prüfung und Buchung, wie im Seed-Code.</translation>
    </message>
    <message>
        <source>Find every way to oversell</source>
        <extracomment>Challenge &quot;last-seat-every-oversell&quot;</extracomment>
        <translation>Jeden Weg zur Überbuchung finden</translation>
    </message>
    <message>
        <source>Overselling the last seat can end in more than one wrong state. Find them all.</source>
        <extracomment>Challenge &quot;last-seat-every-oversell&quot;</extracomment>
        <translation>Die Überbuchung des letzten Platzes kann in mehr als einem falschen Zustand enden. Finden Sie sie alle.</translation>
    </message>
    <message>
        <source>Different interleavings of the same race leave different damage: here, a seat count of 0 or of -1.</source>
        <extracomment>Challenge &quot;last-seat-every-oversell&quot;</extracomment>
        <translation>Verschiedene Verzahnungen derselben Race Condition hinterlassen verschiedenen Schaden: hier 0 oder -1 freie Plätze.</translation>
    </message>
    <message>
        <source>Make the mutex fail</source>
        <extracomment>Challenge &quot;lost-update-mutex-fails&quot;</extracomment>
        <translation>Den Mutex versagen lassen</translation>
    </message>
    <message>
        <source>The deposit is now guarded by an in-memory mutex. Pick where the program runs so that the mutex does not help, and lose a deposit there.</source>
        <extracomment>Challenge &quot;lost-update-mutex-fails&quot;</extracomment>
        <translation>Die Einzahlung ist jetzt durch einen Mutex im Speicher geschützt. Wählen Sie, wo das Programm läuft, sodass der Mutex nicht hilft, und verlieren Sie dort eine Einzahlung.</translation>
    </message>
    <message>
        <source>A mutex only protects the memory of one process: two server instances each have their own.</source>
        <extracomment>Challenge &quot;lost-update-mutex-fails&quot;</extracomment>
        <translation>Ein Mutex schützt nur den Speicher eines Prozesses: Zwei Serverinstanzen haben jede ihren eigenen.</translation>
    </message>
    <message>
        <source>Deadlock two transfers</source>
        <extracomment>Challenge &quot;transfer-deadlock&quot;</extracomment>
        <translation>Zwei Überweisungen verklemmen</translation>
    </message>
    <message>
        <source>Alice sends money to Bob while Bob sends money to Alice; each locks its own account row first. Make them wait for each other.</source>
        <extracomment>Challenge &quot;transfer-deadlock&quot;</extracomment>
        <translation>Alice überweist Bob Geld, während Bob Alice Geld überweist; jede sperrt zuerst ihre eigene Kontozeile. Lassen Sie sie aufeinander warten.</translation>
    </message>
    <message>
        <source>A deadlock needs two locks taken in opposite orders; the database detects it and rolls one transaction back.</source>
        <extracomment>Challenge &quot;transfer-deadlock&quot;</extracomment>
        <translation>Ein Deadlock braucht zwei Sperren in entgegengesetzter Reihenfolge; die Datenbank erkennt ihn und rollt eine Transaktion zurück.</translation>
    </message>
    <message>
        <source>Show that a transaction is not enough</source>
        <extracomment>Challenge &quot;double-like-transaction-fails&quot;</extracomment>
        <translation>Zeigen, dass eine Transaktion nicht reicht</translation>
    </message>
    <message>
        <source>Three fixes for the double like: a unique key, a unique key in a transaction, and a transaction alone. Pick the one that still lets one user like a post twice, and make it happen.</source>
        <extracomment>Challenge &quot;double-like-transaction-fails&quot;</extracomment>
        <translation>Drei Korrekturen für das doppelte Like: ein eindeutiger Schlüssel, ein eindeutiger Schlüssel in einer Transaktion und eine Transaktion allein. Wählen Sie die, mit der ein Nutzer einen Beitrag immer noch zweimal liken kann, und lassen Sie es geschehen.</translation>
    </message>
    <message>
        <source>A transaction does not stop two inserts of the same row: only a constraint (or a lock) does.</source>
        <extracomment>Challenge &quot;double-like-transaction-fails&quot;</extracomment>
        <translation>Eine Transaktion verhindert nicht zwei Inserts derselben Zeile: Das tut nur eine Constraint (oder eine Sperre).</translation>
    </message>
    <message>
        <source>Charge the card twice</source>
        <extracomment>Challenge &quot;retried-payment-double-charge&quot;</extracomment>
        <translation>Die Karte zweimal belasten</translation>
    </message>
    <message>
        <source>A payment is retried with the same idempotency key, and the server checks the key before inserting it. Make the card be charged twice.</source>
        <extracomment>Challenge &quot;retried-payment-double-charge&quot;</extracomment>
        <translation>Eine Zahlung wird mit demselben Idempotenzschlüssel wiederholt, und der Server prüft den Schlüssel, bevor er ihn einfügt. Lassen Sie die Karte zweimal belastet werden.</translation>
    </message>
    <message>
        <source>An idempotency key only works when claiming it is atomic: check-then-insert is the same race as before.</source>
        <extracomment>Challenge &quot;retried-payment-double-charge&quot;</extracomment>
        <translation>Ein Idempotenzschlüssel wirkt nur, wenn sein Beanspruchen atomar ist: Prüfen, dann einfügen ist dieselbe Race Condition wie zuvor.</translation>
    </message>
    <message>
        <source>Hold up the event loop</source>
        <extracomment>Challenge &quot;event-loop-blocked&quot;</extracomment>
        <translation>Die Event-Loop aufhalten</translation>
    </message>
    <message>
        <source>On one Node.js event loop, a report does CPU work while quick requests arrive. Make a quick request wait for the report.</source>
        <extracomment>Challenge &quot;event-loop-blocked&quot;</extracomment>
        <translation>Auf einer einzigen Node.js-Event-Loop rechnet ein Bericht auf der CPU, während schnelle Anfragen ankommen. Lassen Sie eine schnelle Anfrage auf den Bericht warten.</translation>
    </message>
    <message>
        <source>An event loop runs one thing at a time: CPU work that never awaits blocks every other request.</source>
        <extracomment>Challenge &quot;event-loop-blocked&quot;</extracomment>
        <translation>Eine Event-Loop führt eins nach dem anderen aus: CPU-Arbeit ohne await blockiert jede andere Anfrage.</translation>
    </message>
    <message>
        <source>Write with an expired lease</source>
        <extracomment>Challenge &quot;lease-expiry-stale-write&quot;</extracomment>
        <translation>Mit abgelaufener Lease schreiben</translation>
    </message>
    <message>
        <source>Client A holds a lock lease, then pauses longer than the lease lasts. Let time pass so that A writes after its lease has gone to B.</source>
        <extracomment>Challenge &quot;lease-expiry-stale-write&quot;</extracomment>
        <translation>Client A hält eine Sperr-Lease und pausiert dann länger, als die Lease dauert. Lassen Sie Zeit vergehen, sodass A schreibt, nachdem seine Lease an B gegangen ist.</translation>
    </message>
    <message>
        <source>A lease expires while its holder is paused: the holder does not know, and writes anyway.</source>
        <extracomment>Challenge &quot;lease-expiry-stale-write&quot;</extracomment>
        <translation>Eine Lease läuft ab, während ihr Halter pausiert: Der Halter weiß es nicht und schreibt trotzdem.</translation>
    </message>
    <message>
        <source>Get past half a fence</source>
        <extracomment>Challenge &quot;lease-expiry-fencing&quot;</extracomment>
        <translation>An einem halben Zaun vorbei</translation>
    </message>
    <message>
        <source>Two fixes use fencing tokens: one checks the token only on writes, the other on every read and write. Pick the one that still loses money, and break it.</source>
        <extracomment>Challenge &quot;lease-expiry-fencing&quot;</extracomment>
        <translation>Zwei Korrekturen verwenden Fencing-Tokens: Eine prüft das Token nur beim Schreiben, die andere bei jedem Lesen und Schreiben. Wählen Sie die, die immer noch Geld verliert, und brechen Sie sie.</translation>
    </message>
    <message>
        <source>Fencing works only when storage checks the token on every access: a stale read is enough to lose an update.</source>
        <extracomment>Challenge &quot;lease-expiry-fencing&quot;</extracomment>
        <translation>Fencing wirkt nur, wenn der Speicher das Token bei jedem Zugriff prüft: Ein veraltetes Lesen genügt, um ein Update zu verlieren.</translation>
    </message>
</context>
<context>
    <name>ChallengeCourseDialog</name>
    <message>
        <source>Challenges</source>
        <translation>Challenges</translation>
    </message>
    <message>
        <source>You are the scheduler: choose who moves next until the goal is reached. %1 of %2 solved.</source>
        <translation>Sie sind der Scheduler: Wählen Sie, wer als Nächstes zieht, bis das Ziel erreicht ist. %1 von %2 gelöst.</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Open challenge &amp;file…</source>
        <translation>Challenge-&amp;Datei öffnen…</translation>
    </message>
    <message>
        <source>&amp;Reset progress…</source>
        <translation>Fortschritt &amp;zurücksetzen…</translation>
    </message>
</context>
<context>
    <name>ChallengeGrader</name>
    <message>
        <source>no challenge</source>
        <translation>keine Challenge</translation>
    </message>
    <message>
        <source>That took %1 moves; the goal allows at most %2.</source>
        <translation>Das hat %1 Züge gebraucht; das Ziel erlaubt höchstens %2.</translation>
    </message>
    <message>
        <source>The run ends where %1.</source>
        <translation>Der Lauf endet, wo %1 gilt.</translation>
    </message>
    <message>
        <source>The run ends, but not where %1: %2</source>
        <translation>Der Lauf endet, aber nicht, wo %1 gilt: %2</translation>
    </message>
    <message>
        <source>The fix fails in %1: %2</source>
        <translation>Die Korrektur versagt in %1: %2</translation>
    </message>
    <message>
        <source>The fix holds in %1 for this schedule.</source>
        <translation>Die Korrektur hält in %1 für diesen Schedule.</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>Geschafft: %1</translation>
    </message>
    <message>
        <source>Not this time: the run ends with %1</source>
        <translation>Diesmal nicht: Der Lauf endet mit %1</translation>
    </message>
    <message>
        <source>There is no variant %1 to choose.</source>
        <translation>Es gibt keine Variante %1 zur Auswahl.</translation>
    </message>
    <message>
        <source>The run has not finished yet: keep going until every request is done or stuck.</source>
        <translation>Der Lauf ist noch nicht beendet: Machen Sie weiter, bis jede Anfrage fertig ist oder festhängt.</translation>
    </message>
    <message>
        <source>This challenge is solved by a prediction, not by a schedule.</source>
        <translation>Diese Challenge wird mit einer Vorhersage gelöst, nicht mit einem Schedule.</translation>
    </message>
    <message>
        <source>This run breaks no rule: %1</source>
        <translation>Dieser Lauf bricht keine Regel: %1</translation>
    </message>
    <message>
        <source>This run breaks a rule; the explorer has not finished, so it cannot say which outcome yet.</source>
        <translation>Dieser Lauf bricht eine Regel; die Erkundung ist noch nicht fertig und kann noch nicht sagen, welches Ergebnis es ist.</translation>
    </message>
    <message>
        <source>Found before: %1</source>
        <translation>Schon gefunden: %1</translation>
    </message>
    <message>
        <source>New: %1</source>
        <translation>Neu: %1</translation>
    </message>
    <message>
        <source>This challenge is solved by a schedule, not by a prediction.</source>
        <translation>Diese Challenge wird mit einem Schedule gelöst, nicht mit einer Vorhersage.</translation>
    </message>
    <message>
        <source>The explorer has not finished: it cannot grade a prediction yet.</source>
        <translation>Die Erkundung ist noch nicht fertig: Sie kann noch keine Vorhersage bewerten.</translation>
    </message>
    <message numerus="yes">
        <source>%n found; the explorer is still counting how many there are.</source>
        <translation>
            <numerusform>%n gefunden; die Erkundung zählt noch, wie viele es gibt.</numerusform>
            <numerusform>%n gefunden; die Erkundung zählt noch, wie viele es gibt.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 found.</source>
        <translation>%1 von %2 gefunden.</translation>
    </message>
    <message>
        <source>The explorer found no schedule that solves this challenge.</source>
        <translation>Die Erkundung hat keinen Schedule gefunden, der diese Challenge löst.</translation>
    </message>
    <message>
        <source>Wait for the explorer: hints come from its schedules.</source>
        <translation>Warten Sie auf die Erkundung: Die Hinweise kommen aus ihren Schedules.</translation>
    </message>
    <message>
        <source>In %1: </source>
        <translation>In %1: </translation>
    </message>
    <message>
        <source>No request has to be interrupted: running them one after another in the right order is enough.</source>
        <translation>Keine Anfrage muss unterbrochen werden: Es genügt, sie in der richtigen Reihenfolge nacheinander laufen zu lassen.</translation>
    </message>
    <message>
        <source>No request has to be interrupted: what matters is when time passes (~). The simplest schedule lets it pass after move %1.</source>
        <translation>Keine Anfrage muss unterbrochen werden: Entscheidend ist, wann Zeit vergeht (~). Der einfachste Schedule lässt sie nach Zug %1 vergehen.</translation>
    </message>
    <message>
        <source>The race is at line %1: &quot;%2&quot;. What if another request runs just before %3 runs it?</source>
        <translation>Die Race Condition liegt in Zeile %1: „%2“. Was, wenn eine andere Anfrage läuft, kurz bevor %3 sie ausführt?</translation>
    </message>
    <message>
        <source>The simplest schedule needs no interruption: %1</source>
        <translation>Der einfachste Schedule braucht keine Unterbrechung: %1</translation>
    </message>
    <message>
        <source>The simplest counterexample starts &quot;%1&quot;: after move %2, %3 is interrupted and %4 runs.</source>
        <translation>Das einfachste Gegenbeispiel beginnt mit „%1“: Nach Zug %2 wird %3 unterbrochen, und %4 läuft.</translation>
    </message>
</context>
<context>
    <name>ChallengeLoader</name>
    <message>
        <source>%1:%2:%3: JSON syntax error: %4</source>
        <translation>%1:%2:%3: JSON-Syntaxfehler: %4</translation>
    </message>
    <message>
        <source>%1:1: the file must hold one JSON object { … }</source>
        <translation>%1:1: Die Datei muss genau ein JSON-Objekt { … } enthalten</translation>
    </message>
    <message>
        <source>%1:%2: %3: %4</source>
        <translation>%1:%2: %3: %4</translation>
    </message>
    <message>
        <source>top level</source>
        <translation>oberste Ebene</translation>
    </message>
    <message>
        <source>%1: no such challenge file</source>
        <translation>%1: keine solche Challenge-Datei</translation>
    </message>
    <message>
        <source>%1: file is larger than 1 MiB; a challenge is a small JSON file</source>
        <translation>%1: Datei ist größer als 1 MiB; eine Challenge ist eine kleine JSON-Datei</translation>
    </message>
    <message>
        <source>%1: cannot read: %2</source>
        <translation>%1: kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>unknown challenge &quot;%1&quot; (built-in: %2; or give a .json file)</source>
        <translation>unbekannte Challenge „%1“ (eingebaut: %2; oder geben Sie eine .json-Datei an)</translation>
    </message>
    <message>
        <source>unsupported format %1 (this version reads format 1)</source>
        <translation>nicht unterstütztes Format %1 (diese Version liest Format 1)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid id (letters, digits, - and _)</source>
        <translation>„%1“ ist keine gültige ID (Buchstaben, Ziffern, - und _)</translation>
    </message>
    <message>
        <source>must be a string that is not empty</source>
        <translation>muss ein nicht leerer String sein</translation>
    </message>
    <message>
        <source>must name a built-in scenario here, not a file</source>
        <translation>muss hier ein eingebautes Szenario nennen, keine Datei</translation>
    </message>
    <message>
        <source>unknown strategy &quot;%1&quot; (the scenario has %2)</source>
        <translation>unbekannte Strategie „%1“ (das Szenario hat %2)</translation>
    </message>
    <message>
        <source>the scenario has no parameter &quot;%1&quot;</source>
        <translation>das Szenario hat keinen Parameter „%1“</translation>
    </message>
    <message>
        <source>%1 is outside %2 … %3</source>
        <translation>%1 liegt außerhalb von %2 … %3</translation>
    </message>
    <message>
        <source>unknown goal &quot;%1&quot; (expected reach, break, find-all, fix-fails or predict)</source>
        <translation>unbekanntes Ziel „%1“ (erwartet: reach, break, find-all, fix-fails oder predict)</translation>
    </message>
    <message>
        <source>unknown anomaly &quot;%1&quot; (expected lost-update, deadlock, stale-lease-write, foreign-release or any)</source>
        <translation>unbekannte Anomalie „%1“ (erwartet: lost-update, deadlock, stale-lease-write, foreign-release oder any)</translation>
    </message>
    <message>
        <source>must be between 1 and %1</source>
        <translation>muss zwischen 1 und %1 liegen</translation>
    </message>
    <message>
        <source>a fix-fails goal needs a list of at least two variants to choose from</source>
        <translation>ein fix-fails-Ziel braucht eine Liste von mindestens zwei Varianten zur Auswahl</translation>
    </message>
    <message>
        <source>only a fix-fails goal offers choices</source>
        <translation>nur ein fix-fails-Ziel bietet eine Auswahl</translation>
    </message>
    <message>
        <source>give a rule or an anomaly, not both</source>
        <translation>geben Sie eine Regel oder eine Anomalie an, nicht beides</translation>
    </message>
    <message>
        <source>the scenario has no rule &quot;%1&quot; (it has %2)</source>
        <translation>das Szenario hat keine Regel „%1“ (es hat %2)</translation>
    </message>
    <message>
        <source>the scenario has no figure &quot;%1&quot;</source>
        <translation>das Szenario hat keine Kennzahl „%1“</translation>
    </message>
</context>
<context>
    <name>ChallengeMode</name>
    <message>
        <source>Exploring every interleaving: %L1 states</source>
        <translation>Alle Verzahnungen werden erkundet: %L1 Zustände</translation>
    </message>
    <message>
        <source>&amp;Challenges…</source>
        <translation>&amp;Challenges…</translation>
    </message>
    <message>
        <source>The course: be the scheduler and reach each goal; the explorer grades</source>
        <translation>Der Kurs: Seien Sie der Scheduler und erreichen Sie jedes Ziel; die Erkundung bewertet</translation>
    </message>
    <message>
        <source>Open challenge &amp;file…</source>
        <translation>Challenge-&amp;Datei öffnen…</translation>
    </message>
    <message>
        <source>C&amp;heck the challenge</source>
        <translation>Challenge &amp;prüfen</translation>
    </message>
    <message>
        <source>&amp;Hint</source>
        <translation>&amp;Hinweis</translation>
    </message>
    <message>
        <source>&amp;Next challenge</source>
        <translation>&amp;Nächste Challenge</translation>
    </message>
    <message>
        <source>&amp;Leave challenge mode</source>
        <translation>Challenge-Modus &amp;verlassen</translation>
    </message>
    <message>
        <source>&amp;Reset progress…</source>
        <translation>Fortschritt &amp;zurücksetzen…</translation>
    </message>
    <message>
        <source>Reset progress</source>
        <translation>Fortschritt zurücksetzen</translation>
    </message>
    <message>
        <source>Forget every solved challenge and every outcome found?</source>
        <translation>Jede gelöste Challenge und jedes gefundene Ergebnis vergessen?</translation>
    </message>
    <message>
        <source>Every possible final value, for example 1100, 1300</source>
        <translation>Jeder mögliche Endwert, zum Beispiel 1100, 1300</translation>
    </message>
    <message>
        <source>Check (Ctrl+Enter)</source>
        <translation>Prüfen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Hint (Ctrl+H)</source>
        <translation>Hinweis (Strg+H)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Abbrechen (Esc)</translation>
    </message>
    <message>
        <source>Next challenge (Ctrl+N)</source>
        <translation>Nächste Challenge (Strg+N)</translation>
    </message>
    <message>
        <source>Course (Ctrl+G)</source>
        <translation>Kurs (Strg+G)</translation>
    </message>
    <message>
        <source>Solved before. Solve it again, or go on with Ctrl+N.</source>
        <translation>Schon gelöst. Lösen Sie sie noch einmal, oder weiter mit Strg+N.</translation>
    </message>
    <message>
        <source>Exploring every interleaving…</source>
        <translation>Alle Verzahnungen werden erkundet…</translation>
    </message>
    <message>
        <source>Grading cancelled: schedules that reach or break something are still checked; hints, predictions and &quot;find every&quot; need the explorer (Ctrl+G starts again).</source>
        <translation>Bewertung abgebrochen: Schedules, die etwas erreichen oder brechen, werden weiter geprüft; Hinweise, Vorhersagen und „jedes finden“ brauchen die Erkundung (Strg+G startet neu).</translation>
    </message>
    <message>
        <source>Solved: %1</source>
        <translation>Gelöst: %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Your prediction&lt;/b&gt;&lt;br&gt;%1</source>
        <translation>&lt;b&gt;Ihre Vorhersage&lt;/b&gt;&lt;br&gt;%1</translation>
    </message>
    <message>
        <source>&lt;b&gt;The explorer&lt;/b&gt;&lt;br&gt;%1</source>
        <translation>&lt;b&gt;Die Erkundung&lt;/b&gt;&lt;br&gt;%1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Your schedules&lt;/b&gt;&lt;br&gt;%1</source>
        <translation>&lt;b&gt;Ihre Schedules&lt;/b&gt;&lt;br&gt;%1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Every outcome that breaks a rule&lt;/b&gt;&lt;br&gt;%1</source>
        <translation>&lt;b&gt;Jedes Ergebnis, das eine Regel bricht&lt;/b&gt;&lt;br&gt;%1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Your schedule:&lt;/b&gt; &lt;tt&gt;%1&lt;/tt&gt;</source>
        <translation>&lt;b&gt;Ihr Schedule:&lt;/b&gt; &lt;tt&gt;%1&lt;/tt&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;The simplest:&lt;/b&gt; &lt;tt&gt;%1&lt;/tt&gt;</source>
        <translation>&lt;b&gt;Der einfachste:&lt;/b&gt; &lt;tt&gt;%1&lt;/tt&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;The simplest:&lt;/b&gt; the explorer has not finished</source>
        <translation>&lt;b&gt;Der einfachste:&lt;/b&gt; die Erkundung ist noch nicht fertig</translation>
    </message>
    <message>
        <source>Hint: %1</source>
        <translation>Hinweis: %1</translation>
    </message>
    <message>
        <source>Moves: %1 of at most %2</source>
        <translation>Züge: %1 von höchstens %2</translation>
    </message>
    <message>
        <source>Moves: %1</source>
        <translation>Züge: %1</translation>
    </message>
    <message>
        <source>✓ %1 — %2</source>
        <translation>✓ %1 — %2</translation>
    </message>
    <message>
        <source>Open challenge</source>
        <translation>Challenge öffnen</translation>
    </message>
    <message>
        <source>Challenge files (*.json);;All files (*)</source>
        <translation>Challenge-Dateien (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>✓ %1</source>
        <translation>✓ %1</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>List scenarios, their strategies, models and parameters (with --scenario: one scenario in full).</source>
        <translation>Szenarien mit ihren Strategien, Modellen und Parametern auflisten (mit --scenario: ein Szenario vollständig).</translation>
    </message>
    <message>
        <source>Run the scenario on real threads, many trials, and print the outcome histogram.</source>
        <translation>Das Szenario in vielen Durchläufen auf echten Threads ausführen und das Ergebnis-Histogramm ausgeben.</translation>
    </message>
    <message>
        <source>Replay one schedule in the deterministic stepper and narrate every event.</source>
        <translation>Einen Schedule im deterministischen Schrittmodus nachspielen und jedes Ereignis beschreiben.</translation>
    </message>
    <message>
        <source>Count every interleaving and its outcome, with the simplest schedule that breaks a rule.</source>
        <translation>Jede Verzahnung und ihr Ergebnis zählen, mit dem einfachsten Schedule, der eine Regel verletzt.</translation>
    </message>
    <message>
        <source>Built-in scenario id or a scenario .json file (default: lost-update).</source>
        <translation>ID eines eingebauten Szenarios oder eine Szenariodatei .json (Vorgabe: lost-update).</translation>
    </message>
    <message>
        <source>ID|FILE</source>
        <translation>ID|DATEI</translation>
    </message>
    <message>
        <source>Strategy (fix) id (default: the scenario&apos;s first, usually the broken one).</source>
        <translation>ID der Strategie (Lösung) (Vorgabe: die erste des Szenarios, meist die fehlerhafte).</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Execution model: threads, eventloop or instances:N (default: threads).</source>
        <translation>Ausführungsmodell: threads, eventloop oder instances:N (Vorgabe: threads).</translation>
    </message>
    <message>
        <source>MODEL</source>
        <translation>MODELL</translation>
    </message>
    <message>
        <source>Set a scenario parameter, for example requests=3 (repeatable).</source>
        <translation>Einen Szenarioparameter setzen, zum Beispiel requests=3 (wiederholbar).</translation>
    </message>
    <message>
        <source>NAME=VALUE</source>
        <translation>NAME=WERT</translation>
    </message>
    <message>
        <source>Print JSON instead of text (format in docs/cli.md).</source>
        <translation>JSON statt Text ausgeben (Format in docs/cli.md).</translation>
    </message>
    <message>
        <source>Usage: interleave-cli &lt;verb&gt; [options]

Interleave shows concurrency bugs happen: lost updates, overselling, deadlocks, expired leases.

Verbs:
</source>
        <translation>Aufruf: interleave-cli &lt;Verb&gt; [Optionen]

Interleave zeigt, wie Nebenläufigkeitsfehler entstehen: verlorene Updates, Überbuchung, Deadlocks, abgelaufene Leases.

Verben:
</translation>
    </message>
    <message>
        <source>unknown option &quot;%1%2&quot;</source>
        <translation>unbekannte Option &quot;%1%2&quot;</translation>
    </message>
    <message>
        <source>unknown verb &quot;%1&quot; (expected %2)</source>
        <translation>unbekanntes Verb &quot;%1&quot; (erwartet: %2)</translation>
    </message>
    <message>
        <source>%1: unexpected argument &quot;%2&quot;</source>
        <translation>%1: unerwartetes Argument &quot;%2&quot;</translation>
    </message>
    <message>
        <source>--strategy &quot;%1&quot;: scenario &quot;%2&quot; has no such strategy (it has %3)</source>
        <translation>--strategy &quot;%1&quot;: Szenario &quot;%2&quot; hat keine solche Strategie (es hat %3)</translation>
    </message>
    <message>
        <source>--model &quot;%1&quot;: scenario &quot;%2&quot; offers only %3</source>
        <translation>--model &quot;%1&quot;: Szenario &quot;%2&quot; bietet nur %3</translation>
    </message>
    <message>
        <source>--param &quot;%1&quot;: expected NAME=VALUE with a whole number, for example requests=3</source>
        <translation>--param &quot;%1&quot;: erwartet NAME=WERT mit einer ganzen Zahl, zum Beispiel requests=3</translation>
    </message>
    <message>
        <source>--param &quot;%1&quot;: scenario &quot;%2&quot; has no parameter &quot;%3&quot; (it has %4)</source>
        <translation>--param &quot;%1&quot;: Szenario &quot;%2&quot; hat keinen Parameter &quot;%3&quot; (es hat %4)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>--param &quot;%1&quot;: %2 must be from %3 to %4</source>
        <translation>--param &quot;%1&quot;: %2 muss zwischen %3 und %4 liegen</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>Quelle: %1</translation>
    </message>
    <message>
        <source>The seed says: %1
What really happens: %2</source>
        <translation>Der Lehrtext sagt: %1
Was wirklich passiert: %2</translation>
    </message>
    <message>
        <source>Strategies:</source>
        <translation>Strategien:</translation>
    </message>
    <message>
        <source>Models: %1</source>
        <translation>Modelle: %1</translation>
    </message>
    <message>
        <source>Parameters:</source>
        <translation>Parameter:</translation>
    </message>
    <message>
        <source>  (none)</source>
        <translation>  (keine)</translation>
    </message>
    <message>
        <source>Rules:</source>
        <translation>Regeln:</translation>
    </message>
    <message>
        <source> (at every moment)</source>
        <translation> (zu jedem Zeitpunkt)</translation>
    </message>
    <message>
        <source>Code of strategy %1 (%2):</source>
        <translation>Code der Strategie %1 (%2):</translation>
    </message>
    <message>
        <source>Scenarios (%1):</source>
        <translation>Szenarien (%1):</translation>
    </message>
    <message>
        <source>strategies: %1</source>
        <translation>Strategien: %1</translation>
    </message>
    <message>
        <source>models: %1</source>
        <translation>Modelle: %1</translation>
    </message>
    <message>
        <source>parameters: %1</source>
        <translation>Parameter: %1</translation>
    </message>
    <message>
        <source>Models: threads (every shared step can interleave), eventloop (one Node.js loop: only at await), instances:N (N server processes, each with its own memory and locks).</source>
        <translation>Modelle: threads (jeder Schritt auf geteiltem Zustand kann verzahnt werden), eventloop (eine Node.js-Loop: nur bei await), instances:N (N Serverprozesse, jeder mit eigenem Speicher und eigenen Sperren).</translation>
    </message>
    <message>
        <source>Next: interleave-cli list --scenario ID, then run or step it (interleave-cli run --help).</source>
        <translation>Weiter: interleave-cli list --scenario ID, dann mit run oder step ausführen (interleave-cli run --help).</translation>
    </message>
    <message>
        <source>interleave-cli: --%1 &quot;%2&quot;: expected a number from %3 to %4</source>
        <translation>interleave-cli: --%1 &quot;%2&quot;: erwartet eine Zahl von %3 bis %4</translation>
    </message>
    <message>
        <source>How many runs (1 to 1000000, default 100).</source>
        <translation>Wie viele Durchläufe (1 bis 1000000, Vorgabe 100).</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Seed for the random jitter (default 1).</source>
        <translation>Startwert für den zufälligen Jitter (Vorgabe 1).</translation>
    </message>
    <message>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <source>Up to MS virtual milliseconds of random extra delay after each step (default 0).</source>
        <translation>Bis zu MS virtuelle Millisekunden zufällige Zusatzverzögerung nach jedem Schritt (Vorgabe 0).</translation>
    </message>
    <message>
        <source>MS</source>
        <translation>MS</translation>
    </message>
    <message>
        <source>Real milliseconds per virtual millisecond (default 0.01: a 100 ms delay takes 1 ms).</source>
        <translation>Echte Millisekunden pro virtueller Millisekunde (Vorgabe 0.01: eine Verzögerung von 100 ms dauert 1 ms).</translation>
    </message>
    <message>
        <source>X</source>
        <translation>X</translation>
    </message>
    <message>
        <source>interleave-cli: --%1: expected a whole number</source>
        <translation>interleave-cli: --%1: erwartet eine ganze Zahl</translation>
    </message>
    <message>
        <source>%1 of %2 trials in %3 ms (mean %4 ms per trial) · seed %5 · jitter %6 ms · time scale %7%8</source>
        <translation>%1 von %2 Durchläufen in %3 ms (Mittel %4 ms pro Durchlauf) · Startwert %5 · Jitter %6 ms · Zeitskala %7%8</translation>
    </message>
    <message>
        <source> · CANCELLED</source>
        <translation> · ABGEBROCHEN</translation>
    </message>
    <message>
        <source>Outcomes:</source>
        <translation>Ergebnisse:</translation>
    </message>
    <message>
        <source>count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>share</source>
        <translation>Anteil</translation>
    </message>
    <message>
        <source>rules</source>
        <translation>Regeln</translation>
    </message>
    <message>
        <source>outcome  [example schedule]</source>
        <translation>Ergebnis  [Beispiel-Schedule]</translation>
    </message>
    <message>
        <source>Anomalies:</source>
        <translation>Anomalien:</translation>
    </message>
    <message>
        <source>  lost updates: %1 trials of %2 end below the expected %3; %4 lost in all (mean %5 per trial)</source>
        <translation>  verlorene Updates: %1 von %2 Durchläufen enden unter den erwarteten %3; insgesamt %4 verloren (Mittel %5 pro Durchlauf)</translation>
    </message>
    <message>
        <source>  ✗ %1: broken in %2 of %3 trials</source>
        <translation>  ✗ %1: verletzt in %2 von %3 Durchläufen</translation>
    </message>
    <message>
        <source>      e.g. [%1], step %2: %3</source>
        <translation>      z. B. [%1], Schritt %2: %3</translation>
    </message>
    <message>
        <source>  %1: in %2 trials</source>
        <translation>  %1: in %2 Durchläufen</translation>
    </message>
    <message>
        <source>  deadlock: %1 trials ended with every request waiting forever</source>
        <translation>  Deadlock: %1 Durchläufe endeten damit, dass jede Anfrage für immer wartet</translation>
    </message>
    <message>
        <source>  none</source>
        <translation>  keine</translation>
    </message>
    <message>
        <source>Errors per actor:</source>
        <translation>Fehler pro Akteur:</translation>
    </message>
    <message>
        <source>  %1: %2 ×%3</source>
        <translation>  %1: %2 ×%3</translation>
    </message>
    <message>
        <source>Successes %1 · errors %2%3 · mean run %4 ms</source>
        <translation>Erfolge %1 · Fehler %2%3 · mittlere Laufzeit %4 ms</translation>
    </message>
    <message>
        <source> · retries %1</source>
        <translation> · Wiederholungen %1</translation>
    </message>
    <message>
        <source>The moves, for example &quot;A B A B&quot;: a request&apos;s letter moves it one step, ~ lets time pass to the next deadline.</source>
        <translation>Die Züge, zum Beispiel &quot;A B A B&quot;: Der Buchstabe einer Anfrage bringt sie einen Schritt weiter, ~ lässt Zeit bis zur nächsten Frist vergehen.</translation>
    </message>
    <message>
        <source>MOVES</source>
        <translation>ZÜGE</translation>
    </message>
    <message>
        <source>interleave-cli: step: missing --schedule (for example --schedule &quot;A B A B&quot;)</source>
        <translation>interleave-cli: step: --schedule fehlt (zum Beispiel --schedule &quot;A B A B&quot;)</translation>
    </message>
    <message>
        <source>Schedule: %1</source>
        <translation>Zugfolge: %1</translation>
    </message>
    <message>
        <source>(no moves)</source>
        <translation>(keine Züge)</translation>
    </message>
    <message>
        <source>Final state (t=%1 ms):</source>
        <translation>Endzustand (t=%1 ms):</translation>
    </message>
    <message>
        <source>      broken at step %1: %2</source>
        <translation>      verletzt bei Schritt %1: %2</translation>
    </message>
    <message>
        <source>  lost update: step %1 (%2) overwrote step %3 (%4)</source>
        <translation>  verlorenes Update: Schritt %1 (%2) hat Schritt %3 (%4) überschrieben</translation>
    </message>
    <message>
        <source>  deadlock: %1 wait for each other; the database rolled back %2</source>
        <translation>  Deadlock: %1 warten aufeinander; die Datenbank hat %2 zurückgerollt</translation>
    </message>
    <message>
        <source>  deadlock: %1 wait for each other forever</source>
        <translation>  Deadlock: %1 warten für immer aufeinander</translation>
    </message>
    <message numerus="yes">
        <source>Finished after %n move(s): %1</source>
        <translation>
            <numerusform>Fertig nach %n Zug: %1</numerusform>
            <numerusform>Fertig nach %n Zügen: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stuck after %n move(s): every request that is left waits forever.</source>
        <translation>
            <numerusform>Festgefahren nach %n Zug: Jede verbleibende Anfrage wartet für immer.</numerusform>
            <numerusform>Festgefahren nach %n Zügen: Jede verbleibende Anfrage wartet für immer.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not finished after %n move(s). Possible next moves: %1</source>
        <translation>
            <numerusform>Nach %n Zug nicht fertig. Mögliche nächste Züge: %1</numerusform>
            <numerusform>Nach %n Zügen nicht fertig. Mögliche nächste Züge: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>still running</source>
        <translation>läuft noch</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 = %2 (one per server instance)</source>
        <translation>%1 = %2 (je eine pro Serverinstanz)</translation>
    </message>
    <message>
        <source>%1: %2 (expected %3)</source>
        <translation>%1: %2 (erwartet %3)</translation>
    </message>
    <message>
        <source>Export a timeline (PNG, SVG, PDF), a Perfetto trace or the wait-for graph (DOT) without a window.</source>
        <translation>Eine Zeitleiste (PNG, SVG, PDF), einen Perfetto-Trace oder den Wartegraphen (DOT) ohne Fenster exportieren.</translation>
    </message>
    <message>
        <source>missing verb (expected %1; see interleave-cli --help)</source>
        <translation>Verb fehlt (erwartet: %1; siehe interleave-cli --help)</translation>
    </message>
    <message>
        <source>  ← overwrites step %1, a write it never saw: lost update</source>
        <translation>  ← überschreibt Schritt %1, einen Schreibvorgang, den er nie gesehen hat: verlorenes Update</translation>
    </message>
    <message>
        <source>  ← lost: step %1 overwrites it</source>
        <translation>  ← verloren: Schritt %1 überschreibt ihn</translation>
    </message>
    <message>
        <source>Rules (checked now, before the run has finished):</source>
        <translation>Regeln (jetzt geprüft, bevor der Lauf fertig ist):</translation>
    </message>
    <message>
        <source>interleave-cli: --%1 &quot;%2&quot;: expected a whole number from %3 to %4</source>
        <translation>interleave-cli: --%1 &quot;%2&quot;: erwartet eine ganze Zahl von %3 bis %4</translation>
    </message>
    <message>
        <source>Follow only schedules with at most N preemptions, like LOOM_MAX_PREEMPTIONS (default: no bound).</source>
        <translation>Nur Schedules mit höchstens N Verdrängungen verfolgen, wie LOOM_MAX_PREEMPTIONS (Vorgabe: keine Grenze).</translation>
    </message>
    <message>
        <source>Stop after N distinct states and report what was covered (default 5000000; 0: no limit).</source>
        <translation>Nach N verschiedenen Zuständen anhalten und melden, was abgedeckt wurde (Vorgabe 5000000; 0: keine Grenze).</translation>
    </message>
    <message>
        <source>Stop after MS milliseconds and report what was covered (default: no limit).</source>
        <translation>Nach MS Millisekunden anhalten und melden, was abgedeckt wurde (Vorgabe: keine Grenze).</translation>
    </message>
    <message>
        <source>exploring: %1 states, %2 moves… (Ctrl+C stops and shows what was covered)</source>
        <translation>Erkundung: %1 Zustände, %2 Züge… (Strg+C hält an und zeigt, was abgedeckt wurde)</translation>
    </message>
    <message>
        <source>%1 distinct states, %2 moves in %3 ms%4</source>
        <translation>%1 verschiedene Zustände, %2 Züge in %3 ms%4</translation>
    </message>
    <message>
        <source> · at most %1 preemptions</source>
        <translation> · höchstens %1 Verdrängungen</translation>
    </message>
    <message>
        <source>Interleavings: %1%2</source>
        <translation>Verzahnungen: %1%2</translation>
    </message>
    <message>
        <source> (complete: every schedule followed to its end)</source>
        <translation> (vollständig: jeder Schedule bis zum Ende verfolgt)</translation>
    </message>
    <message>
        <source>Some counts exceed 2^128 and are shown as &quot;more than&quot;; they never wrap round.</source>
        <translation>Manche Zahlen übersteigen 2^128 und werden als „mehr als“ angezeigt; sie laufen nie über.</translation>
    </message>
    <message>
        <source>%1, then round and round: %2</source>
        <translation>%1, dann immer im Kreis: %2</translation>
    </message>
    <message>
        <source>  simplest: 1 preemption</source>
        <translation>  am einfachsten: 1 Verdrängung</translation>
    </message>
    <message>
        <source>  simplest: %1 preemptions</source>
        <translation>  am einfachsten: %1 Verdrängungen</translation>
    </message>
    <message>
        <source>  none finished within the budget</source>
        <translation>  keiner im Rahmen des Budgets fertig</translation>
    </message>
    <message>
        <source>1 preemption</source>
        <translation>1 Verdrängung</translation>
    </message>
    <message>
        <source>%1 preemptions</source>
        <translation>%1 Verdrängungen</translation>
    </message>
    <message>
        <source>Simplest counterexample: %1 (%2, %3 moves): %4</source>
        <translation>Einfachstes Gegenbeispiel: %1 (%2, %3 Züge): %4</translation>
    </message>
    <message>
        <source>File to write (required). Its suffix picks the format unless --format is given.</source>
        <translation>Zu schreibende Datei (Pflicht). Ihre Endung bestimmt das Format, sofern --format nicht angegeben ist.</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
    <message>
        <source>png, svg, pdf (the timeline with caption and legend), perfetto (trace JSON for ui.perfetto.dev) or dot (the wait-for graph).</source>
        <translation>png, svg, pdf (die Zeitleiste mit Beschriftung und Legende), perfetto (Trace-JSON für ui.perfetto.dev) oder dot (der Wartegraph).</translation>
    </message>
    <message>
        <source>FORMAT</source>
        <translation>FORMAT</translation>
    </message>
    <message>
        <source>Moves to replay, for example &quot;A B A ~ B&quot; (default: every request in turn).</source>
        <translation>Nachzuspielende Züge, zum Beispiel &quot;A B A ~ B&quot; (Vorgabe: jede Anfrage der Reihe nach).</translation>
    </message>
    <message>
        <source>Replay the explorer&apos;s simplest schedule that breaks a rule.</source>
        <translation>Den einfachsten Schedule der Erkundung nachspielen, der eine Regel verletzt.</translation>
    </message>
    <message>
        <source>PNG resolution: device pixels per pixel, 1 to 4 (default 2; use 3 for large slides).</source>
        <translation>PNG-Auflösung: Gerätepixel pro Pixel, 1 bis 4 (Vorgabe 2; 3 für große Folien).</translation>
    </message>
    <message>
        <source>light (default) or presenter (large type, high contrast, thick lines).</source>
        <translation>light (Vorgabe) oder presenter (große Schrift, hoher Kontrast, dicke Linien).</translation>
    </message>
    <message>
        <source>THEME</source>
        <translation>DESIGN</translation>
    </message>
    <message>
        <source>Only logical steps FROM to TO of the timeline, for example 2:6 (default: all).</source>
        <translation>Nur die logischen Schritte VON bis BIS der Zeitleiste, zum Beispiel 2:6 (Vorgabe: alle).</translation>
    </message>
    <message>
        <source>FROM:TO</source>
        <translation>VON:BIS</translation>
    </message>
    <message>
        <source>Show the state after N moves: the timeline&apos;s cursor and the wait-for graph (default: the end).</source>
        <translation>Den Zustand nach N Zügen zeigen: Cursor der Zeitleiste und Wartegraph (Vorgabe: das Ende).</translation>
    </message>
    <message>
        <source>Picture width in pixels (default: fits the timeline).</source>
        <translation>Bildbreite in Pixeln (Vorgabe: passend zur Zeitleiste).</translation>
    </message>
    <message>
        <source>PIXELS</source>
        <translation>PIXEL</translation>
    </message>
    <message>
        <source>needs a QGuiApplication (internal error)</source>
        <translation>braucht eine QGuiApplication (interner Fehler)</translation>
    </message>
    <message>
        <source>cannot tell the format from &quot;%1&quot;: give --format png|svg|pdf|perfetto|dot</source>
        <translation>Format lässt sich aus &quot;%1&quot; nicht erkennen: --format png|svg|pdf|perfetto|dot angeben</translation>
    </message>
    <message>
        <source>--scale &quot;%1&quot;: expected a number from 1 to 4</source>
        <translation>--scale &quot;%1&quot;: erwartet eine Zahl von 1 bis 4</translation>
    </message>
    <message>
        <source>--theme &quot;%1&quot;: expected light or presenter</source>
        <translation>--theme &quot;%1&quot;: erwartet light oder presenter</translation>
    </message>
    <message>
        <source>--width &quot;%1&quot;: expected pixels from 200 to 20000</source>
        <translation>--width &quot;%1&quot;: erwartet 200 bis 20000 Pixel</translation>
    </message>
    <message>
        <source>no schedule breaks a rule under %1 · %2: nothing to show as a counterexample</source>
        <translation>kein Schedule verletzt eine Regel unter %1 · %2: kein Gegenbeispiel zu zeigen</translation>
    </message>
    <message>
        <source>--cursor &quot;%1&quot;: expected a move number from 0 to %2</source>
        <translation>--cursor &quot;%1&quot;: erwartet eine Zugnummer von 0 bis %2</translation>
    </message>
    <message numerus="yes">
        <source>%n trace event(s)</source>
        <translation>
            <numerusform>%n Trace-Ereignis</numerusform>
            <numerusform>%n Trace-Ereignisse</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>wait-for graph after %n move(s)</source>
        <translation>
            <numerusform>Wartegraph nach %n Zug</numerusform>
            <numerusform>Wartegraph nach %n Zügen</numerusform>
        </translation>
    </message>
    <message>
        <source>--range &quot;%1&quot;: expected FROM:TO with FROM &lt; TO, for example 2:6</source>
        <translation>--range &quot;%1&quot;: erwartet VON:BIS mit VON &lt; BIS, zum Beispiel 2:6</translation>
    </message>
    <message>
        <source>%1 × %2 px</source>
        <translation>%1 × %2 px</translation>
    </message>
    <message>
        <source>Wrote %1 (%2; schedule %3)</source>
        <translation>%1 geschrieben (%2; Schedule %3)</translation>
    </message>
    <message>
        <source>Export a saved session (.interleave): its scenario, fix, model, parameters, moves and cursor.</source>
        <translation>Eine gespeicherte Sitzung (.interleave) exportieren: ihr Szenario, ihre Lösung, ihr Modell, ihre Parameter, Züge und ihr Cursor.</translation>
    </message>
    <message>
        <source>give one of --schedule, --counterexample and --session-file</source>
        <translation>genau eines von --schedule, --counterexample und --session-file angeben</translation>
    </message>
    <message>
        <source>Replay an example: %1</source>
        <translation>Ein Beispiel nachspielen: %1</translation>
    </message>
    <message>
        <source>interleave-cli: --%1 &quot;%2&quot;: expected a size from 1M to 1024T, for example 512M or 2G</source>
        <translation>interleave-cli: --%1 &quot;%2&quot;: erwartet wird eine Größe von 1M bis 1024T, zum Beispiel 512M oder 2G</translation>
    </message>
    <message>
        <source>Stop before the explorer uses more than SIZE (512M, 2G…) and report what was covered (default: half the physical memory).</source>
        <translation>Anhalten, bevor der Explorer mehr als GRÖSSE (512M, 2G…) belegt, und melden, was abgedeckt wurde (Standard: der halbe Arbeitsspeicher).</translation>
    </message>
    <message>
        <source>SIZE</source>
        <translation>GRÖSSE</translation>
    </message>
    <message>
        <source>Replay it: %1</source>
        <translation>Erneut abspielen: %1</translation>
    </message>
    <message>
        <source>Database: mysql (InnoDB) or postgres (default: the scenario&apos;s, usually mysql).</source>
        <translation>Datenbank: mysql (InnoDB) oder postgres (Standard: die des Szenarios, meist mysql).</translation>
    </message>
    <message>
        <source>FLAVOUR</source>
        <translation>DATENBANK</translation>
    </message>
    <message>
        <source>Isolation level: ru, rc, rr or ser (default: the scenario&apos;s, usually rr).</source>
        <translation>Isolationsstufe: ru, rc, rr oder ser (Standard: die des Szenarios, meist rr).</translation>
    </message>
    <message>
        <source>LEVEL</source>
        <translation>STUFE</translation>
    </message>
    <message>
        <source>
Options every verb takes: --scenario ID|FILE, --strategy ID, --model MODEL, --db FLAVOUR, --isolation LEVEL,
--param NAME=VALUE, --json.
Run &quot;interleave-cli &lt;verb&gt; --help&quot; for a verb&apos;s own options.
</source>
        <translation>
Optionen, die jedes Verb kennt: --scenario ID|DATEI, --strategy ID, --model MODELL, --db DATENBANK, --isolation STUFE,
--param NAME=WERT, --json.
&quot;interleave-cli &lt;Verb&gt; --help&quot; zeigt die eigenen Optionen eines Verbs.
</translation>
    </message>
    <message>
        <source>Explore Hermitage&apos;s anomalies under every database and isolation level: the Markdown table of docs/isolation-table.md.</source>
        <translation>Die Anomalien von Hermitage unter jeder Datenbank und Isolationsstufe erkunden: die Markdown-Tabelle von docs/isolation-table.md.</translation>
    </message>
    <message>
        <source>possible</source>
        <translation>möglich</translation>
    </message>
    <message>
        <source>prevented</source>
        <translation>verhindert</translation>
    </message>
    <message>
        <source>prevented (%1)</source>
        <translation>verhindert (%1)</translation>
    </message>
    <message>
        <source>Anomaly</source>
        <translation>Anomalie</translation>
    </message>
    <message>
        <source>%1&lt;br&gt;Hermitage: %2</source>
        <translation>%1&lt;br&gt;Hermitage: %2</translation>
    </message>
    <message>
        <source>The model agrees with every result Hermitage published.</source>
        <translation>Das Modell stimmt mit jedem von Hermitage veröffentlichten Ergebnis überein.</translation>
    </message>
    <message>
        <source>Differences from Hermitage: %1</source>
        <translation>Abweichungen von Hermitage: %1</translation>
    </message>
    <message>
        <source>Cannot go wrong here: %1.</source>
        <translation>Kann hier nicht schiefgehen: %1.</translation>
    </message>
    <message>
        <source>Handout: a title page and one page per move of the schedule, as a PDF (out.pdf) or a numbered PNG series (a folder, or out-%03d.png).</source>
        <translation>Handout: eine Titelseite und eine Seite pro Zug der Zugfolge, als PDF (out.pdf) oder nummerierte PNG-Serie (ein Ordner oder out-%03d.png).</translation>
    </message>
    <message>
        <source>FILE|DIR</source>
        <translation>DATEI|ORDNER</translation>
    </message>
    <message>
        <source>Exercise sheet: the code and an empty move grid to draw a schedule on (PDF or PNG).</source>
        <translation>Arbeitsblatt: der Code und ein leeres Zugraster, in das man eine Zugfolge zeichnet (PDF oder PNG).</translation>
    </message>
    <message>
        <source>Answer sheet: every outcome that breaks a rule with its simplest schedule (explores every interleaving; PDF or PNG).</source>
        <translation>Lösungsblatt: jedes Ergebnis, das eine Regel verletzt, mit seiner einfachsten Zugfolge (erkundet jede Verzahnung; PDF oder PNG).</translation>
    </message>
    <message>
        <source>Handout paper: a4 or letter (default: letter in the United States, a4 elsewhere).</source>
        <translation>Papier für Handouts: a4 oder letter (Vorgabe: letter in den USA, sonst a4).</translation>
    </message>
    <message>
        <source>Wrote %1 (%2, pages: %3)</source>
        <translation>%1 geschrieben (%2, Seiten: %3)</translation>
    </message>
    <message>
        <source>%1 … %2</source>
        <translation>%1 … %2</translation>
    </message>
    <message>
        <source>missing -o FILE (or --pages, --worksheet, --answers)</source>
        <translation>-o DATEI fehlt (oder --pages, --worksheet, --answers)</translation>
    </message>
    <message>
        <source>The built-in course of challenges: list, show ID, check ID --schedule MOVES or --predict VALUES, hint ID.</source>
        <translation>Der eingebaute Kurs von Challenges: list, show ID, check ID --schedule ZÜGE oder --predict WERTE, hint ID.</translation>
    </message>
    <message>
        <source>Forecast: %1</source>
        <translation>Vorhersage: %1</translation>
    </message>
    <message>
        <source>Point of no return: %1</source>
        <translation>Punkt ohne Wiederkehr: %1</translation>
    </message>
    <message>
        <source>list, show ID, check ID or hint ID.</source>
        <translation>list, show ID, check ID oder hint ID.</translation>
    </message>
    <message>
        <source>check: the moves, for example &quot;A B A B&quot; (~ lets time pass).</source>
        <translation>check: die Züge, zum Beispiel &quot;A B A B&quot; (~ lässt Zeit vergehen).</translation>
    </message>
    <message>
        <source>check: every final value you think is possible, for example &quot;1100, 1200&quot;.</source>
        <translation>check: jeder Endwert, den Sie für möglich halten, zum Beispiel &quot;1100, 1200&quot;.</translation>
    </message>
    <message>
        <source>VALUES</source>
        <translation>WERTE</translation>
    </message>
    <message>
        <source>check: which of the offered variants the schedule runs on (1, 2, …), for a &quot;make the fix fail&quot; challenge.</source>
        <translation>check: auf welcher der angebotenen Varianten der Schedule läuft (1, 2, …), für eine Challenge „Korrektur versagen lassen“.</translation>
    </message>
    <message>
        <source>hint: 1 names the line where the race is, 2 the simplest counterexample&apos;s first preemption, higher levels the challenge&apos;s own hints.</source>
        <translation>hint: 1 nennt die Zeile der Race Condition, 2 die erste Unterbrechung des einfachsten Gegenbeispiels, höhere Stufen die eigenen Hinweise der Challenge.</translation>
    </message>
    <message>
        <source>Goal: %1</source>
        <translation>Ziel: %1</translation>
    </message>
    <message>
        <source>Scenario: %1</source>
        <translation>Szenario: %1</translation>
    </message>
    <message>
        <source>What it teaches: %1</source>
        <translation>Was sie lehrt: %1</translation>
    </message>
    <message>
        <source>interleave-cli: challenge: warning: %1</source>
        <translation>interleave-cli: challenge: Warnung: %1</translation>
    </message>
    <message>
        <source>Solved.</source>
        <translation>Gelöst.</translation>
    </message>
    <message>
        <source>Not yet.</source>
        <translation>Noch nicht.</translation>
    </message>
    <message>
        <source>this challenge is solved with --predict &quot;VALUES&quot;</source>
        <translation>diese Challenge wird mit --predict &quot;WERTE&quot; gelöst</translation>
    </message>
    <message>
        <source>this challenge is solved with --schedule &quot;MOVES&quot;</source>
        <translation>diese Challenge wird mit --schedule &quot;ZÜGE&quot; gelöst</translation>
    </message>
    <message>
        <source>--choice: must be a number from 1 to %1</source>
        <translation>--choice: muss eine Zahl von 1 bis %1 sein</translation>
    </message>
    <message>
        <source>--level: must be a number from 1 to %1</source>
        <translation>--level: muss eine Zahl von 1 bis %1 sein</translation>
    </message>
    <message>
        <source>expected list, show ID, check ID or hint ID</source>
        <translation>erwartet: list, show ID, check ID oder hint ID</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>Observed on real servers</source>
        <translation>Beobachtet auf echten Servern</translation>
    </message>
    <message>
        <source>Observed on %1</source>
        <translation>Beobachtet auf %1</translation>
    </message>
    <message>
        <source>--db-url: the isolation table needs MariaDB or PostgreSQL</source>
        <translation>--db-url: die Isolationstabelle braucht MariaDB oder PostgreSQL</translation>
    </message>
    <message>
        <source>not run (use --servers or --db-url)</source>
        <translation>nicht ausgeführt (--servers oder --db-url angeben)</translation>
    </message>
    <message>
        <source>differs: %1</source>
        <translation>weicht ab: %1</translation>
    </message>
    <message>
        <source>Also run Hermitage&apos;s schedules on private MariaDB and PostgreSQL servers and compare.</source>
        <translation>Hermitages Abläufe auch auf privaten MariaDB- und PostgreSQL-Servern ausführen und vergleichen.</translation>
    </message>
    <message>
        <source>Run on this server instead of a private one: mysql://…, postgres://… or a socket path (repeatable).</source>
        <translation>Auf diesem Server statt auf einem privaten ausführen: mysql://…, postgres://… oder ein Socket-Pfad (wiederholbar).</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>The real servers agree with the model on every Hermitage schedule: the same values read, the same waits, the same errors and the same final rows.</source>
        <translation>Die echten Server stimmen bei jedem Hermitage-Ablauf mit dem Modell überein: dieselben gelesenen Werte, dieselben Wartezustände, dieselben Fehler und dieselben Endzeilen.</translation>
    </message>
    <message>
        <source>Where the real servers differ from the model: %1</source>
        <translation>Wo die echten Server vom Modell abweichen: %1</translation>
    </message>
    <message>
        <source>the trials that ran are above</source>
        <translation>die gelaufenen Durchläufe stehen oben</translation>
    </message>
    <message>
        <source>what was explored until then is above</source>
        <translation>was bis dahin erkundet wurde, steht oben</translation>
    </message>
    <message>
        <source>%1 not written</source>
        <translation>%1 wurde nicht geschrieben</translation>
    </message>
    <message>
        <source>cancelled by %1; %2</source>
        <translation>abgebrochen mit %1; %2</translation>
    </message>
    <message>
        <source>%1 (no SQL yet for %2)</source>
        <translation>%1 (noch kein SQL für %2)</translation>
    </message>
    <message>
        <source>agrees (%1 of %2)</source>
        <translation>stimmt überein (%1 von %2)</translation>
    </message>
    <message>
        <source>not run: %1</source>
        <translation>nicht ausgeführt: %1</translation>
    </message>
    <message>
        <source>Not run on the real servers (a step has no SQL translation yet): %1 of the schedules.</source>
        <translation>Auf den echten Servern nicht ausgeführt (ein Schritt hat noch keine SQL-Übersetzung): %1 der Abläufe.</translation>
    </message>
    <message>
        <source>not run: no SQL yet for %1</source>
        <translation>nicht ausgeführt: noch kein SQL für %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has no SQL translation yet</source>
        <translation>„%1“ hat noch keine SQL-Übersetzung</translation>
    </message>
    <message>
        <source>the step has no SQL translation</source>
        <translation>der Schritt hat keine SQL-Übersetzung</translation>
    </message>
    <message>
        <source>line %1 &quot;%2&quot;</source>
        <translation>Zeile %1 „%2“</translation>
    </message>
    <message>
        <source>Where the database steps run: model (default), mariadb or postgres (a private server is started unless --db-url names one).</source>
        <translation>Wo die Datenbankschritte laufen: model (Standard), mariadb oder postgres (ein privater Server wird gestartet, außer --db-url nennt einen).</translation>
    </message>
    <message>
        <source>BACKEND</source>
        <translation>BACKEND</translation>
    </message>
    <message>
        <source>A running server to use instead of a private one: mysql://user:password@host:port/db, postgres://…, or a socket path.</source>
        <translation>Ein laufender Server statt eines privaten: mysql://benutzer:passwort@host:port/db, postgres://… oder ein Socket-Pfad.</translation>
    </message>
    <message>
        <source>Ran on %1, %2.</source>
        <translation>Ausgeführt auf %1, %2.</translation>
    </message>
    <message>
        <source>--backend &quot;%1&quot;: expected model, mariadb or postgres</source>
        <translation>--backend „%1“: erwartet model, mariadb oder postgres</translation>
    </message>
    <message>
        <source>--db-url: run and step need MariaDB or PostgreSQL, not Redis</source>
        <translation>--db-url: run und step brauchen MariaDB oder PostgreSQL, nicht Redis</translation>
    </message>
    <message>
        <source>--db-url needs --backend mariadb or postgres, not model</source>
        <translation>--db-url braucht --backend mariadb oder postgres, nicht model</translation>
    </message>
    <message>
        <source>--db-url is a %1 server, but --backend is %2</source>
        <translation>--db-url ist ein %1-Server, aber --backend ist %2</translation>
    </message>
    <message>
        <source>--backend %1 runs the %2 flavour of the model; --db %3 does not match (leave --db out, or choose the other backend)</source>
        <translation>--backend %1 führt die %2-Variante des Modells aus; --db %3 passt nicht dazu (--db weglassen oder das andere Backend wählen)</translation>
    </message>
    <message>
        <source>%1 runs it, so the model runs the %2 flavour too (as --db %3).</source>
        <translation>%1 führt es aus, also läuft auch das Modell als %2 (wie --db %3).</translation>
    </message>
    <message>
        <source>move %1 (%2, %3): %4</source>
        <translation>Zug %1 (%2, %3): %4</translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation>%1, %2: %3</translation>
    </message>
    <message>
        <source>this variant has no database steps: there is nothing for a server to run (use the model: --backend model)</source>
        <translation>diese Variante hat keine Datenbankschritte: ein Server hätte nichts auszuführen (das Modell nehmen: --backend model)</translation>
    </message>
    <message>
        <source>--backend %1: %2 (./setup test installs the servers; or give a running one with --db-url)</source>
        <translation>--backend %1: %2 (./setup test installiert die Server; oder einen laufenden mit --db-url angeben)</translation>
    </message>
    <message>
        <source>--backend %1: %2</source>
        <translation>--backend %1: %2</translation>
    </message>
    <message>
        <source>a private server (started in %1 s, removed at exit)</source>
        <translation>einem privaten Server (in %1 s gestartet, beim Beenden entfernt)</translation>
    </message>
    <message>
        <source>--db-url: %1 does not answer: %2</source>
        <translation>--db-url: %1 antwortet nicht: %2</translation>
    </message>
    <message numerus="yes">
        <source>✓ %1 agrees with the model on all %n observation(s): values read, rows changed, waits, errors and final rows.</source>
        <translation>
            <numerusform>✓ %1 stimmt mit dem Modell in der einen Beobachtung überein: gelesene Werte, geänderte Zeilen, Wartezeiten, Fehler und Endzeilen.</numerusform>
            <numerusform>✓ %1 stimmt mit dem Modell in allen %n Beobachtungen überein: gelesene Werte, geänderte Zeilen, Wartezeiten, Fehler und Endzeilen.</numerusform>
        </translation>
    </message>
    <message>
        <source>✗✗ MODEL ERROR: %1 did not do what the model says. The server is the truth:</source>
        <translation>✗✗ MODELLFEHLER: %1 hat nicht getan, was das Modell sagt. Der Server hat recht:</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n trial(s), e.g. [%2])</source>
        <translation>
            <numerusform>%1 (ein Durchlauf, z. B. [%2])</numerusform>
            <numerusform>%1 (%n Durchläufe, z. B. [%2])</numerusform>
        </translation>
    </message>
    <message>
        <source>On %1: %2 trials in %3 s, %4 trials per second; every statement in lockstep with the model.</source>
        <translation>Auf %1: %2 Durchläufe in %3 s, %4 Durchläufe pro Sekunde; jede Anweisung im Gleichschritt mit dem Modell.</translation>
    </message>
    <message>
        <source>  The server could not run a trial: %1</source>
        <translation>  Der Server konnte einen Durchlauf nicht ausführen: %1</translation>
    </message>
    <message>
        <source>  ✓ In every trial the server read, changed, waited and failed as the model did, and ended with the same rows.</source>
        <translation>  ✓ In jedem Durchlauf hat der Server gelesen, geändert, gewartet und Fehler gemeldet wie das Modell und mit denselben Zeilen geendet.</translation>
    </message>
    <message numerus="yes">
        <source>  ✓ Each of the %n observed outcome(s) is one the explorer says is possible (it finds %1).</source>
        <translation>
            <numerusform>  ✓ Das eine beobachtete Ergebnis ist laut Explorer möglich (er findet %1).</numerusform>
            <numerusform>  ✓ Jedes der %n beobachteten Ergebnisse ist laut Explorer möglich (er findet %1).</numerusform>
        </translation>
    </message>
    <message>
        <source>  ✗✗ MODEL ERROR: observed, but the explorer says it is impossible: %1</source>
        <translation>  ✗✗ MODELLFEHLER: beobachtet, aber laut Explorer unmöglich: %1</translation>
    </message>
    <message>
        <source>  The explorer could not list every possible outcome (%1 states in %2 s); of the %3 observed outcomes %4 are among those it reached and %5 more replay in the model from their own schedule.</source>
        <translation>  Der Explorer konnte nicht alle möglichen Ergebnisse aufzählen (%1 Zustände in %2 s); von den %3 beobachteten Ergebnissen sind %4 unter den erreichten, und %5 weitere lassen sich im Modell aus ihrem eigenen Ablauf nachspielen.</translation>
    </message>
    <message>
        <source>  ✗✗ MODEL ERROR: in %1 trials the server did not do what the model says; the server is the truth. First of them, outcome %2, schedule [%3]:</source>
        <translation>  ✗✗ MODELLFEHLER: in %1 Durchläufen hat der Server nicht getan, was das Modell sagt; der Server hat recht. Der erste davon, Ergebnis %2, Ablauf [%3]:</translation>
    </message>
</context>
<context>
    <name>CodePanel</name>
    <message>
        <source>Step %1   [%2]</source>
        <translation>Schritt %1   [%2]</translation>
    </message>
    <message>
        <source>Step %1</source>
        <translation>Schritt %1</translation>
    </message>
    <message>
        <source>✓ finished</source>
        <translation>✓ fertig</translation>
    </message>
    <message>
        <source>✗ failed: %1</source>
        <translation>✗ Fehler: %1</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <source>Run %1 up to its next scheduling point</source>
        <translation>%1 bis zum nächsten Scheduling-Punkt ausführen</translation>
    </message>
    <message>
        <source>ready to run line %1</source>
        <translation>bereit, Zeile %1 auszuführen</translation>
    </message>
    <message>
        <source>◷ waiting for time: %1</source>
        <translation>◷ wartet auf Zeit: %1</translation>
    </message>
    <message>
        <source>❚❚ blocked: %1</source>
        <translation>❚❚ blockiert: %1</translation>
    </message>
</context>
<context>
    <name>CodePanelStrip</name>
    <message>
        <source>Let time pass  [~]</source>
        <translation>Zeit vergehen lassen  [~]</translation>
    </message>
    <message>
        <source>Advance the clock to the next deadline: a pause or timer ends, a lock&apos;s TTL runs out, a lock wait times out.</source>
        <translation>Die Uhr bis zur nächsten Frist vorstellen: Eine Pause oder ein Timer endet, die TTL einer Sperre läuft ab, das Warten auf eine Sperre überschreitet sein Timeout.</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Take back the last move (Ctrl+Z or Backspace)</source>
        <translation>Den letzten Zug zurücknehmen (Strg+Z oder Rücktaste)</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Replay the move taken back (Ctrl+Y)</source>
        <translation>Den zurückgenommenen Zug wiederholen (Strg+Y)</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Neustart</translation>
    </message>
    <message>
        <source>Back to the start, keeping the moves for redo (Home)</source>
        <translation>Zurück zum Anfang; die Züge bleiben zum Wiederholen erhalten (Pos1)</translation>
    </message>
    <message>
        <source>Schedule: (no moves yet)</source>
        <translation>Zugfolge: (noch keine Züge)</translation>
    </message>
    <message>
        <source>Schedule: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Zugfolge: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Nobody can move and no deadline lies ahead: every remaining request waits forever.</source>
        <translation>Niemand kann weiter, und keine Frist liegt voraus: Jede verbleibende Anfrage wartet für immer.</translation>
    </message>
    <message>
        <source>Nobody can run until time passes: press ~ or T.</source>
        <translation>Niemand kann laufen, bis Zeit vergeht: Drücken Sie ~ oder T.</translation>
    </message>
    <message numerus="yes">
        <source>Schedule (%n moves): … &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>
            <numerusform>Schedule (%n Zug): … &lt;b&gt;%1&lt;/b&gt;</numerusform>
            <numerusform>Schedule (%n Züge): … &lt;b&gt;%1&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;You are the scheduler:&lt;/b&gt; press Step (or 1–9) for whoever runs next, or &lt;b&gt;Show me the bug&lt;/b&gt;.</source>
        <translation>&lt;b&gt;Sie sind der Scheduler:&lt;/b&gt; Drücken Sie „Schritt“ (oder 1–9) für die Anfrage, die als Nächste läuft, oder &lt;b&gt;Fehler zeigen&lt;/b&gt;.</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>Business rules</source>
        <translation>Geschäftsregeln</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>Cell</source>
        <translation>Zelle</translation>
    </message>
    <message>
        <source>Committed value</source>
        <translation>Committeter Wert</translation>
    </message>
    <message>
        <source>expected %1</source>
        <translation>erwartet %1</translation>
    </message>
    <message>
        <source>✓ as expected</source>
        <translation>✓ wie erwartet</translation>
    </message>
    <message>
        <source>✗ %1 missing</source>
        <translation>✗ %1 fehlen</translation>
    </message>
    <message>
        <source>✗ %1 too many</source>
        <translation>✗ %1 zu viel</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#666&apos;&gt;&lt;b&gt;…&lt;/b&gt; %1 &lt;i&gt;(checked when every request has finished)&lt;/i&gt;&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#666&apos;&gt;&lt;b&gt;…&lt;/b&gt; %1 &lt;i&gt;(geprüft, wenn alle Anfragen fertig sind)&lt;/i&gt;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>broken at &lt;a href=&apos;event:%1&apos;&gt;move %2&lt;/a&gt;: %3</source>
        <translation>verletzt bei &lt;a href=&apos;event:%1&apos;&gt;Zug %2&lt;/a&gt;: %3</translation>
    </message>
    <message>
        <source>Lost updates: &lt;b&gt;0&lt;/b&gt;</source>
        <translation>Verlorene Updates: &lt;b&gt;0&lt;/b&gt;</translation>
    </message>
    <message>
        <source>%1&apos;s %2 = %3, overwritten by %4</source>
        <translation>%2 = %3 von %1, überschrieben von %4</translation>
    </message>
    <message>
        <source>Lost updates: &lt;b&gt;%1&lt;/b&gt; — %2</source>
        <translation>Verlorene Updates: &lt;b&gt;%1&lt;/b&gt; – %2</translation>
    </message>
    <message>
        <source>Written in the last move</source>
        <translation>Im letzten Zug geschrieben</translation>
    </message>
    <message>
        <source>%1 (instance %2 memory)</source>
        <translation>%1 (Speicher von Instanz %2)</translation>
    </message>
    <message>
        <source>%1 (process memory)</source>
        <translation>%1 (Prozessspeicher)</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2): %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2): %3</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>leer</translation>
    </message>
    <message>
        <source>checked when every request has finished</source>
        <translation>geprüft, wenn alle Anfragen fertig sind</translation>
    </message>
    <message>
        <source>✗ its rule is broken</source>
        <translation>✗ ihre Regel ist verletzt</translation>
    </message>
    <message>
        <source>… at the end</source>
        <translation>… am Ende</translation>
    </message>
</context>
<context>
    <name>EngineJobs</name>
    <message>
        <source>Exploring every interleaving…</source>
        <translation>Erkundung aller Verzahnungen…</translation>
    </message>
    <message>
        <source>Running trials on real threads…</source>
        <translation>Durchläufe auf echten Threads…</translation>
    </message>
    <message>
        <source>Running once on real threads…</source>
        <translation>Ein Durchlauf auf echten Threads…</translation>
    </message>
    <message>
        <source>Comparing the fixes under load…</source>
        <translation>Vergleich der Lösungen unter Last…</translation>
    </message>
</context>
<context>
    <name>EventLabel</name>
    <message>
        <source>R %1=%2 (FOR UPDATE)</source>
        <translation>R %1=%2 (FOR UPDATE)</translation>
    </message>
    <message>
        <source>R %1=%2</source>
        <translation>R %1=%2</translation>
    </message>
    <message>
        <source>W %1=%2 token %3 rejected</source>
        <translation>W %1=%2 Token %3 abgelehnt</translation>
    </message>
    <message>
        <source>W %1=%2 rejected (token %3)</source>
        <translation>W %1=%2 abgelehnt (Token %3)</translation>
    </message>
    <message>
        <source>W %1=%2 token %3</source>
        <translation>W %1=%2 Token %3</translation>
    </message>
    <message>
        <source>W %1=%2 (token %3)</source>
        <translation>W %1=%2 (Token %3)</translation>
    </message>
    <message>
        <source>W %1=%2</source>
        <translation>W %1=%2</translation>
    </message>
    <message>
        <source>U %1=%2</source>
        <translation>U %1=%2</translation>
    </message>
    <message>
        <source>U %1: 0 rows</source>
        <translation>U %1: 0 Zeilen</translation>
    </message>
    <message>
        <source>INSERT %1</source>
        <translation>INSERT %1</translation>
    </message>
    <message>
        <source>INSERT %1 duplicate</source>
        <translation>INSERT %1 Duplikat</translation>
    </message>
    <message>
        <source>INSERT %1 into %2</source>
        <translation>INSERT %1 in %2</translation>
    </message>
    <message>
        <source>INSERT %1 into %2: duplicate</source>
        <translation>INSERT %1 in %2: Duplikat</translation>
    </message>
    <message>
        <source>find %1: yes</source>
        <translation>suche %1: ja</translation>
    </message>
    <message>
        <source>find %1: no</source>
        <translation>suche %1: nein</translation>
    </message>
    <message>
        <source>find %1 in %2: found</source>
        <translation>suche %1 in %2: gefunden</translation>
    </message>
    <message>
        <source>find %1 in %2: none</source>
        <translation>suche %1 in %2: keiner</translation>
    </message>
    <message>
        <source>compute = %1</source>
        <translation>berechnen = %1</translation>
    </message>
    <message>
        <source>BEGIN</source>
        <translation>BEGIN</translation>
    </message>
    <message>
        <source>COMMIT</source>
        <translation>COMMIT</translation>
    </message>
    <message>
        <source>ROLLBACK</source>
        <translation>ROLLBACK</translation>
    </message>
    <message>
        <source>await</source>
        <translation>await</translation>
    </message>
    <message>
        <source>await (%1 ms)</source>
        <translation>await (%1 ms)</translation>
    </message>
    <message>
        <source>paused %1 ms</source>
        <translation>pausiert %1 ms</translation>
    </message>
    <message>
        <source>CPU %1 ms</source>
        <translation>CPU %1 ms</translation>
    </message>
    <message>
        <source>pause (%1 ms)</source>
        <translation>Pause (%1 ms)</translation>
    </message>
    <message>
        <source>CPU work (%1 ms)</source>
        <translation>CPU-Arbeit (%1 ms)</translation>
    </message>
    <message>
        <source>resumes</source>
        <translation>läuft weiter</translation>
    </message>
    <message>
        <source>resume</source>
        <translation>weiter</translation>
    </message>
    <message>
        <source>t=%1 ms</source>
        <translation>t=%1 ms</translation>
    </message>
    <message>
        <source>t = %1 ms</source>
        <translation>t = %1 ms</translation>
    </message>
    <message>
        <source>waits %1</source>
        <translation>wartet %1</translation>
    </message>
    <message>
        <source>wait for %1</source>
        <translation>warten auf %1</translation>
    </message>
    <message>
        <source>acquire %1</source>
        <translation>%1 erhalten</translation>
    </message>
    <message>
        <source>lock %1 token %2</source>
        <translation>Sperre %1 Token %2</translation>
    </message>
    <message>
        <source>connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>lock %1</source>
        <translation>Sperre %1</translation>
    </message>
    <message>
        <source>release %1</source>
        <translation>%1 freigeben</translation>
    </message>
    <message>
        <source>release conn.</source>
        <translation>Verb. freigeben</translation>
    </message>
    <message>
        <source>unlock %1</source>
        <translation>%1 freigeben</translation>
    </message>
    <message>
        <source>release refused %1</source>
        <translation>Freigabe abgelehnt %1</translation>
    </message>
    <message>
        <source>denied %1</source>
        <translation>%1 verweigert</translation>
    </message>
    <message>
        <source>%1 not its own</source>
        <translation>%1 gehört ihm nicht</translation>
    </message>
    <message>
        <source>%1 no longer held</source>
        <translation>%1 nicht mehr gehalten</translation>
    </message>
    <message>
        <source>%1 busy</source>
        <translation>%1 beschäftigt</translation>
    </message>
    <message>
        <source>%1 expired</source>
        <translation>%1 abgelaufen</translation>
    </message>
    <message>
        <source>lease %1 expired</source>
        <translation>Lease %1 abgelaufen</translation>
    </message>
    <message>
        <source>enqueue</source>
        <translation>einreihen</translation>
    </message>
    <message>
        <source>enqueue on %1</source>
        <translation>in %1 einreihen</translation>
    </message>
    <message>
        <source>job done</source>
        <translation>Auftrag erledigt</translation>
    </message>
    <message>
        <source>job done on %1</source>
        <translation>Auftrag auf %1 erledigt</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>DEADLOCK: victim</source>
        <translation>DEADLOCK: Opfer</translation>
    </message>
    <message>
        <source>deadlock: victim</source>
        <translation>Deadlock: Opfer</translation>
    </message>
    <message>
        <source>timeout</source>
        <translation>Timeout</translation>
    </message>
    <message>
        <source>lock wait timeout</source>
        <translation>Lock-Wait-Timeout</translation>
    </message>
    <message>
        <source>RULE BROKEN: %1</source>
        <translation>REGEL VERLETZT: %1</translation>
    </message>
    <message>
        <source>rule broken: %1</source>
        <translation>Regel verletzt: %1</translation>
    </message>
    <message>
        <source>RULE BROKEN</source>
        <translation>REGEL VERLETZT</translation>
    </message>
    <message>
        <source>rule broken</source>
        <translation>Regel verletzt</translation>
    </message>
    <message>
        <source>stale write!</source>
        <translation>veralteter Schreibvorgang!</translation>
    </message>
    <message>
        <source>stale write after lease expiry</source>
        <translation>veralteter Schreibvorgang nach Lease-Ablauf</translation>
    </message>
    <message>
        <source>deleted another&apos;s lock!</source>
        <translation>fremde Sperre gelöscht!</translation>
    </message>
    <message>
        <source>released a lock it did not own</source>
        <translation>fremde Sperre freigegeben</translation>
    </message>
    <message>
        <source>stale token rejected</source>
        <translation>veraltetes Token abgelehnt</translation>
    </message>
    <message>
        <source>anomaly</source>
        <translation>Anomalie</translation>
    </message>
</context>
<context>
    <name>ExplorerResult</name>
    <message>
        <source>The explorer ran out of memory.</source>
        <translation>Dem Explorer ging der Speicher aus.</translation>
    </message>
    <message>
        <source>%1 GB</source>
        <translation>%1 GB</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>it was cancelled</source>
        <translation>die Erkundung wurde abgebrochen</translation>
    </message>
    <message>
        <source>the state budget ran out</source>
        <translation>das Zustandsbudget war erschöpft</translation>
    </message>
    <message>
        <source>the time budget ran out</source>
        <translation>das Zeitbudget war erschöpft</translation>
    </message>
    <message>
        <source>the memory ran out</source>
        <translation>der Speicher ging aus</translation>
    </message>
    <message>
        <source>the memory budget of %1 was reached</source>
        <translation>das Speicherbudget von %1 war erreicht</translation>
    </message>
    <message>
        <source>schedules with more than 1 preemption were not followed</source>
        <translation>Schedules mit mehr als 1 Verdrängung wurden nicht verfolgt</translation>
    </message>
    <message>
        <source>schedules with more than %1 preemptions were not followed</source>
        <translation>Schedules mit mehr als %1 Verdrängungen wurden nicht verfolgt</translation>
    </message>
    <message>
        <source>Incomplete: %1. Covered %2 states; the interleavings were not counted.</source>
        <translation>Unvollständig: %1. %2 Zustände abgedeckt; die Verzahnungen wurden nicht gezählt.</translation>
    </message>
    <message>
        <source>Incomplete: %1. Covered %2 states; %3 interleavings were followed to their end.</source>
        <translation>Unvollständig: %1. Abgedeckt: %2 Zustände; %3 Verzahnungen wurden bis zum Ende verfolgt.</translation>
    </message>
    <message>
        <source>%1 schedule prefixes were left unexplored.</source>
        <translation>%1 Schedule-Präfixe blieben unerkundet.</translation>
    </message>
    <message>
        <source>%1 moves beyond the preemption bound were not taken.</source>
        <translation>%1 Züge jenseits der Verdrängungsgrenze wurden nicht ausgeführt.</translation>
    </message>
    <message>
        <source>%1 of %2 outcomes reached so far break a rule.</source>
        <translation>%1 der %2 bisher erreichten Ergebnisse verletzen eine Regel.</translation>
    </message>
    <message>
        <source>Infinitely many interleavings (a cycle can repeat forever); none breaks a rule.</source>
        <translation>Unendlich viele Verzahnungen (ein Zyklus kann sich endlos wiederholen); keine verletzt eine Regel.</translation>
    </message>
    <message>
        <source>Infinitely many interleavings: a cycle can repeat forever (livelock), and some break a rule.</source>
        <translation>Unendlich viele Verzahnungen: Ein Zyklus kann sich endlos wiederholen (Livelock), und einige verletzen eine Regel.</translation>
    </message>
    <message>
        <source>%1 of %2 interleavings break a rule.</source>
        <translation>%1 von %2 Verzahnungen verletzen eine Regel.</translation>
    </message>
</context>
<context>
    <name>ExplorerSearch</name>
    <message>
        <source>The explorer cannot handle this scenario: it needs 1 to 120 requests.</source>
        <translation>Die Erkundung kann dieses Szenario nicht bearbeiten: Sie braucht 1 bis 120 Anfragen.</translation>
    </message>
    <message>
        <source>livelock: a cycle of moves that can repeat for ever, so the run never ends</source>
        <translation>Livelock: ein Zyklus von Zügen, der sich endlos wiederholen kann, sodass der Lauf nie endet</translation>
    </message>
</context>
<context>
    <name>ExportCaption</name>
    <message>
        <source>Schedule: %1</source>
        <translation>Zugfolge: %1</translation>
    </message>
    <message>
        <source>Outcome: %1</source>
        <translation>Ergebnis: %1</translation>
    </message>
    <message>
        <source>✗ Rule broken: %1</source>
        <translation>✗ Regel verletzt: %1</translation>
    </message>
    <message>
        <source>(no moves yet)</source>
        <translation>(noch keine Züge)</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>(broken at move %1: %2)</source>
        <translation>(verletzt in Zug %1: %2)</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>The whole timeline</source>
        <translation>Die ganze Zeitleiste</translation>
    </message>
    <message>
        <source>The visible part of the timeline</source>
        <translation>Der sichtbare Teil der Zeitleiste</translation>
    </message>
    <message>
        <source>The dashboard and its charts</source>
        <translation>Das Dashboard und seine Diagramme</translation>
    </message>
    <message>
        <source>The wait-for graph</source>
        <translation>Der Wartegraph</translation>
    </message>
    <message>
        <source>The trace, for Perfetto (JSON)</source>
        <translation>Der Trace, für Perfetto (JSON)</translation>
    </message>
    <message>
        <source>The wait-for graph, for Graphviz (DOT)</source>
        <translation>Der Wartegraph, für Graphviz (DOT)</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>PNG-Bild</translation>
    </message>
    <message>
        <source>SVG vector image</source>
        <translation>SVG-Vektorgrafik</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>PDF-Dokument</translation>
    </message>
    <message>
        <source>1× (screen)</source>
        <translation>1× (Bildschirm)</translation>
    </message>
    <message>
        <source>2× (slides)</source>
        <translation>2× (Folien)</translation>
    </message>
    <message>
        <source>3× (large projection, print)</source>
        <translation>3× (große Projektion, Druck)</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Presenter (large type, high contrast)</source>
        <translation>Präsentation (große Schrift, hoher Kontrast)</translation>
    </message>
    <message>
        <source>&amp;What:</source>
        <translation>&amp;Was:</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>&amp;Resolution:</source>
        <translation>&amp;Auflösung:</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Design:</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>There is nothing of this kind to export yet.</source>
        <translation>Davon gibt es noch nichts zu exportieren.</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Exporting… (Cancel stops it; nothing is written)</source>
        <translation>Wird exportiert … (Abbrechen hält es an; dann wird nichts geschrieben)</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written.</source>
        <translation>Export abgebrochen; es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <source>Handout: one page per move</source>
        <translation>Handout: eine Seite pro Zug</translation>
    </message>
    <message>
        <source>Handout: exercise sheet</source>
        <translation>Handout: Arbeitsblatt</translation>
    </message>
    <message>
        <source>Handout: answer sheet</source>
        <translation>Handout: Lösungsblatt</translation>
    </message>
    <message>
        <source>A4</source>
        <translation>A4</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>Letter (US)</translation>
    </message>
    <message>
        <source>&amp;Paper:</source>
        <translation>&amp;Papier:</translation>
    </message>
    <message>
        <source>%1 (Cancel stops it; nothing is written)</source>
        <translation>%1 (Abbrechen hält an; nichts wird geschrieben)</translation>
    </message>
</context>
<context>
    <name>Exporter</name>
    <message>
        <source>no output file given</source>
        <translation>keine Ausgabedatei angegeben</translation>
    </message>
    <message>
        <source>%1: is a folder, not a file</source>
        <translation>%1: ist ein Ordner, keine Datei</translation>
    </message>
    <message>
        <source>%1: cannot write: %2</source>
        <translation>%1: kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>unknown format &quot;%1&quot; (expected png, svg, pdf, perfetto or dot)</source>
        <translation>unbekanntes Format &quot;%1&quot; (erwartet: png, svg, pdf, perfetto oder dot)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>SVG vector image (*.svg)</source>
        <translation>SVG-Vektorgrafik (*.svg)</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <source>Perfetto / Chrome trace (*.json)</source>
        <translation>Perfetto-/Chrome-Trace (*.json)</translation>
    </message>
    <message>
        <source>Graphviz graph (*.dot *.gv)</source>
        <translation>Graphviz-Graph (*.dot *.gv)</translation>
    </message>
    <message>
        <source>%1 is not an image format</source>
        <translation>%1 ist kein Bildformat</translation>
    </message>
    <message>
        <source>Exported from Interleave</source>
        <translation>Aus Interleave exportiert</translation>
    </message>
    <message>
        <source>%1: export cancelled; nothing written</source>
        <translation>%1: Export abgebrochen; nichts geschrieben</translation>
    </message>
    <message>
        <source>%1: cannot write PNG: %2</source>
        <translation>%1: PNG kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>%1: cannot write SVG</source>
        <translation>%1: SVG kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>%1: cannot write PDF</source>
        <translation>%1: PDF kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>nothing to export: no timeline</source>
        <translation>nichts zu exportieren: keine Zeitleiste</translation>
    </message>
</context>
<context>
    <name>Expression</name>
    <message>
        <source>unexpected &apos;%1&apos;</source>
        <translation>unerwartetes &apos;%1&apos;</translation>
    </message>
    <message>
        <source>in expression &quot;%1&quot; at column %2: %3</source>
        <translation>im Ausdruck &quot;%1&quot; in Spalte %2: %3</translation>
    </message>
    <message>
        <source>unterminated string</source>
        <translation>nicht abgeschlossene Zeichenkette</translation>
    </message>
    <message>
        <source>expected &apos;%1&apos;</source>
        <translation>&apos;%1&apos; erwartet</translation>
    </message>
    <message>
        <source>unknown text &apos;%1&apos;</source>
        <translation>unbekannter Text &apos;%1&apos;</translation>
    </message>
    <message>
        <source>unexpected end</source>
        <translation>unerwartetes Ende</translation>
    </message>
    <message>
        <source>unknown function %1() with %2 argument(s)</source>
        <translation>unbekannte Funktion %1() mit %2 Argument(en)</translation>
    </message>
    <message>
        <source>expected a column name after &apos;.&apos;</source>
        <translation>Spaltenname nach &apos;.&apos; erwartet</translation>
    </message>
    <message>
        <source>unknown cell %1[…].%2</source>
        <translation>unbekannte Zelle %1[…].%2</translation>
    </message>
    <message>
        <source>expected a name after &apos;.&apos;</source>
        <translation>Name nach &apos;.&apos; erwartet</translation>
    </message>
    <message>
        <source>unknown name &apos;%1&apos;</source>
        <translation>unbekannter Name &apos;%1&apos;</translation>
    </message>
    <message>
        <source>longer than %1 characters</source>
        <translation>länger als %1 Zeichen</translation>
    </message>
    <message>
        <source>in expression &quot;%1&quot;: needs %2 values pending at once, more than the %3 allowed; split it</source>
        <translation>im Ausdruck &quot;%1&quot;: braucht %2 gleichzeitig offene Werte, mehr als die erlaubten %3; bitte aufteilen</translation>
    </message>
</context>
<context>
    <name>Forecast</name>
    <message>
        <source>The forecast was cancelled.</source>
        <translation>Die Vorhersage wurde abgebrochen.</translation>
    </message>
    <message>
        <source>The forecast stopped at %1 states: this variant has too many to keep.</source>
        <translation>Die Vorhersage hat bei %1 Zuständen angehalten: Diese Variante hat zu viele, um sie zu behalten.</translation>
    </message>
    <message>
        <source>never ends: the requests go round a cycle forever</source>
        <translation>endet nie: Die Anfragen drehen sich für immer im Kreis</translation>
    </message>
    <message>
        <source>No forecast for this state.</source>
        <translation>Keine Vorhersage für diesen Zustand.</translation>
    </message>
    <message>
        <source>The run has ended: %1.</source>
        <translation>Der Lauf ist zu Ende: %1.</translation>
    </message>
    <message>
        <source>From here: one way on, and it ends %1.</source>
        <translation>Von hier: ein Weg weiter, und er endet mit %1.</translation>
    </message>
    <message>
        <source>From here: all %1 continuations break a rule.</source>
        <translation>Von hier: alle %1 Fortsetzungen brechen eine Regel.</translation>
    </message>
    <message>
        <source>From here: none of the %1 continuations breaks a rule.</source>
        <translation>Von hier: keine der %1 Fortsetzungen bricht eine Regel.</translation>
    </message>
    <message>
        <source>From here: %1 of %2 continuations break a rule.</source>
        <translation>Von hier: %1 von %2 Fortsetzungen brechen eine Regel.</translation>
    </message>
    <message>
        <source>a broken rule</source>
        <translation>eine gebrochene Regel</translation>
    </message>
    <message>
        <source>breaking %1</source>
        <translation>der Bruch von %1</translation>
    </message>
    <message>
        <source>after move %1, %2 is certain: %3</source>
        <translation>nach Zug %1 ist %2 sicher: %3</translation>
    </message>
    <message>
        <source>after move %1, no rule can break any more: %2</source>
        <translation>nach Zug %1 kann keine Regel mehr brechen: %2</translation>
    </message>
    <message>
        <source>both %1 and %2 have read %3 = %4.</source>
        <translation>sowohl %1 als auch %2 haben %3 = %4 gelesen.</translation>
    </message>
    <message>
        <source>%1 have all read %2 = %3.</source>
        <translation>%1 haben alle %2 = %3 gelesen.</translation>
    </message>
</context>
<context>
    <name>ForecastPresenter</name>
    <message>
        <source>Point of no return: %1</source>
        <translation>Kein Zurück mehr: %1</translation>
    </message>
    <message>
        <source>no return</source>
        <translation>kein Zurück</translation>
    </message>
    <message>
        <source>now safe</source>
        <translation>jetzt sicher</translation>
    </message>
    <message>
        <source>What the explorer says can still happen from this state, and which move decided it.</source>
        <translation>Was laut Erkundung von diesem Zustand aus noch geschehen kann, und welcher Zug es entschieden hat.</translation>
    </message>
</context>
<context>
    <name>Handout</name>
    <message>
        <source>%1: export cancelled; nothing written</source>
        <translation>%1: Export abgebrochen; nichts geschrieben</translation>
    </message>
    <message>
        <source>unknown paper size &quot;%1&quot; (expected a4 or letter)</source>
        <translation>unbekanntes Papierformat „%1“ (erwartet: a4 oder letter)</translation>
    </message>
    <message>
        <source>Exploring every interleaving: %1 states</source>
        <translation>Erkunde jede Verzahnung: %1 Zustände</translation>
    </message>
    <message>
        <source>exploration cancelled</source>
        <translation>Erkundung abgebrochen</translation>
    </message>
    <message>
        <source>no output file given</source>
        <translation>keine Ausgabedatei angegeben</translation>
    </message>
    <message>
        <source>%1: is a folder, not a file</source>
        <translation>%1: ist ein Ordner, keine Datei</translation>
    </message>
    <message>
        <source>%1: cannot write: %2</source>
        <translation>%1: kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>%1: cannot write PDF</source>
        <translation>%1: PDF kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Seite %1 von %2</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>Geschrieben</translation>
    </message>
    <message>
        <source>%1: expected one page number such as %03d in a .png name</source>
        <translation>%1: erwartet genau eine Seitennummer wie %03d in einem .png-Namen</translation>
    </message>
    <message>
        <source>cannot tell the format from &quot;%1&quot;: give a .pdf file, a folder, or a .png name (with %03d for the page number)</source>
        <translation>Format von „%1“ nicht erkennbar: eine .pdf-Datei, einen Ordner oder einen .png-Namen (mit %03d für die Seitennummer) angeben</translation>
    </message>
    <message>
        <source>%1: cannot create the folder</source>
        <translation>%1: Ordner kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>%1: cannot write PNG: %2</source>
        <translation>%1: PNG kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Interleave · %1 · page %2 of %3 · schedule %4</source>
        <translation>Interleave · %1 · Seite %2 von %3 · Zugfolge %4</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>Lösung</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Zugfolge</translation>
    </message>
    <message>
        <source>(no moves)</source>
        <translation>(keine Züge)</translation>
    </message>
    <message>
        <source>Moves</source>
        <translation>Züge</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Handout: one page per move</source>
        <translation>Handout: eine Seite pro Zug</translation>
    </message>
    <message>
        <source>Each page shows the timeline up to one move, the code with the line that move ran (▶, in a box; letters mark the line each request runs next), what happened, and which rules hold.</source>
        <translation>Jede Seite zeigt die Zeitleiste bis zu einem Zug, den Code mit der Zeile, die dieser Zug ausgeführt hat (▶, umrahmt; Buchstaben markieren die Zeile, die jede Anfrage als Nächstes ausführt), was geschah und welche Regeln gelten.</translation>
    </message>
    <message>
        <source>✓ holds: %1</source>
        <translation>✓ gilt: %1</translation>
    </message>
    <message>
        <source>… checked when every request has finished: %1</source>
        <translation>… geprüft, wenn alle Anfragen fertig sind: %1</translation>
    </message>
    <message>
        <source>✗ BROKEN at move %1: %2</source>
        <translation>✗ VERLETZT bei Zug %1: %2</translation>
    </message>
    <message>
        <source>✗ BROKEN: %1</source>
        <translation>✗ VERLETZT: %1</translation>
    </message>
    <message>
        <source>%1 (expected %2: ✓)</source>
        <translation>%1 (erwartet %2: ✓)</translation>
    </message>
    <message>
        <source>%1 (expected %2: ✗ wrong)</source>
        <translation>%1 (erwartet %2: ✗ falsch)</translation>
    </message>
    <message>
        <source>%1 (expected %2 at the end)</source>
        <translation>%1 (erwartet %2 am Ende)</translation>
    </message>
    <message>
        <source>Outcome: %1</source>
        <translation>Ergebnis: %1</translation>
    </message>
    <message>
        <source>time passes (~)</source>
        <translation>Zeit vergeht (~)</translation>
    </message>
    <message>
        <source>Move %1 of %2: %3</source>
        <translation>Zug %1 von %2: %3</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Was geschah</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Urteil</translation>
    </message>
    <message>
        <source>the schedule has %1 moves; a handout has one page per move, at most %2</source>
        <translation>die Zugfolge hat %1 Züge; ein Handout hat eine Seite pro Zug, höchstens %2</translation>
    </message>
    <message>
        <source>%1 — one page per move</source>
        <translation>%1 — eine Seite pro Zug</translation>
    </message>
    <message>
        <source>Exercise: %1</source>
        <translation>Übung: %1</translation>
    </message>
    <message>
        <source>Exercise sheet</source>
        <translation>Arbeitsblatt</translation>
    </message>
    <message>
        <source>Find a schedule that breaks a rule. Draw it in the grid: in each move&apos;s column, circle the request that moves and write the number of the line it runs.</source>
        <translation>Finden Sie eine Zugfolge, die eine Regel verletzt. Zeichnen Sie sie ins Raster: Kreisen Sie in der Spalte jedes Zugs die Anfrage ein, die zieht, und schreiben Sie die Nummer der Zeile hinein, die sie ausführt.</translation>
    </message>
    <message>
        <source>When no request moves and time passes instead, use the last row.</source>
        <translation>Wenn keine Anfrage zieht und stattdessen Zeit vergeht, nimm die letzte Zeile.</translation>
    </message>
    <message>
        <source>(Requests left out of the grid, which run the same code: %1.)</source>
        <translation>(Nicht im Raster gezeigte Anfragen, die denselben Code ausführen: %1.)</translation>
    </message>
    <message>
        <source>Which rules break?</source>
        <translation>Welche Regeln werden verletzt?</translation>
    </message>
    <message>
        <source>Final values:</source>
        <translation>Endwerte:</translation>
    </message>
    <message>
        <source>Interleave · %1 · exercise sheet · answers on the answer sheet</source>
        <translation>Interleave · %1 · Arbeitsblatt · Lösungen auf dem Lösungsblatt</translation>
    </message>
    <message>
        <source>Breaks: %1</source>
        <translation>Verletzt: %1</translation>
    </message>
    <message>
        <source>Every request left waits for another: stuck for ever (a deadlock).</source>
        <translation>Jede verbliebene Anfrage wartet auf eine andere: für immer blockiert (ein Deadlock).</translation>
    </message>
    <message>
        <source>Happens in %1 of %2 interleavings (%3 %).</source>
        <translation>Tritt in %1 von %2 Verzahnungen auf (%3 %).</translation>
    </message>
    <message>
        <source>Simplest schedule: %1 (moves: %2, preemptions: %3)</source>
        <translation>Einfachste Zugfolge: %1 (Züge: %2, Verdrängungen: %3)</translation>
    </message>
    <message>
        <source>(a schedule, not proven the simplest: the space was too large)</source>
        <translation>(eine Zugfolge, nicht nachweislich die einfachste: der Raum war zu groß)</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>No schedule breaks a rule under this variant.</source>
        <translation>Keine Zugfolge verletzt in dieser Variante eine Regel.</translation>
    </message>
    <message>
        <source>Outcomes that break no rule</source>
        <translation>Ergebnisse, die keine Regel verletzen</translation>
    </message>
    <message>
        <source>%1 — exercise sheet</source>
        <translation>%1 — Arbeitsblatt</translation>
    </message>
    <message>
        <source>%1 — answer sheet</source>
        <translation>%1 — Lösungsblatt</translation>
    </message>
    <message>
        <source>Answers: %1</source>
        <translation>Lösungen: %1</translation>
    </message>
    <message>
        <source>Answer sheet</source>
        <translation>Lösungsblatt</translation>
    </message>
    <message>
        <source>Interleave · answer sheet · page %1 of %2</source>
        <translation>Interleave · Lösungsblatt · Seite %1 von %2</translation>
    </message>
    <message>
        <source>%1 and %2 more</source>
        <translation>%1 und %2 weitere</translation>
    </message>
    <message>
        <source>move</source>
        <translation>Zug</translation>
    </message>
</context>
<context>
    <name>HelpDialogs</name>
    <message>
        <source>Keyboard reference</source>
        <translation>Tastaturübersicht</translation>
    </message>
    <message>
        <source>1 … 9</source>
        <translation>1 … 9</translation>
    </message>
    <message>
        <source>step request 1 … 9 (A … I) to its next scheduling point</source>
        <translation>Anfrage 1 … 9 (A … I) bis zu ihrem nächsten Scheduling-Punkt ausführen</translation>
    </message>
    <message>
        <source>~ or T</source>
        <translation>~ oder T</translation>
    </message>
    <message>
        <source>let time pass: a pause or timer ends, a lock&apos;s TTL runs out, a wait times out</source>
        <translation>Zeit vergehen lassen: Eine Pause oder ein Timer endet, die TTL einer Sperre läuft ab, eine Wartezeit überschreitet ihr Timeout</translation>
    </message>
    <message>
        <source>Ctrl+Z or Backspace</source>
        <translation>Strg+Z oder Rücktaste</translation>
    </message>
    <message>
        <source>undo the last move</source>
        <translation>den letzten Zug zurücknehmen</translation>
    </message>
    <message>
        <source>Ctrl+Y or Ctrl+Shift+Z</source>
        <translation>Strg+Y oder Strg+Umschalt+Z</translation>
    </message>
    <message>
        <source>redo</source>
        <translation>wiederholen</translation>
    </message>
    <message>
        <source>Home / End</source>
        <translation>Pos1 / Ende</translation>
    </message>
    <message>
        <source>back to the start / redo every move</source>
        <translation>zurück zum Anfang / alle Züge wiederholen</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>Leertaste</translation>
    </message>
    <message>
        <source>play or pause (policy and speed in the Run toolbar)</source>
        <translation>abspielen oder anhalten (Regel und Tempo in der Werkzeugleiste „Ausführen“)</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>show me the bug: play the simplest schedule that breaks a rule</source>
        <translation>Fehler zeigen: den einfachsten Schedule abspielen, der eine Regel verletzt</translation>
    </message>
    <message>
        <source>E</source>
        <translation>E</translation>
    </message>
    <message>
        <source>explore all interleavings (outcome histogram)</source>
        <translation>alle Verzahnungen erkunden (Ergebnis-Histogramm)</translation>
    </message>
    <message>
        <source>R</source>
        <translation>R</translation>
    </message>
    <message>
        <source>run once on real threads (timeline in wall time)</source>
        <translation>einmal auf echten Threads ausführen (Zeitleiste in Echtzeit)</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>run N trials on real threads (outcome histogram)</source>
        <translation>N Durchläufe auf echten Threads ausführen (Ergebnis-Histogramm)</translation>
    </message>
    <message>
        <source>C</source>
        <translation>C</translation>
    </message>
    <message>
        <source>compare the fixes under the same load test</source>
        <translation>die Lösungen im selben Lasttest vergleichen</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>cancel the running job</source>
        <translation>den laufenden Auftrag abbrechen</translation>
    </message>
    <message>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <source>presenter mode: full screen, everything larger, high contrast; code, timeline and verdict only</source>
        <translation>Präsentationsmodus: Vollbild, alles größer, hoher Kontrast; nur Code, Zeitleiste und Urteil</translation>
    </message>
    <message>
        <source>F2 / F3 / F4</source>
        <translation>F2 / F3 / F4</translation>
    </message>
    <message>
        <source>show or hide the dashboard / the narration / the outcomes (also in presenter mode)</source>
        <translation>Dashboard / Erzählung / Ergebnisse ein- oder ausblenden (auch im Präsentationsmodus)</translation>
    </message>
    <message>
        <source>F9 / F12</source>
        <translation>F9 / F12</translation>
    </message>
    <message>
        <source>show or hide the scenario list / the toolbars</source>
        <translation>Szenarioliste / Werkzeugleisten ein- oder ausblenden</translation>
    </message>
    <message>
        <source>F6 / F7</source>
        <translation>F6 / F7</translation>
    </message>
    <message>
        <source>predict, then reveal: hide the outcome while students guess, then check their guess</source>
        <translation>erst vorhersagen, dann aufdecken: das Ergebnis verbergen, während die Studierenden raten, dann ihre Vermutung prüfen</translation>
    </message>
    <message>
        <source>F8</source>
        <translation>F8</translation>
    </message>
    <message>
        <source>side by side: the same schedule under another fix, stepping together</source>
        <translation>nebeneinander: derselbe Ablauf mit einem anderen Fix, Schritt für Schritt gemeinsam</translation>
    </message>
    <message>
        <source>Ctrl+O</source>
        <translation>Strg+O</translation>
    </message>
    <message>
        <source>open your own scenario file (or drop it on the window)</source>
        <translation>eigene Szenariodatei öffnen (oder aufs Fenster ziehen)</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Strg+E</translation>
    </message>
    <message>
        <source>export the timeline, dashboard or wait-for graph for slides</source>
        <translation>die Zeitleiste, das Dashboard oder den Wartegraphen für Folien exportieren</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S / Ctrl+Shift+O</source>
        <translation>Strg+Umschalt+S / Strg+Umschalt+O</translation>
    </message>
    <message>
        <source>save the session / open a saved session where it was left</source>
        <translation>Sitzung speichern / gespeicherte Sitzung dort öffnen, wo sie verlassen wurde</translation>
    </message>
    <message>
        <source>Ctrl+ + / Ctrl+ − / Ctrl+0</source>
        <translation>Strg+ + / Strg+ − / Strg+0</translation>
    </message>
    <message>
        <source>zoom the timeline in / out / fit</source>
        <translation>Zeitleiste vergrößern / verkleinern / einpassen</translation>
    </message>
    <message>
        <source>In the timeline</source>
        <translation>In der Zeitleiste</translation>
    </message>
    <message>
        <source>wheel zooms, drag pans, Shift+drag zooms to a range, +/− zoom, ←/→ pan, F fit, click selects an event; with more requests than fit, PageUp/PageDown or the wheel over their names scroll</source>
        <translation>Mausrad zoomt, Ziehen verschiebt, Umschalt+Ziehen zoomt auf einen Bereich, +/− zoomen, ←/→ verschieben, F einpassen, Klick wählt ein Ereignis; bei mehr Anfragen als Platz ist, blättern Bild↑/Bild↓ oder das Mausrad über ihren Namen</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>this reference</source>
        <translation>diese Übersicht</translation>
    </message>
    <message>
        <source>About Interleave</source>
        <translation>Über Interleave</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Interleave %1&lt;/h3&gt;&lt;p&gt;Teaches concurrency bugs by showing them happen: lost updates, check-then-act, double withdrawals, deadlocks, lease expiry — and the fixes from the teaching texts, switched on against the very same schedule.&lt;/p&gt;&lt;p&gt;You are the scheduler: step the requests one at a time, or let Interleave explore every interleaving, or run them on real threads.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Interleave %1&lt;/h3&gt;&lt;p&gt;Lehrt Nebenläufigkeitsfehler, indem es zeigt, wie sie passieren: verlorene Updates, Check-then-Act, doppelte Abhebungen, Deadlocks, abgelaufene Leases – und die Lösungen aus den Lehrtexten, eingeschaltet gegen genau denselben Schedule.&lt;/p&gt;&lt;p&gt;Sie sind der Scheduler: Führen Sie die Anfragen Schritt für Schritt aus, lassen Sie Interleave jede Verzahnung erkunden, oder führen Sie sie auf echten Threads aus.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Ctrl+→ / Ctrl+← in the timeline</source>
        <translation>Strg+→ / Strg+← in der Zeitleiste</translation>
    </message>
    <message>
        <source>walk the events one by one: each is selected, its line in the narration follows, a screen reader reads it</source>
        <translation>die Ereignisse einzeln durchgehen: jedes wird ausgewählt, seine Zeile in der Erzählung folgt, ein Bildschirmleser liest es vor</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab</translation>
    </message>
    <message>
        <source>move between the timeline, the Step buttons, the code and the narration</source>
        <translation>zwischen Zeitleiste, Schritt-Knöpfen, Code und Erzählung wechseln</translation>
    </message>
    <message>
        <source>Alt+F, R</source>
        <translation>Alt+D, Z</translation>
    </message>
    <message>
        <source>open a recent scenario or session file (File › Open Recent, then 1 … 9)</source>
        <translation>eine zuletzt geöffnete Szenario- oder Sitzungsdatei öffnen (Datei › Zuletzt geöffnet, dann 1 … 9)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Strg+Umschalt+E</translation>
    </message>
    <message>
        <source>export a handout: one page per move, an exercise sheet or its answer sheet</source>
        <translation>ein Handout exportieren: eine Seite pro Zug, ein Arbeitsblatt oder sein Lösungsblatt</translation>
    </message>
    <message>
        <source>Ctrl+1 … Ctrl+9</source>
        <translation>Strg+1 … Strg+9</translation>
    </message>
    <message>
        <source>choose fix 1 … 9 (the Fix toolbar&apos;s buttons, left to right)</source>
        <translation>Lösung 1 … 9 wählen (die Knöpfe der Lösungsleiste, von links nach rechts)</translation>
    </message>
    <message>
        <source>PageDown / PageUp in presenter mode</source>
        <translation>Bild ab / Bild auf im Präsentationsmodus</translation>
    </message>
    <message>
        <source>the next / previous moment of the open lesson</source>
        <translation>der nächste / vorige Moment der geöffneten Lektion</translation>
    </message>
    <message>
        <source>Ctrl+G / Ctrl+Shift+G</source>
        <translation>Strg+G / Strg+Umschalt+G</translation>
    </message>
    <message>
        <source>challenges: the course / open a challenge file</source>
        <translation>Challenges: der Kurs / eine Challenge-Datei öffnen</translation>
    </message>
    <message>
        <source>Ctrl+Enter / Ctrl+H</source>
        <translation>Strg+Eingabe / Strg+H</translation>
    </message>
    <message>
        <source>in a challenge: check the run or the prediction / the next hint</source>
        <translation>in einer Challenge: den Lauf oder die Vorhersage prüfen / der nächste Hinweis</translation>
    </message>
    <message>
        <source>Ctrl+N / Ctrl+Shift+L</source>
        <translation>Strg+N / Strg+Umschalt+L</translation>
    </message>
    <message>
        <source>the next challenge / leave challenge mode</source>
        <translation>die nächste Challenge / den Challenge-Modus verlassen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation>Strg+Umschalt+R</translation>
    </message>
    <message>
        <source>reset the progress through the challenges (asks first)</source>
        <translation>den Fortschritt in den Challenges zurücksetzen (fragt vorher)</translation>
    </message>
</context>
<context>
    <name>InterleavingCount</name>
    <message>
        <source>infinite</source>
        <translation>unendlich</translation>
    </message>
    <message>
        <source>more than %1</source>
        <translation>mehr als %1</translation>
    </message>
</context>
<context>
    <name>JobStatus</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop the running job (Esc)</source>
        <translation>Den laufenden Auftrag abbrechen (Esc)</translation>
    </message>
    <message>
        <source>Exploring every interleaving… %L1 states</source>
        <translation>Erkundung aller Verzahnungen… %L1 Zustände</translation>
    </message>
    <message>
        <source>%1 cancelled.</source>
        <translation>Abgebrochen: %1.</translation>
    </message>
</context>
<context>
    <name>JsonInput</name>
    <message>
        <source>must be a whole number</source>
        <translation>muss eine ganze Zahl sein</translation>
    </message>
    <message>
        <source>must be a whole number, not %1</source>
        <translation>muss eine ganze Zahl sein, nicht %1</translation>
    </message>
    <message>
        <source>%1 is outside the 64-bit range</source>
        <translation>%1 liegt außerhalb des 64-Bit-Bereichs</translation>
    </message>
    <message>
        <source>%1 is not exactly representable (above 2^53 = %2)</source>
        <translation>%1 ist nicht exakt darstellbar (über 2^53 = %2)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a whole number</source>
        <translation>&quot;%1&quot; ist keine ganze Zahl</translation>
    </message>
    <message>
        <source>nested more than %1 levels deep</source>
        <translation>mehr als %1 Ebenen tief verschachtelt</translation>
    </message>
</context>
<context>
    <name>JsonReader</name>
    <message>
        <source>missing required field &quot;%1&quot;</source>
        <translation>Pflichtfeld &quot;%1&quot; fehlt</translation>
    </message>
    <message>
        <source>must be a string</source>
        <translation>muss eine Zeichenkette sein</translation>
    </message>
    <message>
        <source>must not be empty</source>
        <translation>darf nicht leer sein</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>muss true oder false sein</translation>
    </message>
    <message>
        <source>must be a list [ … ]</source>
        <translation>muss eine Liste [ … ] sein</translation>
    </message>
    <message>
        <source>must be an object { … }</source>
        <translation>muss ein Objekt { … } sein</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot;</source>
        <translation>unbekanntes Feld &quot;%1&quot;</translation>
    </message>
</context>
<context>
    <name>LanguageManager</name>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>System default (%1)</source>
        <translation>Systemvorgabe (%1)</translation>
    </message>
</context>
<context>
    <name>Lesson</name>
    <message>
        <source>must be an object with a scenario, strategy, model and schedule</source>
        <translation>muss ein Objekt mit Szenario, Strategie, Modell und Zugfolge sein</translation>
    </message>
    <message>
        <source>unknown field</source>
        <translation>unbekanntes Feld</translation>
    </message>
    <message>
        <source>must be a string</source>
        <translation>muss ein Text sein</translation>
    </message>
    <message>
        <source>must be a list of %1</source>
        <translation>muss eine Liste aus %1 sein</translation>
    </message>
    <message>
        <source>not a panel; one of %1</source>
        <translation>kein Bereich; einer von %1</translation>
    </message>
    <message>
        <source>not an Interleave lesson (expected &quot;%1&quot;)</source>
        <translation>keine Interleave-Lektion (erwartet &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>must be %1</source>
        <translation>muss %1 sein</translation>
    </message>
    <message>
        <source>missing, or not a list of moments</source>
        <translation>fehlt oder ist keine Liste von Momenten</translation>
    </message>
    <message>
        <source>more than %1 moments</source>
        <translation>mehr als %1 Momente</translation>
    </message>
    <message>
        <source>not a lesson file (JSON error at byte %1: %2)</source>
        <translation>keine Lektionsdatei (JSON-Fehler bei Byte %1: %2)</translation>
    </message>
    <message>
        <source>not a lesson file (expected one JSON object)</source>
        <translation>keine Lektionsdatei (erwartet: ein JSON-Objekt)</translation>
    </message>
    <message>
        <source>%1: cannot write: %2</source>
        <translation>%1: kann nicht schreiben: %2</translation>
    </message>
    <message>
        <source>%1: no lesson file under 16 MiB to read</source>
        <translation>%1: keine lesbare Lektionsdatei unter 16 MiB</translation>
    </message>
    <message>
        <source>the scenario has no figure &quot;%1&quot; (it has %2)</source>
        <translation>das Szenario hat keine Kennzahl „%1“ (es hat %2)</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <source>must not be empty</source>
        <translation>darf nicht leer sein</translation>
    </message>
</context>
<context>
    <name>LessonBanner</name>
    <message>
        <source>&lt;span style=&apos;color:#b00020&apos;&gt;&lt;b&gt;✗ This can go wrong here.&lt;/b&gt;&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#b00020&apos;&gt;&lt;b&gt;✗ Hier kann es schiefgehen.&lt;/b&gt;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#1b6e20&apos;&gt;&lt;b&gt;✓ This fix holds here.&lt;/b&gt;&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#1b6e20&apos;&gt;&lt;b&gt;✓ Diese Lösung hält hier.&lt;/b&gt;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#1b6e20&apos;&gt;&lt;b&gt;✓ This cannot go wrong here.&lt;/b&gt;&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#1b6e20&apos;&gt;&lt;b&gt;✓ Hier kann nichts schiefgehen.&lt;/b&gt;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>on one event loop a request runs without a break from one await to the next, and this code has no await between its check and its write</source>
        <translation>auf einer Event-Loop läuft eine Anfrage ohne Unterbrechung von einem await zum nächsten, und dieser Code hat kein await zwischen Prüfung und Schreiben</translation>
    </message>
    <message>
        <source>each request has its own thread, so one request&apos;s CPU work does not hold up the others</source>
        <translation>jede Anfrage hat ihren eigenen Thread, also hält die CPU-Arbeit einer Anfrage die anderen nicht auf</translation>
    </message>
    <message>
        <source>every request runs in one process, so its lock and its memory are shared by all of them; with several server instances each has its own</source>
        <translation>alle Anfragen laufen in einem Prozess, also teilen sie sich dessen Sperre und Speicher; mit mehreren Serverinstanzen hat jede ihre eigenen</translation>
    </message>
    <message>
        <source>this model gives the requests no chance to interleave where it matters</source>
        <translation>dieses Modell lässt die Anfragen dort, wo es darauf ankommt, nicht verschränken</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#1b6e20&apos;&gt;&lt;b&gt;Cannot go wrong on %1:&lt;/b&gt;&lt;/span&gt; %2. &lt;b&gt;Switch the model to see the bug.&lt;/b&gt;</source>
        <translation>&lt;span style=&apos;color:#1b6e20&apos;&gt;&lt;b&gt;Kann auf %1 nicht schiefgehen:&lt;/b&gt;&lt;/span&gt; %2. &lt;b&gt;Wechseln Sie das Modell, um den Fehler zu sehen.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;i&gt;Predict first: can it go wrong?&lt;/i&gt;</source>
        <translation>&lt;i&gt;Erst vorhersagen: Kann es schiefgehen?&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#1b6e20&apos;&gt;&lt;b&gt;✓ This fix holds here:&lt;/b&gt;&lt;/span&gt; %1.</source>
        <translation>&lt;span style=&apos;color:#1b6e20&apos;&gt;&lt;b&gt;✓ Diese Lösung hält hier:&lt;/b&gt;&lt;/span&gt; %1.</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#1b6e20&apos;&gt;&lt;b&gt;✓ This cannot go wrong here:&lt;/b&gt;&lt;/span&gt; %1.</source>
        <translation>&lt;span style=&apos;color:#1b6e20&apos;&gt;&lt;b&gt;✓ Das kann hier nicht schiefgehen:&lt;/b&gt;&lt;/span&gt; %1.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Shown:&lt;/b&gt; %1 on %2. %3</source>
        <translation>&lt;b&gt;Gezeigt:&lt;/b&gt; %1 auf %2. %3</translation>
    </message>
    <message>
        <source>&lt;i&gt;Whether it can go wrong here is yours to find out.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Ob es hier schiefgehen kann, finden Sie selbst heraus.&lt;/i&gt;</translation>
    </message>
</context>
<context>
    <name>LessonPlayer</name>
    <message>
        <source>Open &amp;lesson…</source>
        <translation>&amp;Lektion öffnen…</translation>
    </message>
    <message>
        <source>Open a lesson: prepared moments that PageDown and PageUp step through in presenter mode</source>
        <translation>Eine Lektion öffnen: vorbereitete Momente, durch die Bild↓ und Bild↑ im Präsentationsmodus blättern</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>Lektion öffnen</translation>
    </message>
    <message>
        <source>Interleave lessons (*.lesson);;All files (*)</source>
        <translation>Interleave-Lektionen (*.lesson);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Save as lesson &amp;moment</source>
        <translation>Als Lektions&amp;moment speichern</translation>
    </message>
    <message>
        <source>Add the scenario, fix, schedule, cursor and panels on screen to the open lesson</source>
        <translation>Szenario, Lösung, Zugfolge, Position und Bereiche auf dem Bildschirm zur offenen Lektion hinzufügen</translation>
    </message>
    <message>
        <source>New lesson</source>
        <translation>Neue Lektion</translation>
    </message>
    <message>
        <source>Interleave lessons (*.lesson)</source>
        <translation>Interleave-Lektionen (*.lesson)</translation>
    </message>
    <message>
        <source>Next lesson moment</source>
        <translation>Nächster Lektionsmoment</translation>
    </message>
    <message>
        <source>Previous lesson moment</source>
        <translation>Vorheriger Lektionsmoment</translation>
    </message>
    <message>
        <source>Nothing to save: no scenario is loaded.</source>
        <translation>Nichts zu speichern: kein Szenario geladen.</translation>
    </message>
    <message>
        <source>Moment %1 of %2</source>
        <translation>Moment %1 von %2</translation>
    </message>
    <message>
        <source>Moment %1 of %2: %3</source>
        <translation>Moment %1 von %2: %3</translation>
    </message>
    <message>
        <source>Speaker note</source>
        <translation>Sprechernotiz</translation>
    </message>
</context>
<context>
    <name>Machine</name>
    <message>
        <source>unknown model &quot;%1&quot; (expected threads, eventloop or instances:N with N from 1 to 16)</source>
        <translation>unbekanntes Modell &quot;%1&quot; (erwartet: threads, eventloop oder instances:N mit N von 1 bis 16)</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <source>Node.js event loop</source>
        <translation>Node.js-Event-Loop</translation>
    </message>
    <message numerus="yes">
        <source>%n server instance(s)</source>
        <translation>
            <numerusform>%n Serverinstanz</numerusform>
            <numerusform>%n Serverinstanzen</numerusform>
        </translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a constant built from parameters</source>
        <translation>&quot;%1&quot; muss eine aus Parametern gebildete Konstante sein</translation>
    </message>
    <message>
        <source>scenario &quot;%1&quot; has no strategy &quot;%2&quot; (it has %3)</source>
        <translation>Szenario &quot;%1&quot; hat keine Strategie &quot;%2&quot; (es hat %3)</translation>
    </message>
    <message>
        <source>scenario &quot;%1&quot; has no parameter &quot;%2&quot; (it has %3)</source>
        <translation>Szenario &quot;%1&quot; hat keinen Parameter &quot;%2&quot; (es hat %3)</translation>
    </message>
    <message>
        <source>%1 = %2 is outside the allowed range %3…%4</source>
        <translation>%1 = %2 liegt außerhalb des erlaubten Bereichs %3…%4</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>muss true oder false sein</translation>
    </message>
    <message>
        <source>must be a whole number of milliseconds from 0 to 86400000</source>
        <translation>muss eine ganze Zahl von Millisekunden zwischen 0 und 86400000 sein</translation>
    </message>
    <message>
        <source>unknown database setting &quot;%1&quot; (expected deadlockDetection, lockWaitTimeoutMs or unique)</source>
        <translation>unbekannte Datenbankeinstellung &quot;%1&quot; (erwartet: deadlockDetection, lockWaitTimeoutMs oder unique)</translation>
    </message>
    <message>
        <source>local &quot;%1&quot; has the name of a parameter; rename one of them</source>
        <translation>die lokale Variable &quot;%1&quot; hat den Namen eines Parameters; benennen Sie eine davon um</translation>
    </message>
    <message>
        <source>%1 actors is outside 0…200</source>
        <translation>%1 Akteure liegen außerhalb von 0…200</translation>
    </message>
    <message>
        <source>strategy &quot;%1&quot; has no program &quot;%2&quot;</source>
        <translation>Strategie &quot;%1&quot; hat kein Programm &quot;%2&quot;</translation>
    </message>
    <message>
        <source>no actors with these parameters</source>
        <translation>keine Akteure mit diesen Parametern</translation>
    </message>
    <message>
        <source>must be a list of key table names</source>
        <translation>muss eine Liste von Namen von Schlüsseltabellen sein</translation>
    </message>
    <message>
        <source>no key table &quot;%1&quot; in state.tables</source>
        <translation>keine Schlüsseltabelle &quot;%1&quot; in state.tables</translation>
    </message>
    <message>
        <source>at most 60 rules</source>
        <translation>höchstens 60 Regeln</translation>
    </message>
    <message>
        <source>ER_LOCK_DEADLOCK: Deadlock found when trying to get lock; try restarting transaction</source>
        <translation>ER_LOCK_DEADLOCK: Deadlock beim Versuch, eine Sperre zu erhalten; Transaktion neu starten</translation>
    </message>
    <message>
        <source>ER_LOCK_WAIT_TIMEOUT: Lock wait timeout exceeded; try restarting transaction</source>
        <translation>ER_LOCK_WAIT_TIMEOUT: Wartezeit auf Sperre überschritten; Transaktion neu starten</translation>
    </message>
    <message>
        <source>Storage rejected the write: its fencing token is older than one already seen</source>
        <translation>Der Speicher hat den Schreibvorgang abgelehnt: Sein Fencing-Token ist älter als ein bereits gesehenes</translation>
    </message>
    <message>
        <source>Storage rejected the read: its fencing token is older than one already seen</source>
        <translation>Der Speicher hat den Lesevorgang abgelehnt: Sein Fencing-Token ist älter als ein bereits gesehenes</translation>
    </message>
    <message>
        <source>No such row</source>
        <translation>Keine solche Zeile</translation>
    </message>
    <message>
        <source>Model limit: table is full</source>
        <translation>Modellgrenze: Tabelle ist voll</translation>
    </message>
    <message>
        <source>Model limit: more than 10,000 local steps without touching shared state</source>
        <translation>Modellgrenze: mehr als 10.000 lokale Schritte ohne Zugriff auf geteilten Zustand</translation>
    </message>
    <message>
        <source>Pool exhausted: timed out waiting for a connection</source>
        <translation>Pool erschöpft: Timeout beim Warten auf eine Verbindung</translation>
    </message>
    <message>
        <source>Model limit: a request waits in one queue at a time; it enqueued again before its dequeue</source>
        <translation>Modellgrenze: eine Anfrage wartet jeweils nur in einer Warteschlange; sie hat sich vor ihrem dequeue erneut eingereiht</translation>
    </message>
    <message>
        <source>model limit: more than %1 distinct error messages</source>
        <translation>Modellgrenze: mehr als %1 verschiedene Fehlermeldungen</translation>
    </message>
    <message>
        <source>unknown state field &quot;%1&quot; (expected tables, memory, mutexes, leases, queues or pools)</source>
        <translation>unbekanntes Zustandsfeld &quot;%1&quot; (erwartet: tables, memory, mutexes, leases, queues oder pools)</translation>
    </message>
    <message>
        <source>must be a list of names</source>
        <translation>muss eine Liste von Namen sein</translation>
    </message>
    <message>
        <source>must be a name</source>
        <translation>muss ein Name sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is declared twice</source>
        <translation>&quot;%1&quot; ist doppelt deklariert</translation>
    </message>
    <message>
        <source>a row needs a numeric &quot;id&quot;</source>
        <translation>eine Zeile braucht eine numerische &quot;id&quot;</translation>
    </message>
    <message>
        <source>duplicate row id %1</source>
        <translation>doppelte Zeilen-ID %1</translation>
    </message>
    <message>
        <source>table &quot;%1&quot; has no column &quot;%2&quot;</source>
        <translation>Tabelle &quot;%1&quot; hat keine Spalte &quot;%2&quot;</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot;</source>
        <translation>unbekanntes Feld &quot;%1&quot;</translation>
    </message>
    <message>
        <source>a table needs a &quot;name&quot;</source>
        <translation>eine Tabelle braucht einen &quot;name&quot;</translation>
    </message>
    <message>
        <source>table &quot;%1&quot; is declared twice</source>
        <translation>Tabelle &quot;%1&quot; ist doppelt deklariert</translation>
    </message>
    <message>
        <source>table &quot;%1&quot; has the name of a parameter; rename one of them</source>
        <translation>Tabelle &quot;%1&quot; hat den Namen eines Parameters; benennen Sie eines davon um</translation>
    </message>
    <message>
        <source>must list at least one column name</source>
        <translation>muss mindestens einen Spaltennamen aufführen</translation>
    </message>
    <message>
        <source>model limit: at most %1 columns</source>
        <translation>Modellgrenze: höchstens %1 Spalten</translation>
    </message>
    <message>
        <source>a table with columns needs at least one row</source>
        <translation>eine Tabelle mit Spalten braucht mindestens eine Zeile</translation>
    </message>
    <message>
        <source>must be a list of tables</source>
        <translation>muss eine Liste von Tabellen sein</translation>
    </message>
    <message>
        <source>model limit: at most %1 tables</source>
        <translation>Modellgrenze: höchstens %1 Tabellen</translation>
    </message>
    <message>
        <source>must be an object { … }</source>
        <translation>muss ein Objekt { … } sein</translation>
    </message>
    <message>
        <source>must be an object of name: value</source>
        <translation>muss ein Objekt aus name: wert sein</translation>
    </message>
    <message>
        <source>model limit: at most %1 memory cells</source>
        <translation>Modellgrenze: höchstens %1 Speicherzellen</translation>
    </message>
    <message>
        <source>must be an object of name: size</source>
        <translation>muss ein Objekt aus name: größe sein</translation>
    </message>
    <message>
        <source>a pool needs at least one connection</source>
        <translation>ein Pool braucht mindestens eine Verbindung</translation>
    </message>
    <message>
        <source>step &quot;%1&quot; needs &quot;%2&quot;</source>
        <translation>Schritt &quot;%1&quot; braucht &quot;%2&quot;</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is a parameter and cannot be assigned</source>
        <translation>&quot;%1&quot; ist ein Parameter und kann nicht zugewiesen werden</translation>
    </message>
    <message>
        <source>missing &quot;%1&quot;</source>
        <translation>&quot;%1&quot; fehlt</translation>
    </message>
    <message>
        <source>no %1 &quot;%2&quot; is declared in state</source>
        <translation>in state ist kein %1 &quot;%2&quot; deklariert</translation>
    </message>
    <message>
        <source>no memory cell &quot;%1&quot; in state.memory</source>
        <translation>keine Speicherzelle &quot;%1&quot; in state.memory</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a cell; write table[id].column or mem.name</source>
        <translation>&quot;%1&quot; ist keine Zelle; schreiben Sie table[id].column oder mem.name</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a row; write table[id]</source>
        <translation>&quot;%1&quot; ist keine Zeile; schreiben Sie table[id]</translation>
    </message>
    <message>
        <source>no table &quot;%1&quot; with columns in state.tables</source>
        <translation>keine Tabelle &quot;%1&quot; mit Spalten in state.tables</translation>
    </message>
    <message>
        <source>only database rows can be read FOR UPDATE</source>
        <translation>nur Datenbankzeilen können FOR UPDATE gelesen werden</translation>
    </message>
    <message>
        <source>only database rows check fencing tokens</source>
        <translation>nur Datenbankzeilen prüfen Fencing-Tokens</translation>
    </message>
    <message>
        <source>model limit: at most %1 lines in a program</source>
        <translation>Modellgrenze: höchstens %1 Zeilen in einem Programm</translation>
    </message>
    <message>
        <source>label &quot;%1&quot; is used twice</source>
        <translation>Label &quot;%1&quot; wird doppelt verwendet</translation>
    </message>
    <message>
        <source>goto to unknown label &quot;%1&quot;</source>
        <translation>goto zu unbekanntem Label &quot;%1&quot;</translation>
    </message>
    <message>
        <source>the program has no steps; add &quot;steps&quot; to at least one line</source>
        <translation>das Programm hat keine Schritte; fügen Sie mindestens einer Zeile &quot;steps&quot; hinzu</translation>
    </message>
    <message>
        <source>Waits in queue %1 until the worker finishes %2&apos;s job.</source>
        <translation>Wartet in Warteschlange %1, bis der Worker den Auftrag von %2 erledigt hat.</translation>
    </message>
    <message>
        <source>Waits for the row lock on %1, held by %2.</source>
        <translation>Wartet auf die Zeilensperre auf %1, gehalten von %2.</translation>
    </message>
    <message>
        <source>Waits for the shared lock on %1 that %2&apos;s SELECT holds.</source>
        <translation>Wartet auf die geteilte Sperre auf %1, die das SELECT von %2 hält.</translation>
    </message>
    <message>
        <source>Waits: %1 inserted the same key %2 into %3 and has not committed yet.</source>
        <translation>Wartet: %1 hat denselben Schlüssel %2 in %3 eingefügt und noch nicht committet.</translation>
    </message>
    <message>
        <source>Waits for mutex %1, which it already holds itself: it will wait forever.</source>
        <translation>Wartet auf Mutex %1, den sie schon selbst hält: Sie wird für immer warten.</translation>
    </message>
    <message>
        <source>Waits for mutex %1, held by %2.</source>
        <translation>Wartet auf Mutex %1, gehalten von %2.</translation>
    </message>
    <message>
        <source>Waits for lock %1, held by %2 until t=%3 ms.</source>
        <translation>Wartet auf Sperre %1, gehalten von %2 bis t=%3 ms.</translation>
    </message>
    <message>
        <source>Waits for a free connection in pool %1.</source>
        <translation>Wartet auf eine freie Verbindung in Pool %1.</translation>
    </message>
    <message>
        <source>%1 has finished.</source>
        <translation>%1 ist fertig.</translation>
    </message>
    <message>
        <source>%1 has failed: %2</source>
        <translation>%1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Busy or paused until t=%1 ms; advance time to wake it.</source>
        <translation>Beschäftigt oder pausiert bis t=%1 ms; lassen Sie Zeit vergehen, um sie zu wecken.</translation>
    </message>
    <message>
        <source>The event loop is busy running %1; nothing else on it can run.</source>
        <translation>Die Event-Loop ist mit %1 beschäftigt; nichts anderes kann darauf laufen.</translation>
    </message>
    <message>
        <source>stuck: every request waits forever</source>
        <translation>festgefahren: jede Anfrage wartet für immer</translation>
    </message>
    <message>
        <source>clock</source>
        <translation>Uhr</translation>
    </message>
    <message>
        <source>unknown database &quot;%1&quot; (expected mysql or postgres)</source>
        <translation>unbekannte Datenbank „%1“ (erwartet: mysql oder postgres)</translation>
    </message>
    <message>
        <source>unknown isolation level &quot;%1&quot; (expected ru, rc, rr or ser)</source>
        <translation>unbekannte Isolationsstufe „%1“ (erwartet: ru, rc, rr oder ser)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a database variant such as &quot;mysql/rr&quot;</source>
        <translation>„%1“ ist keine Datenbankvariante wie „mysql/rr“</translation>
    </message>
    <message>
        <source>ER_DUP_ENTRY: Duplicate entry for key</source>
        <translation>ER_DUP_ENTRY: Doppelter Eintrag für Schlüssel</translation>
    </message>
    <message>
        <source>40P01: deadlock detected</source>
        <translation>40P01: Deadlock erkannt</translation>
    </message>
    <message>
        <source>55P03: canceling statement due to lock timeout</source>
        <translation>55P03: Anweisung wegen Sperr-Timeout abgebrochen</translation>
    </message>
    <message>
        <source>40001: could not serialize access due to concurrent update</source>
        <translation>40001: Zugriff konnte wegen gleichzeitiger Aktualisierung nicht serialisiert werden</translation>
    </message>
    <message>
        <source>40001: could not serialize access due to read/write dependencies among transactions</source>
        <translation>40001: Zugriff konnte wegen Lese-/Schreibabhängigkeiten zwischen Transaktionen nicht serialisiert werden</translation>
    </message>
    <message>
        <source>23505: duplicate key value violates unique constraint</source>
        <translation>23505: doppelter Schlüsselwert verletzt Unique-Constraint</translation>
    </message>
    <message>
        <source>%1 is modelled for at most %2 requests and %2 rows; this variant has %3 requests and %4 rows (choose another isolation level or fewer requests)</source>
        <translation>%1 ist für höchstens %2 Anfragen und %2 Zeilen modelliert; diese Variante hat %3 Anfragen und %4 Zeilen (wählen Sie eine andere Isolationsstufe oder weniger Anfragen)</translation>
    </message>
    <message>
        <source>The clock</source>
        <translation>Die Uhr</translation>
    </message>
    <message>
        <source>%1 locks and reads %2 = %3 (SELECT … FOR UPDATE).</source>
        <translation>%1 sperrt und liest %2 = %3 (SELECT … FOR UPDATE).</translation>
    </message>
    <message>
        <source>%1 reads %2 = %3.</source>
        <translation>%1 liest %2 = %3.</translation>
    </message>
    <message>
        <source>%1 tries to write %2 = %3 with fencing token %4; storage has seen a newer token and rejects it.</source>
        <translation>%1 versucht, %2 = %3 mit Fencing-Token %4 zu schreiben; der Speicher hat ein neueres Token gesehen und lehnt ab.</translation>
    </message>
    <message>
        <source>%1 writes %2 = %3 with fencing token %4.</source>
        <translation>%1 schreibt %2 = %3 mit Fencing-Token %4.</translation>
    </message>
    <message>
        <source>%1 writes %2 = %3.</source>
        <translation>%1 schreibt %2 = %3.</translation>
    </message>
    <message>
        <source>%1 updates %2 to %3 in one atomic statement (1 row affected).</source>
        <translation>%1 setzt %2 in einer atomaren Anweisung auf %3 (1 Zeile betroffen).</translation>
    </message>
    <message>
        <source>%1&apos;s atomic update of %2 matches no row (0 rows affected): its condition is false.</source>
        <translation>Das atomare Update von %1 auf %2 trifft keine Zeile (0 Zeilen betroffen): Seine Bedingung ist falsch.</translation>
    </message>
    <message>
        <source>%1 inserts key %2 into %3.</source>
        <translation>%1 fügt Schlüssel %2 in %3 ein.</translation>
    </message>
    <message>
        <source>%1 tries to insert key %2 into %3, but the unique key rejects the duplicate.</source>
        <translation>%1 versucht, Schlüssel %2 in %3 einzufügen, aber der eindeutige Schlüssel weist das Duplikat ab.</translation>
    </message>
    <message>
        <source>%1 looks for key %2 in %3 and finds it.</source>
        <translation>%1 sucht Schlüssel %2 in %3 und findet ihn.</translation>
    </message>
    <message>
        <source>%1 looks for key %2 in %3 and does not find it.</source>
        <translation>%1 sucht Schlüssel %2 in %3 und findet ihn nicht.</translation>
    </message>
    <message>
        <source>%1 begins a transaction.</source>
        <translation>%1 beginnt eine Transaktion.</translation>
    </message>
    <message>
        <source>%1 commits: its changes become visible and its row locks are released.</source>
        <translation>%1 committet: Die Änderungen werden sichtbar, und die Zeilensperren werden freigegeben.</translation>
    </message>
    <message>
        <source>%1 rolls back: its uncommitted changes are discarded.</source>
        <translation>%1 rollt zurück: Die nicht committeten Änderungen werden verworfen.</translation>
    </message>
    <message>
        <source>%1 must wait for %2.</source>
        <translation>%1 muss auf %2 warten.</translation>
    </message>
    <message>
        <source>%1 must wait for %2, held by %3.</source>
        <translation>%1 muss auf %2 warten, gehalten von %3.</translation>
    </message>
    <message>
        <source>%1 acquires lock %2 (SET NX PX) with fencing token %3; it expires at t=%4 ms.</source>
        <translation>%1 erhält Sperre %2 (SET NX PX) mit Fencing-Token %3; sie läuft bei t=%4 ms ab.</translation>
    </message>
    <message>
        <source>%1 takes a connection from pool %2 (%3 left).</source>
        <translation>%1 nimmt eine Verbindung aus Pool %2 (%3 übrig).</translation>
    </message>
    <message>
        <source>%1 acquires the lock on %2.</source>
        <translation>%1 erhält die Sperre auf %2.</translation>
    </message>
    <message>
        <source>%1 deletes lock %2 without checking its owner, but the lock now belongs to %3!</source>
        <translation>%1 löscht Sperre %2, ohne den Besitzer zu prüfen, aber die Sperre gehört jetzt %3!</translation>
    </message>
    <message>
        <source>%1 releases %2.</source>
        <translation>%1 gibt %2 frei.</translation>
    </message>
    <message>
        <source>%1 deletes lock %2, but it is already gone: nothing to delete.</source>
        <translation>%1 löscht Sperre %2, aber sie ist schon weg: nichts zu löschen.</translation>
    </message>
    <message>
        <source>%1 leaves lock %2 alone: it no longer holds it (the lease expired), and the owner check deletes only its own lock.</source>
        <translation>%1 lässt Sperre %2 in Ruhe: Sie gehört %1 nicht mehr (das Lease ist abgelaufen), und die Besitzerprüfung löscht nur die eigene Sperre.</translation>
    </message>
    <message>
        <source>%1 leaves lock %2 alone: it now belongs to %3, and the owner check deletes only its own lock.</source>
        <translation>%1 lässt Sperre %2 in Ruhe: Sie gehört jetzt %3, und die Besitzerprüfung löscht nur die eigene Sperre.</translation>
    </message>
    <message>
        <source>%1 finds lock %2 held by %3.</source>
        <translation>%1 findet Sperre %2, gehalten von %3.</translation>
    </message>
    <message>
        <source>%1 cannot take %2: it is already taken.</source>
        <translation>%1 kann %2 nicht nehmen: bereits belegt.</translation>
    </message>
    <message>
        <source>Lock %1 of %2 expires (TTL ran out). Its holder is not told.</source>
        <translation>Sperre %1 von %2 läuft ab (TTL abgelaufen). Der Halter erfährt es nicht.</translation>
    </message>
    <message>
        <source>%1 puts its job on queue %2.</source>
        <translation>%1 stellt den eigenen Auftrag in Warteschlange %2.</translation>
    </message>
    <message>
        <source>The worker finishes %1&apos;s job from queue %2.</source>
        <translation>Der Worker erledigt den Auftrag von %1 aus Warteschlange %2.</translation>
    </message>
    <message>
        <source>%1 waits %2 ms (setTimeout); other threads keep running.</source>
        <translation>%1 wartet %2 ms (setTimeout); andere Threads laufen weiter.</translation>
    </message>
    <message>
        <source>%1 resumes after awaiting a %2 ms timer; meanwhile the event loop was free for other requests.</source>
        <translation>%1 läuft nach dem await auf einen Timer von %2 ms weiter; währenddessen war die Event-Loop für andere Anfragen frei.</translation>
    </message>
    <message>
        <source>%1 is paused for %2 ms (for example a GC pause); it does not notice.</source>
        <translation>%1 wird für %2 ms angehalten (zum Beispiel eine GC-Pause) und merkt es nicht.</translation>
    </message>
    <message>
        <source>%1 does %2 ms of CPU work.</source>
        <translation>%1 leistet %2 ms CPU-Arbeit.</translation>
    </message>
    <message>
        <source>%1 resumes.</source>
        <translation>%1 läuft weiter.</translation>
    </message>
    <message>
        <source>%1 computes %2 = %3.</source>
        <translation>%1 berechnet %2 = %3.</translation>
    </message>
    <message>
        <source>%1 fails: %2</source>
        <translation>%1 schlägt fehl: %2</translation>
    </message>
    <message>
        <source>%1 finishes successfully.</source>
        <translation>%1 endet erfolgreich.</translation>
    </message>
    <message>
        <source>Deadlock: %1 requests wait for each other in a cycle. The database picks %2 as the victim and rolls it back.</source>
        <translation>Deadlock: %1 Anfragen warten im Kreis aufeinander. Die Datenbank wählt %2 als Opfer und rollt diese Transaktion zurück.</translation>
    </message>
    <message>
        <source>%1 has waited too long for %2 and gives up.</source>
        <translation>%1 hat zu lange auf %2 gewartet und gibt auf.</translation>
    </message>
    <message>
        <source>Rule broken: %1. %2</source>
        <translation>Regel verletzt: %1. %2</translation>
    </message>
    <message>
        <source>A rule is broken.</source>
        <translation>Eine Regel ist verletzt.</translation>
    </message>
    <message>
        <source>%1 writes although it no longer holds its lock (the lease expired or was deleted): nothing stops this stale write.</source>
        <translation>%1 schreibt, obwohl die Sperre nicht mehr gehalten wird (das Lease ist abgelaufen oder wurde gelöscht): Nichts hält diesen veralteten Schreibvorgang auf.</translation>
    </message>
    <message>
        <source>%1 released a lock it no longer owned.</source>
        <translation>%1 hat eine Sperre freigegeben, die nicht mehr die eigene war.</translation>
    </message>
    <message>
        <source>Anomaly.</source>
        <translation>Anomalie.</translation>
    </message>
    <message>
        <source>Time passes: the clock is now t=%1 ms.</source>
        <translation>Zeit vergeht: Die Uhr steht jetzt bei t=%1 ms.</translation>
    </message>
    <message>
        <source>only a table that some step inserts into can have an absent row</source>
        <translation>nur eine Tabelle, in die ein Schritt einfügt, kann eine fehlende Zeile haben</translation>
    </message>
    <message>
        <source>an absent row has no values: its insert gives them</source>
        <translation>eine fehlende Zeile hat keine Werte: ihr INSERT gibt sie ihr</translation>
    </message>
    <message>
        <source>step &quot;%1&quot; needs &quot;set&quot;: { column: expression }</source>
        <translation>Schritt &quot;%1&quot; braucht &quot;set&quot;: { Spalte: Ausdruck }</translation>
    </message>
    <message>
        <source>only &quot;select&quot; sums rows</source>
        <translation>nur &quot;select&quot; summiert Zeilen</translation>
    </message>
    <message>
        <source>only &quot;begin&quot; retries its transaction</source>
        <translation>nur &quot;begin&quot; wiederholt seine Transaktion</translation>
    </message>
    <message>
        <source>%1 gets %2 and retries its transaction from BEGIN.</source>
        <translation>%1 erhält %2 und wiederholt seine Transaktion ab BEGIN.</translation>
    </message>
    <message>
        <source>model limit: at most %1 actors in all</source>
        <translation>Modellgrenze: höchstens %1 Akteure insgesamt</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Interleave</source>
        <translation>Interleave</translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation>Szenarien</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>Outcomes</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <source>Compare fixes</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>Who waits for whom</source>
        <translation>Wer wartet?</translation>
    </message>
    <message>
        <source>What happens</source>
        <translation>Was passiert</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open scenario file…</source>
        <translation>Szenariodatei ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Step</source>
        <translation>&amp;Schritt</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <source>Cancel running job</source>
        <translation>Laufenden Auftrag abbrechen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>A&amp;nsicht</translation>
    </message>
    <message>
        <source>Fit timeline to window</source>
        <translation>Zeitleiste ans Fenster anpassen</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard reference</source>
        <translation>&amp;Tastaturübersicht</translation>
    </message>
    <message>
        <source>&amp;About Interleave</source>
        <translation>Ü&amp;ber Interleave</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>No built-in scenario &quot;%1&quot; and no such file.</source>
        <translation>Kein eingebautes Szenario „%1“ und keine solche Datei.</translation>
    </message>
    <message>
        <source>Open scenario</source>
        <translation>Szenario öffnen</translation>
    </message>
    <message>
        <source>Scenario files (*.json);;All files (*)</source>
        <translation>Szenariodateien (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Ran once on real threads in %1 ms: %2</source>
        <translation>Einmal auf echten Threads ausgeführt, in %1 ms: %2</translation>
    </message>
    <message>
        <source>Loaded the schedule %1. Undo (Backspace) to step back through it.</source>
        <translation>Schedule %1 geladen. Mit Rückgängig (Rücktaste) gehen Sie ihn schrittweise zurück.</translation>
    </message>
    <message>
        <source>Execution model</source>
        <translation>Ausführungsmodell</translation>
    </message>
    <message>
        <source>Predict, then reveal</source>
        <translation>Vorhersagen, dann aufdecken</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>The timeline, dashboard or wait-for graph as PNG, SVG or PDF; the trace for Perfetto; the graph as DOT</source>
        <translation>Die Zeitleiste, das Dashboard oder den Wartegraphen als PNG, SVG oder PDF; den Trace für Perfetto; den Graphen als DOT</translation>
    </message>
    <message>
        <source>&amp;Classroom</source>
        <translation>&amp;Unterricht</translation>
    </message>
    <message>
        <source>Export the visible range…</source>
        <translation>Sichtbaren Bereich exportieren…</translation>
    </message>
    <message>
        <source>Export the whole timeline…</source>
        <translation>Ganze Zeitleiste exportieren…</translation>
    </message>
    <message>
        <source>Export the trace for Perfetto…</source>
        <translation>Trace für Perfetto exportieren…</translation>
    </message>
    <message>
        <source>Fit to window</source>
        <translation>An Fenster anpassen</translation>
    </message>
    <message>
        <source>Opened the session %1.</source>
        <translation>Sitzung %1 geöffnet.</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>Nebeneinander</translation>
    </message>
    <message>
        <source>Interleave — %1 · %2 · %3 · %4</source>
        <translation>Interleave — %1 · %2 · %3 · %4</translation>
    </message>
    <message>
        <source>Export &amp;handout…</source>
        <translation>&amp;Handout exportieren…</translation>
    </message>
    <message>
        <source>For class, on paper: one page per move, an exercise sheet, its answer sheet</source>
        <translation>Für den Unterricht, auf Papier: eine Seite pro Zug, ein Arbeitsblatt, sein Lösungsblatt</translation>
    </message>
    <message>
        <source>Challenge</source>
        <translation>Challenge</translation>
    </message>
    <message>
        <source>Challen&amp;ges</source>
        <translation>Challen&amp;ges</translation>
    </message>
    <message>
        <source>%1 (Esc cancels)</source>
        <translation>%1 (Esc bricht ab)</translation>
    </message>
</context>
<context>
    <name>ModelBar</name>
    <message>
        <source>Runs on:</source>
        <translation>Läuft auf:</translation>
    </message>
    <message>
        <source>Execution model: OS threads interleave at every shared step; a Node.js event loop only at await; several server instances each have their own memory and in-process locks.</source>
        <translation>Ausführungsmodell: OS-Threads verzahnen sich bei jedem Schritt auf geteiltem Zustand; eine Node.js-Event-Loop nur bei await; mehrere Serverinstanzen haben jeweils ihren eigenen Speicher und ihre eigenen prozessinternen Sperren.</translation>
    </message>
    <message>
        <source>×</source>
        <translation>×</translation>
    </message>
    <message>
        <source>How many server instances</source>
        <translation>Wie viele Serverinstanzen</translation>
    </message>
    <message>
        <source>Several server instances</source>
        <translation>Mehrere Instanzen</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Datenbank:</translation>
    </message>
    <message>
        <source>Which database runs the SQL, and at which isolation level: what a plain SELECT sees, which statements wait, and which fail with a deadlock or serialization error.</source>
        <translation>Welche Datenbank das SQL ausführt, und auf welcher Isolationsstufe: was ein einfaches SELECT sieht, welche Anweisungen warten und welche mit einem Deadlock- oder Serialisierungsfehler scheitern.</translation>
    </message>
    <message>
        <source>Instances</source>
        <translation>Instanzen</translation>
    </message>
    <message>
        <source>Event loop</source>
        <translation>Event-Loop</translation>
    </message>
</context>
<context>
    <name>MoveStatus</name>
    <message>
        <source>Move %1 of %2 · t = %3 ms</source>
        <translation>Zug %1 von %2 · t = %3 ms</translation>
    </message>
    <message>
        <source>Every request has finished. Undo (Backspace) to try another order.</source>
        <translation>Alle fertig. Rückgängig (Rücktaste): eine andere Reihenfolge.</translation>
    </message>
</context>
<context>
    <name>NarrationModel</name>
    <message>
        <source>someone</source>
        <translation>jemand</translation>
    </message>
    <message>
        <source>This value goes stale: %1 writes %2 (move %3) before %4 writes back.</source>
        <translation>Dieser Wert veraltet: %1 schreibt %2 (Zug %3), bevor %4 zurückschreibt.</translation>
    </message>
    <message>
        <source> %1 computed %2 from the value it read at move %3, before %4 wrote.</source>
        <translation> %1 hat %2 aus dem Wert berechnet, den es in Zug %3 gelesen hat, bevor %4 geschrieben hat.</translation>
    </message>
    <message>
        <source>⚠ Lost update: %1&apos;s write (%2) is gone, overwritten by %3.</source>
        <translation>⚠ Verlorenes Update: Der Schreibvorgang von %1 (%2) ist weg, überschrieben von %3.</translation>
    </message>
    <message>
        <source>⚠ Why: each transaction holds a lock the other one needs, and neither lets go. If every transaction takes its locks in the same order (for example sorted by id), this cycle cannot form.</source>
        <translation>⚠ Warum: Jede Transaktion hält eine Sperre, die die andere braucht, und keine gibt nach. Nehmen alle Transaktionen ihre Sperren in derselben Reihenfolge (zum Beispiel nach ID sortiert), kann dieser Zyklus nicht entstehen.</translation>
    </message>
</context>
<context>
    <name>OutcomeChart</name>
    <message>
        <source>Press &lt;b&gt;Explore all&lt;/b&gt; to count every possible interleaving, or &lt;b&gt;Run ×N&lt;/b&gt; for trials on real threads.</source>
        <translation>Drücken Sie &lt;b&gt;Alle erkunden&lt;/b&gt;, um jede mögliche Verzahnung zu zählen, oder &lt;b&gt;×N ausführen&lt;/b&gt; für Durchläufe auf echten Threads.</translation>
    </message>
    <message>
        <source>%1
%2 — click to load its schedule: %3</source>
        <translation>%1
%2 – klicken, um seinen Schedule zu laden: %3</translation>
    </message>
    <message>
        <source>✗ Breaks a rule</source>
        <translation>✗ Verletzt eine Regel</translation>
    </message>
    <message>
        <source>✗ Breaks: %1</source>
        <translation>✗ Verletzt: %1</translation>
    </message>
    <message>
        <source>✓ Every rule holds</source>
        <translation>✓ Jede Regel gilt</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message numerus="yes">
        <source>%n other outcome(s), %1 breaking a rule — click to show them all</source>
        <translation>
            <numerusform>%n weiteres Ergebnis, %1 davon verletzt eine Regel — klicken, um alle zu zeigen</numerusform>
            <numerusform>%n weitere Ergebnisse, %1 davon verletzen eine Regel — klicken, um alle zu zeigen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OutcomeLabels</name>
    <message>
        <source>all but %1: %2</source>
        <translation>alle außer %1: %2</translation>
    </message>
    <message>
        <source>no request failed</source>
        <translation>keine Anfrage ist gescheitert</translation>
    </message>
    <message>
        <source>same figures, other state</source>
        <translation>gleiche Kennzahlen, anderer Zustand</translation>
    </message>
</context>
<context>
    <name>OutcomesPresenter</name>
    <message>
        <source>The trials above were for another variant. Press &lt;b&gt;Run ×N&lt;/b&gt; again.</source>
        <translation>Die Durchläufe oben gehörten zu einer anderen Variante. Drücken Sie erneut &lt;b&gt;×N ausführen&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>deadlock</source>
        <translation>Deadlock</translation>
    </message>
    <message>
        <source>deadlock: %1</source>
        <translation>Deadlock: %1</translation>
    </message>
    <message>
        <source>livelock: %1</source>
        <translation>Livelock: %1</translation>
    </message>
    <message>
        <source>%1 of %2 interleavings</source>
        <translation>%1 von %2 Verzahnungen</translation>
    </message>
    <message>
        <source>On threads a move runs a request to its next access to shared state.</source>
        <translation>Auf Threads führt ein Zug eine Anfrage bis zu ihrem nächsten Zugriff auf gemeinsamen Zustand.</translation>
    </message>
    <message>
        <source>On an event loop a move runs a request from one await to the next, so there are fewer moves, and fewer interleavings, than on threads.</source>
        <translation>Auf einer Event-Loop führt ein Zug eine Anfrage von einem await zum nächsten; daher gibt es weniger Züge und weniger Verschränkungen als auf Threads.</translation>
    </message>
    <message>
        <source>%L1 distinct states, %2 s. Click a bar to step through one schedule that ends there.</source>
        <translation>%L1 verschiedene Zustände, %2 s. Klicken Sie auf einen Balken, um einen Schedule, der dort endet, schrittweise durchzugehen.</translation>
    </message>
    <message>
        <source>%1 of %2 trials</source>
        <translation>%1 von %2 Durchläufen</translation>
    </message>
    <message>
        <source>%1 of %2 trials on real threads broke a rule.</source>
        <translation>%1 von %2 Durchläufen auf echten Threads haben eine Regel verletzt.</translation>
    </message>
    <message>
        <source>%1 ms in all. Threads interleave differently each run; Explore all counts every possibility.</source>
        <translation>%1 ms insgesamt. Threads verzahnen sich bei jedem Lauf anders; „Alle erkunden“ zählt jede Möglichkeit.</translation>
    </message>
    <message>
        <source>Cancelled after %1 of %2 trials. </source>
        <translation>Nach %1 von %2 Durchläufen abgebrochen. </translation>
    </message>
    <message>
        <source>reached; not counted</source>
        <translation>erreicht; nicht gezählt</translation>
    </message>
</context>
<context>
    <name>ParameterBar</name>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
</context>
<context>
    <name>PlayController</name>
    <message>
        <source>No interleaving breaks a rule here: there is no bug to show.</source>
        <translation>Hier verletzt keine Verzahnung eine Regel: Es gibt keinen Fehler zu zeigen.</translation>
    </message>
    <message>
        <source>Playing the simplest schedule that breaks a rule: %1</source>
        <translation>Spiele den einfachsten Schedule ab, der eine Regel verletzt: %1</translation>
    </message>
</context>
<context>
    <name>PredictionCheck</name>
    <message>
        <source>&quot;%1&quot; is not a whole number; write the values separated by commas, for example 1100, 1300</source>
        <translation>„%1“ ist keine ganze Zahl; schreiben Sie die Werte durch Kommas getrennt, zum Beispiel 1100, 1300</translation>
    </message>
    <message>
        <source>write at least one value, for example 1300</source>
        <translation>geben Sie mindestens einen Wert ein, zum Beispiel 1300</translation>
    </message>
    <message>
        <source>%1 (%2 interleavings)</source>
        <translation>%1 (%2 Verzahnungen)</translation>
    </message>
    <message>
        <source>Possible final values of %1: %2.</source>
        <translation>Mögliche Endwerte von %1: %2.</translation>
    </message>
    <message>
        <source>Your prediction is exactly right.</source>
        <translation>Ihre Vorhersage ist genau richtig.</translation>
    </message>
    <message>
        <source>You predicted %1 correctly.</source>
        <translation>Richtig vorhergesagt: %1.</translation>
    </message>
    <message>
        <source>You missed %1.</source>
        <translation>Übersehen: %1.</translation>
    </message>
    <message>
        <source>%1 cannot happen in any interleaving.</source>
        <translation>%1 kann in keiner Verzahnung vorkommen.</translation>
    </message>
    <message>
        <source>The exploration was incomplete: other values may also be possible.</source>
        <translation>Die Erkundung war unvollständig: Auch andere Werte könnten möglich sein.</translation>
    </message>
    <message>
        <source>Some interleavings never end.</source>
        <translation>Manche Verzahnungen enden nie.</translation>
    </message>
</context>
<context>
    <name>PredictionPanel</name>
    <message>
        <source>Hidden: predict first, then reveal (F7)</source>
        <translation>Verborgen: erst vorhersagen, dann aufdecken (F7)</translation>
    </message>
    <message>
        <source>Checking every interleaving…</source>
        <translation>Alle Verzahnungen werden geprüft…</translation>
    </message>
    <message>
        <source>&amp;Predict, then reveal</source>
        <translation>&amp;Vorhersagen, dann aufdecken</translation>
    </message>
    <message>
        <source>Hide the final state and the histogram while students predict (F6)</source>
        <translation>Endzustand und Histogramm verbergen, während die Studierenden vorhersagen (F6)</translation>
    </message>
    <message>
        <source>&amp;Reveal</source>
        <translation>&amp;Aufdecken</translation>
    </message>
    <message>
        <source>Check the prediction against every interleaving and show the outcomes (F7)</source>
        <translation>Die Vorhersage mit allen Verzahnungen abgleichen und die Ergebnisse zeigen (F7)</translation>
    </message>
    <message>
        <source>Which final values are possible? Pick the figure, type every value you expect, then reveal.</source>
        <translation>Welche Endwerte sind möglich? Wählen Sie die Kennzahl, geben Sie jeden erwarteten Wert ein und decken Sie dann auf.</translation>
    </message>
    <message>
        <source>for example 1100, 1200, 1300</source>
        <translation>zum Beispiel 1100, 1200, 1300</translation>
    </message>
    <message>
        <source>Reveal (F7)</source>
        <translation>Aufdecken (F7)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#1b6e20&apos;&gt;✓ Exactly right.&lt;/b&gt;</source>
        <translation>&lt;b style=&apos;color:#1b6e20&apos;&gt;✓ Genau richtig.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#b00020&apos;&gt;✗ Not quite.&lt;/b&gt;</source>
        <translation>&lt;b style=&apos;color:#b00020&apos;&gt;✗ Nicht ganz.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Predicted correctly: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Richtig vorhergesagt: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Missed: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Übersehen: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Impossible: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Unmöglich: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>PresenterMode</name>
    <message>
        <source>&amp;Presenter mode</source>
        <translation>&amp;Präsentationsmodus</translation>
    </message>
    <message>
        <source>Full screen, everything larger, high contrast; code, timeline and verdict only (F5)</source>
        <translation>Vollbild, alles größer, hoher Kontrast; nur Code, Zeitleiste und Urteil (F5)</translation>
    </message>
    <message>
        <source>Show the toolbars</source>
        <translation>Werkzeugleisten zeigen</translation>
    </message>
</context>
<context>
    <name>PrivateServer</name>
    <message>
        <source>%1 is not installed: the program %2 is missing (Debian package %3)</source>
        <translation>%1 ist nicht installiert: das Programm %2 fehlt (Debian-Paket %3)</translation>
    </message>
    <message>
        <source>Starting %1…</source>
        <translation>%1 wird gestartet…</translation>
    </message>
    <message>
        <source>Waiting for %1 to answer…</source>
        <translation>Warten, bis %1 antwortet…</translation>
    </message>
    <message>
        <source>%1 is ready (%2 s).</source>
        <translation>%1 ist bereit (%2 s).</translation>
    </message>
    <message>
        <source>cannot create a temporary directory: %1</source>
        <translation>kann kein temporäres Verzeichnis anlegen: %1</translation>
    </message>
    <message>
        <source>cannot give %1 to the user nobody, as PostgreSQL will not run as root</source>
        <translation>kann %1 nicht dem Benutzer nobody übergeben; PostgreSQL läuft nicht als root</translation>
    </message>
    <message>
        <source>Creating the %1 data directory…</source>
        <translation>Das Datenverzeichnis von %1 wird angelegt…</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>%1 did not finish within 60 s</source>
        <translation>%1 wurde nicht innerhalb von 60 s fertig</translation>
    </message>
    <message>
        <source>%1 failed (exit code %2): %3</source>
        <translation>%1 ist fehlgeschlagen (Exit-Code %2): %3</translation>
    </message>
    <message>
        <source>%1 did not start: %2</source>
        <translation>%1 ist nicht gestartet: %2</translation>
    </message>
    <message>
        <source>%1 stopped while starting: %2</source>
        <translation>%1 hat sich beim Starten beendet: %2</translation>
    </message>
    <message>
        <source>%1 did not answer within 60 s: %2</source>
        <translation>%1 hat nicht innerhalb von 60 s geantwortet: %2</translation>
    </message>
    <message>
        <source>no log</source>
        <translation>kein Protokoll</translation>
    </message>
</context>
<context>
    <name>RecentFiles</name>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>%1 is no longer there; it was taken off the recent files.</source>
        <translation>%1 gibt es nicht mehr; die Datei wurde aus der Liste der zuletzt geöffneten entfernt.</translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation>Liste &amp;leeren</translation>
    </message>
</context>
<context>
    <name>RedisLeases</name>
    <message>
        <source>cannot reach Redis at %1: %2</source>
        <translation>Redis unter %1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>out of memory</source>
        <translation>kein Speicher mehr</translation>
    </message>
    <message>
        <source>Redis at %1 refused the password: %2</source>
        <translation>Redis unter %1 hat das Passwort abgelehnt: %2</translation>
    </message>
    <message>
        <source>Redis at %1 does not answer: %2</source>
        <translation>Redis unter %1 antwortet nicht: %2</translation>
    </message>
    <message>
        <source>built without hiredis (Debian package libhiredis-dev): lease steps cannot run on Redis</source>
        <translation>ohne hiredis gebaut (Debian-Paket libhiredis-dev): Lease-Schritte können nicht auf Redis laufen</translation>
    </message>
    <message>
        <source>an unknown owner (%1)</source>
        <translation>ein unbekannter Besitzer (%1)</translation>
    </message>
    <message>
        <source>Redis stopped answering: %1</source>
        <translation>Redis antwortet nicht mehr: %1</translation>
    </message>
    <message>
        <source>%1 acquires %2, token %3</source>
        <translation>%1 erhält %2, Token %3</translation>
    </message>
    <message>
        <source>%1 waits for %2, held by %3</source>
        <translation>%1 wartet auf %2, gehalten von %3</translation>
    </message>
    <message>
        <source>%1 releases %2: deletes nothing</source>
        <translation>%1 gibt %2 frei: löscht nichts</translation>
    </message>
    <message>
        <source>%1 is refused %2, held by %3</source>
        <translation>%1 erhält %2 nicht, gehalten von %3</translation>
    </message>
    <message>
        <source>%1 releases %2: deletes %3&apos;s lock</source>
        <translation>%1 gibt %2 frei: löscht die Sperre von %3</translation>
    </message>
    <message>
        <source>%1 runs out, held by %2</source>
        <translation>%1 läuft ab, gehalten von %2</translation>
    </message>
    <message>
        <source>%1 is still held by %2 %3 ms after its TTL</source>
        <translation>%1 ist %3 ms nach seiner TTL noch von %2 gehalten</translation>
    </message>
    <message>
        <source>a lock wait timeout on the model&apos;s clock</source>
        <translation>ein Lock-Wait-Timeout auf der Uhr des Modells</translation>
    </message>
    <message>
        <source>%1 is held by %2</source>
        <translation>%1 ist von %2 gehalten</translation>
    </message>
    <message>
        <source>%1 is free</source>
        <translation>%1 ist frei</translation>
    </message>
    <message>
        <source>the runner took longer than %1&apos;s real TTL (%2 ms per model second)</source>
        <translation>der Ablauf brauchte länger als die echte TTL von %1 (%2 ms je Modellsekunde)</translation>
    </message>
</context>
<context>
    <name>RunToolBar</name>
    <message>
        <source>Run</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <source>▶ Play</source>
        <translation>▶ Abspielen</translation>
    </message>
    <message>
        <source>Step automatically with the chosen policy (Space)</source>
        <translation>Automatisch mit der gewählten Regel weiterschalten (Leertaste)</translation>
    </message>
    <message>
        <source>random, seed</source>
        <translation>zufällig, Startwert</translation>
    </message>
    <message>
        <source>round-robin</source>
        <translation>reihum</translation>
    </message>
    <message>
        <source>show me the bug</source>
        <translation>Fehler zeigen</translation>
    </message>
    <message>
        <source>How Play chooses the next move</source>
        <translation>Wie Abspielen den nächsten Zug wählt</translation>
    </message>
    <message>
        <source>Seed of the random policy: the same seed plays the same schedule</source>
        <translation>Startwert der Zufallsregel: Derselbe Startwert spielt denselben Schedule ab</translation>
    </message>
    <message>
        <source>Play speed: moves per second</source>
        <translation>Abspieltempo: Züge pro Sekunde</translation>
    </message>
    <message>
        <source>Show me the bug</source>
        <translation>Fehler zeigen</translation>
    </message>
    <message>
        <source>Play the simplest schedule that breaks a rule, found by exploring every interleaving (B)</source>
        <translation>Den einfachsten Schedule abspielen, der eine Regel verletzt, gefunden durch Erkunden aller Verzahnungen (B)</translation>
    </message>
    <message>
        <source>Explore all</source>
        <translation>Alle erkunden</translation>
    </message>
    <message>
        <source>Count every possible interleaving and its outcome (E)</source>
        <translation>Jede mögliche Verzahnung und ihr Ergebnis zählen (E)</translation>
    </message>
    <message>
        <source>Run on threads</source>
        <translation>Auf Threads ausführen</translation>
    </message>
    <message>
        <source>Run once on real threads; the timeline shows wall time (R)</source>
        <translation>Einmal auf echten Threads ausführen; die Zeitleiste zeigt Echtzeit (R)</translation>
    </message>
    <message>
        <source>Run ×N</source>
        <translation>×N ausführen</translation>
    </message>
    <message>
        <source>Run many trials on real threads and count their outcomes (N)</source>
        <translation>Viele Durchläufe auf echten Threads ausführen und ihre Ergebnisse zählen (N)</translation>
    </message>
    <message>
        <source>How many trials</source>
        <translation>Wie viele Durchläufe</translation>
    </message>
    <message>
        <source>Compare fixes</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>The same load test on real threads under every fix (C)</source>
        <translation>Derselbe Lasttest auf echten Threads mit jeder Lösung (C)</translation>
    </message>
    <message>
        <source>❚❚ Pause</source>
        <translation>❚❚ Pause</translation>
    </message>
</context>
<context>
    <name>SafetyReason</name>
    <message>
        <source>every request waits for mutex %1 (line %2) before it reads %3 on line %4 and holds it past the write on line %5</source>
        <translation>jede Anfrage wartet auf den Mutex %1 (Zeile %2), bevor sie %3 in Zeile %4 liest, und hält ihn über das Schreiben in Zeile %5 hinaus</translation>
    </message>
    <message>
        <source>%1; all requests run in one process, so they share that one mutex</source>
        <translation>%1; alle Anfragen laufen in einem Prozess und teilen sich diesen einen Mutex</translation>
    </message>
    <message>
        <source>SELECT … FOR UPDATE on line %1 locks the row until the commit, so no other request reads %2 between this read and the write on line %3</source>
        <translation>SELECT … FOR UPDATE in Zeile %1 sperrt die Zeile bis zum Commit, also liest keine andere Anfrage %2 zwischen diesem Lesen und dem Schreiben in Zeile %3</translation>
    </message>
    <message>
        <source>the write on line %1 succeeds only if %2 is unchanged since the read on line %3; a request that read a stale value retries instead of writing it</source>
        <translation>das Schreiben in Zeile %1 gelingt nur, wenn %2 seit dem Lesen in Zeile %3 unverändert ist; eine Anfrage mit veraltetem Wert versucht es erneut, statt ihn zu schreiben</translation>
    </message>
    <message>
        <source>the requests line up in queue %1 (line %2) and run one at a time, so none reads %3 between another&apos;s read on line %4 and its write on line %5</source>
        <translation>die Anfragen reihen sich in die Warteschlange %1 ein (Zeile %2) und laufen nacheinander, also liest keine %3 zwischen dem Lesen einer anderen in Zeile %4 und deren Schreiben in Zeile %5</translation>
    </message>
    <message>
        <source>on one event loop no request runs between the read of %1 on line %2 and its write on line %3: there is no await between them</source>
        <translation>auf einer Event-Loop läuft keine Anfrage zwischen dem Lesen von %1 in Zeile %2 und dem Schreiben in Zeile %3: dazwischen steht kein await</translation>
    </message>
    <message>
        <source>every request locks the rows in the same order (line %1), so no two can wait for each other in a circle</source>
        <translation>jede Anfrage sperrt die Zeilen in derselben Reihenfolge (Zeile %1), also können keine zwei im Kreis aufeinander warten</translation>
    </message>
    <message>
        <source>line %1 reads and writes %2 in one statement, which no other request can come between</source>
        <translation>Zeile %1 liest und schreibt %2 in einer Anweisung, zwischen die keine andere Anfrage kommen kann</translation>
    </message>
    <message>
        <source>the database lets only one insert of the same key into %1 (line %2) succeed and refuses the second</source>
        <translation>die Datenbank lässt nur ein Einfügen desselben Schlüssels in %1 (Zeile %2) gelingen und weist das zweite ab</translation>
    </message>
    <message>
        <source>the storage rejects the write on line %1 when its fencing token is older than one it has already seen, so a request whose lease ran out cannot overwrite the newer holder</source>
        <translation>der Speicher weist das Schreiben in Zeile %1 ab, wenn sein Fencing-Token älter ist als eines, das er schon gesehen hat, also kann eine Anfrage mit abgelaufenem Lease den neueren Halter nicht überschreiben</translation>
    </message>
    <message>
        <source>the limiter %1 (line %2) lets no more requests reach %3 (line %4) at once than it has connections, so no request waits for a connection or fails for want of one</source>
        <translation>der Begrenzer %1 (Zeile %2) lässt nie mehr Anfragen gleichzeitig zu %3 (Zeile %4), als es Verbindungen hat, also wartet keine Anfrage auf eine Verbindung oder scheitert mangels einer</translation>
    </message>
    <message>
        <source>line %1 runs the CPU work on a worker thread, so the event loop keeps serving the other requests</source>
        <translation>Zeile %1 erledigt die CPU-Arbeit in einem Worker-Thread, also bedient die Event-Loop weiter die anderen Anfragen</translation>
    </message>
    <message>
        <source>each request has its own thread, so the CPU work on line %1 does not hold up the others</source>
        <translation>jede Anfrage hat ihren eigenen Thread, also hält die CPU-Arbeit in Zeile %1 die anderen nicht auf</translation>
    </message>
</context>
<context>
    <name>Scenario</name>
    <message>
        <source>Double withdraw: check, then act</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Doppelte Abhebung: erst prüfen, dann handeln</translation>
    </message>
    <message>
        <source>Two withdrawals of 60 both see a balance of 100, both pass the check, and the account goes to −20.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Zwei Abhebungen von 60 sehen beide einen Kontostand von 100, bestehen beide die Prüfung, und das Konto rutscht auf −20.</translation>
    </message>
    <message>
        <source>Each request checks that the balance covers the amount and then debits it. The check and the debit are separate steps: when both requests check before either debits, both pass on the same balance and both withdraw, so the account is overdrawn (seed 001: &quot;both reading a balance, both seeing $100, both debiting $60, and both succeeding&quot;). The seeds recommend making the check part of the write: UPDATE … SET balance = balance − ? WHERE balance &gt;= ? and look at the affected rows. Optimistic locking with a version column and pessimistic locking with SELECT … FOR UPDATE also hold. An in-process mutex holds only inside one process. Seed 002&apos;s in-memory Express handler has no await at all: on Node&apos;s event loop it runs to completion before the next request starts, so it cannot interleave; on threads it can, and with two server instances each process has its own balance.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Jede Anfrage prüft, ob der Kontostand den Betrag deckt, und bucht ihn dann ab. Prüfung und Abbuchung sind getrennte Schritte: Wenn beide Anfragen prüfen, bevor eine von ihnen abbucht, bestehen beide die Prüfung auf demselben Kontostand und heben beide ab, sodass das Konto überzogen wird (Lehrtext 001: „both reading a balance, both seeing $100, both debiting $60, and both succeeding“). Die Lehrtexte empfehlen, die Prüfung zum Teil des Schreibens zu machen: UPDATE … SET balance = balance − ? WHERE balance &gt;= ? und dann die Zahl der betroffenen Zeilen auswerten. Optimistisches Sperren mit einer Versionsspalte und pessimistisches Sperren mit SELECT … FOR UPDATE halten ebenfalls. Ein prozessinterner Mutex hält nur innerhalb eines Prozesses. Der Express-Handler im Speicher aus Lehrtext 002 enthält überhaupt kein await: Auf der Event-Loop von Node läuft er vollständig durch, bevor die nächste Anfrage beginnt, und kann daher nicht verzahnt ablaufen; auf Threads schon, und bei zwei Serverinstanzen hat jeder Prozess seinen eigenen Kontostand.</translation>
    </message>
    <message>
        <source>Seed 002, example 5: two simultaneous requests on the synchronous handler both read balance = 100 and both pass the check.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Lehrtext 002, Beispiel 5: Zwei gleichzeitige Anfragen an den synchronen Handler lesen beide balance = 100 und bestehen beide die Prüfung.</translation>
    </message>
    <message>
        <source>The handler has no await: on Node&apos;s single event loop each request runs from the check to res.send without stopping, so the two requests cannot interleave at all. Select the event loop model: every interleaving is one request after the other. They can interleave on threads (select the threads model), and with two server instances each process has its own `balance` variable.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Der Handler enthält kein await: Auf der einen Event-Loop von Node läuft jede Anfrage ohne Unterbrechung von der Prüfung bis res.send, sodass die beiden Anfragen überhaupt nicht verzahnt ablaufen können. Wählen Sie das Modell Event-Loop: Jede Verzahnung ist dann eine Anfrage nach der anderen. Auf Threads können sie verzahnt ablaufen (wählen Sie das Modell Threads), und bei zwei Serverinstanzen hat jeder Prozess seine eigene Variable `balance`.</translation>
    </message>
    <message>
        <source>Seed 002, example 5: &quot;Final result: balance = 0. Expected: balance = 50. Bug: race condition.&quot;</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Lehrtext 002, Beispiel 5: „Final result: balance = 0. Expected: balance = 50. Bug: race condition.“</translation>
    </message>
    <message>
        <source>100 − 50 − 50 = 0 is the correct result: both withdrawals of 50 were covered. The bugs a race really causes are a lost update (both read 100, both write 50: 100 paid out, balance 50) and, when the amounts together exceed the balance, an overdraft. That is why this scenario withdraws 60 twice by default; set the amount to 50 to replay the seed&apos;s numbers.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>100 − 50 − 50 = 0 ist das richtige Ergebnis: Beide Abhebungen von 50 waren gedeckt. Die Fehler, die eine Race Condition wirklich verursacht, sind ein verlorenes Update (beide lesen 100, beide schreiben 50: 100 ausgezahlt, Kontostand 50) und, wenn die Beträge zusammen den Kontostand übersteigen, eine Überziehung. Deshalb hebt dieses Szenario standardmäßig zweimal 60 ab; setzen Sie den Betrag auf 50, um die Zahlen des Lehrtexts nachzuspielen.</translation>
    </message>
    <message>
        <source>Seed 001, withdrawOptimistic: throws &quot;Concurrent update detected — retry&quot;.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Lehrtext 001, withdrawOptimistic: wirft „Concurrent update detected — retry“.</translation>
    </message>
    <message>
        <source>The function never retries: the losing request simply fails, even when the money would have covered it (try two withdrawals of 30). A retry loop would be the caller&apos;s job.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Die Funktion wiederholt nie: Die unterlegene Anfrage schlägt einfach fehl, selbst wenn das Geld gereicht hätte (probieren Sie zwei Abhebungen von 30). Eine Wiederholungsschleife wäre Sache des Aufrufers.</translation>
    </message>
    <message>
        <source>Requests</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>How many withdrawals run at once</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Wie viele Abhebungen gleichzeitig laufen</translation>
    </message>
    <message>
        <source>Initial balance</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Anfangskontostand</translation>
    </message>
    <message>
        <source>Seed 001 and seed 002: 100</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Lehrtext 001 und Lehrtext 002: 100</translation>
    </message>
    <message>
        <source>Amount per withdrawal</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Betrag pro Abhebung</translation>
    </message>
    <message>
        <source>Seed 001 debits 60; seed 002 hard-codes 50</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Lehrtext 001 bucht 60 ab; Lehrtext 002 hat 50 fest im Code</translation>
    </message>
    <message>
        <source>Withdrawal %1</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Abhebung %1</translation>
    </message>
    <message>
        <source>No fix (check, then update)</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Keine Lösung (prüfen, dann aktualisieren)</translation>
    </message>
    <message>
        <source>Seed 001&apos;s withdrawUnsafe: SELECT the balance, throw &quot;Insufficient funds&quot; if it is too low, otherwise UPDATE balance = balance − amount. Both requests can pass the check on the same balance.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>withdrawUnsafe aus Lehrtext 001: den Kontostand per SELECT lesen, „Guthaben reicht nicht aus“ werfen, wenn er zu niedrig ist, sonst UPDATE balance = balance − amount. Beide Anfragen können die Prüfung auf demselben Kontostand bestehen.</translation>
    </message>
    <message>
        <source>Insufficient funds</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Guthaben reicht nicht aus</translation>
    </message>
    <message>
        <source>Conditional atomic update</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Bedingtes atomares Update</translation>
    </message>
    <message>
        <source>Seed 001&apos;s withdrawAtomic (and seed 002&apos;s UPDATE accounts SET balance = balance − 50 WHERE balance &gt;= 50): the check is part of the UPDATE, which the database runs as one statement under the row lock. A withdrawal that no longer fits affects 0 rows and fails with &quot;Insufficient funds&quot;.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>withdrawAtomic aus Lehrtext 001 (und UPDATE accounts SET balance = balance − 50 WHERE balance &gt;= 50 aus Lehrtext 002): Die Prüfung ist Teil des UPDATE, das die Datenbank als eine Anweisung unter der Zeilensperre ausführt. Eine Abhebung, die nicht mehr gedeckt ist, betrifft 0 Zeilen und schlägt mit „Guthaben reicht nicht aus“ fehl.</translation>
    </message>
    <message>
        <source>Optimistic locking (version)</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Optimistische Sperre (Version)</translation>
    </message>
    <message>
        <source>Seed 001&apos;s withdrawOptimistic: read balance and version, check, then UPDATE … WHERE version = ?. If another withdrawal wrote first, the UPDATE affects 0 rows and the request fails with &quot;Concurrent update detected — retry&quot;. The seed does not retry, so the loser fails even when the money would have been enough.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>withdrawOptimistic aus Lehrtext 001: Kontostand und Version lesen, prüfen, dann UPDATE … WHERE version = ?. Hat eine andere Abhebung zuerst geschrieben, betrifft das UPDATE 0 Zeilen, und die Anfrage schlägt mit „Gleichzeitige Änderung erkannt – bitte erneut versuchen“ fehl. Der Lehrtext wiederholt nicht, daher scheitert die unterlegene Anfrage, selbst wenn das Geld gereicht hätte.</translation>
    </message>
    <message>
        <source>Concurrent update detected — retry</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Gleichzeitige Änderung erkannt – bitte erneut versuchen</translation>
    </message>
    <message>
        <source>Pessimistic locking (SELECT … FOR UPDATE)</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Pessimistische Sperre (SELECT … FOR UPDATE)</translation>
    </message>
    <message>
        <source>The check runs inside a transaction on a locked row: SELECT … FOR UPDATE makes the second withdrawal wait until the first commits, and then it reads the new balance and fails the check. An error rolls the transaction back.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Die Prüfung läuft in einer Transaktion auf einer gesperrten Zeile: SELECT … FOR UPDATE lässt die zweite Abhebung warten, bis die erste committet; dann liest sie den neuen Kontostand und fällt durch die Prüfung. Ein Fehler rollt die Transaktion zurück.</translation>
    </message>
    <message>
        <source>In-process mutex</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Mutex im Prozess</translation>
    </message>
    <message>
        <source>withdrawUnsafe wrapped in an async mutex. Safe on threads and on one event loop; with two server instances each process has its own mutex and both withdrawals pass the check again (seed 001: a mutex inside one process doesn&apos;t prevent another server from running the same code).</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>withdrawUnsafe, umschlossen von einem asynchronen Mutex. Sicher auf Threads und auf einer Event-Loop; bei zwei Serverinstanzen hat jeder Prozess seinen eigenen Mutex, und beide Abhebungen bestehen die Prüfung wieder (Lehrtext 001: Ein Mutex in einem Prozess hindert keinen anderen Server daran, denselben Code auszuführen).</translation>
    </message>
    <message>
        <source>Seed 002: in-memory handler, no await</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Lehrtext 002: Handler im Speicher, ohne await</translation>
    </message>
    <message>
        <source>Seed 002, example 4: `let balance = 100` in process memory and a handler that checks and subtracts with no await in between. On Node&apos;s event loop the whole handler runs without a break, so requests cannot interleave. On threads, `balance -= amount` is a read and a write that another thread can come between. With two server instances each process has its own `balance`, and both pay out.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Lehrtext 002, Beispiel 4: `let balance = 100` im Prozessspeicher und ein Handler, der ohne await dazwischen prüft und abzieht. Auf der Event-Loop von Node läuft der ganze Handler ohne Unterbrechung, die Anfragen können also nicht verzahnt ablaufen. Auf Threads ist `balance -= amount` ein Lesen und ein Schreiben, zwischen die ein anderer Thread geraten kann. Bei zwei Serverinstanzen hat jeder Prozess sein eigenes `balance`, und beide zahlen aus.</translation>
    </message>
    <message>
        <source>balance ≥ 0</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Kontostand ≥ 0</translation>
    </message>
    <message>
        <source>The bank must never pay out money the account does not have. (The database strategies keep the balance in the accounts table, seed 002&apos;s handler in process memory; the rule looks at whichever went down.)</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Die Bank darf nie Geld auszahlen, das auf dem Konto nicht vorhanden ist. (Die Datenbankstrategien führen den Kontostand in der Tabelle accounts, der Handler aus Lehrtext 002 im Prozessspeicher; die Regel prüft den Wert, der gesunken ist.)</translation>
    </message>
    <message>
        <source>balance = initial − every withdrawal paid out</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Kontostand = Anfangswert − alle ausgezahlten Abhebungen</translation>
    </message>
    <message>
        <source>Every withdrawal that was paid out must be taken off the balance exactly once; otherwise money was created (a lost update) or paid twice. With two server instances each process has its own balance, so two payouts of 60 from an account of 100 break this rule.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Jede ausgezahlte Abhebung muss genau einmal vom Kontostand abgezogen werden; sonst wurde Geld erschaffen (ein verlorenes Update) oder doppelt ausgezahlt. Bei zwei Serverinstanzen hat jeder Prozess seinen eigenen Kontostand, daher verletzen zwei Auszahlungen von 60 aus einem Konto mit 100 diese Regel.</translation>
    </message>
    <message>
        <source>money paid out ≤ initial balance</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>ausgezahltes Geld ≤ Anfangskontostand</translation>
    </message>
    <message>
        <source>Together the withdrawals must not take out more than was in the account.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Zusammen dürfen die Abhebungen nicht mehr entnehmen, als auf dem Konto war.</translation>
    </message>
    <message>
        <source>Balance</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Kontostand</translation>
    </message>
    <message>
        <source>Paid out</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Ausgezahlt</translation>
    </message>
    <message>
        <source>Withdrawals paid out</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Ausgezahlte Abhebungen</translation>
    </message>
    <message>
        <source>Requests refused</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Abgelehnte Anfragen</translation>
    </message>
    <message>
        <source>Last seat: overselling</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Letzter Platz: Überbuchung</translation>
    </message>
    <message>
        <source>Two students try to book the last seat on a trip; both see one seat left and both book it.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Zwei Studierende wollen den letzten Platz einer Fahrt buchen; beide sehen einen freien Platz, und beide buchen ihn.</translation>
    </message>
    <message>
        <source>Booking is check-then-act: look at the seats left, then take one. If both students check before either takes the seat, both pass and the trip is oversold: seats = −1 and two bookings for one seat (seed 003). Where the two can come between the check and the act depends on the code and on how it runs. In the seed&apos;s tracker the check and the decrement sit after the await with no await between them, so on one Node event loop they cannot be split; on threads they can, and with two server instances each process has its own seat count. With the seats in a database, the SELECT and the UPDATE are two statements and other requests run between them everywhere. The fixes the seed names: an in-memory lock (a Set that rejects with &quot;try later&quot;; it works only inside one process), a database row lock (SELECT … FOR UPDATE in a transaction), and, from the other seeds, a mutex that waits and a conditional atomic UPDATE … WHERE seats &gt; 0.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Eine Buchung ist Check-then-Act: nachsehen, wie viele Plätze frei sind, dann einen nehmen. Wenn beide Studierenden prüfen, bevor einer den Platz nimmt, bestehen beide die Prüfung, und die Fahrt ist überbucht: seats = −1 und zwei Buchungen für einen Platz (Lehrtext 003). Ob die beiden zwischen Prüfung und Aktion geraten können, hängt vom Code ab und davon, wie er ausgeführt wird. Im Tracker des Lehrtexts stehen Prüfung und Verringerung nach dem await, ohne await dazwischen; auf einer Node-Event-Loop lassen sie sich also nicht trennen; auf Threads schon, und bei zwei Serverinstanzen hat jeder Prozess seinen eigenen Platzzähler. Liegen die Plätze in einer Datenbank, sind SELECT und UPDATE zwei Anweisungen, und andere Anfragen laufen überall dazwischen. Die Lösungen, die der Lehrtext nennt: eine Sperre im Speicher (ein Set, das mit „try later“ ablehnt; sie wirkt nur innerhalb eines Prozesses), eine Zeilensperre in der Datenbank (SELECT … FOR UPDATE in einer Transaktion) und, aus den anderen Lehrtexten, ein Mutex, der wartet, sowie ein bedingtes atomares UPDATE … WHERE seats &gt; 0.</translation>
    </message>
    <message>
        <source>Seed 003, race.mjs: both students book and &quot;Final Seat Count: -1&quot;.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Lehrtext 003, race.mjs: Beide Studierenden buchen, und „Final Seat Count: -1“.</translation>
    </message>
    <message>
        <source>Seed 003, locking.mjs: the in-memory Set lock makes booking safe.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Lehrtext 003, locking.mjs: Die Set-Sperre im Speicher macht das Buchen sicher.</translation>
    </message>
    <message>
        <source>Only inside one process, and only because has() and add() run without an await between them. There is no try/finally: if anything between add() and delete() throws, the trip stays locked forever and every later student is told to try later. With two server instances each has its own Set and both students book. On threads, has() and add() are themselves a check-then-act: both can see the trip unlocked. And the lock rejects instead of waiting, so a student can be refused although seats are left (try capacity = 2).</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Nur innerhalb eines Prozesses, und nur weil has() und add() ohne await dazwischen laufen. Es gibt kein try/finally: Wirft irgendetwas zwischen add() und delete() eine Ausnahme, bleibt die Fahrt für immer gesperrt, und alle späteren Studierenden werden auf später vertröstet. Bei zwei Serverinstanzen hat jede ihr eigenes Set, und beide Studierenden buchen. Auf Threads sind has() und add() selbst ein Check-then-Act: Beide können die Fahrt ungesperrt sehen. Und die Sperre lehnt ab, statt zu warten, sodass jemand abgewiesen werden kann, obwohl noch Plätze frei sind (probieren Sie capacity = 2).</translation>
    </message>
    <message>
        <source>Students</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Studierende</translation>
    </message>
    <message>
        <source>How many students book at once</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Wie viele Studierende gleichzeitig buchen</translation>
    </message>
    <message>
        <source>Seats</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Plätze</translation>
    </message>
    <message>
        <source>Seats on the trip (the seed: 1)</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Plätze auf der Fahrt (im Lehrtext: 1)</translation>
    </message>
    <message>
        <source>Network delay (ms)</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Netzwerkverzögerung (ms)</translation>
    </message>
    <message>
        <source>The seed waits Math.random() * 1000 ms; the model waits this long</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Der Lehrtext wartet Math.random() * 1000 ms; das Modell wartet so lange</translation>
    </message>
    <message>
        <source>Student %1</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Student %1</translation>
    </message>
    <message>
        <source>Seed 003 race.mjs (in memory)</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Lehrtext 003 race.mjs (im Speicher)</translation>
    </message>
    <message>
        <source>The seed&apos;s TransportTracker as written: the trip&apos;s seats in process memory, a random await, then check and decrement. On one event loop the check and the decrement cannot be split, so it does not oversell there; on threads and with two instances it does.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Der TransportTracker des Lehrtexts, wie geschrieben: die Plätze der Fahrt im Prozessspeicher, ein zufälliges await, dann Prüfung und Verringerung. Auf einer Event-Loop lassen sich Prüfung und Verringerung nicht trennen, dort wird also nicht überbucht; auf Threads und mit zwei Instanzen schon.</translation>
    </message>
    <message>
        <source>No seats left</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Keine Plätze mehr frei</translation>
    </message>
    <message>
        <source>Seed 003 locking.mjs (Set lock, try later)</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Lehrtext 003 locking.mjs (Set-Sperre, später versuchen)</translation>
    </message>
    <message>
        <source>The seed&apos;s in-memory lock: if the trip is in the Set, reject with &quot;try later&quot;; otherwise add it, book, and delete it. On one event loop has() and add() run together, so it works. On threads has() and add() race; with two server instances each process has its own Set (and its own seats).</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Die Sperre im Speicher aus dem Lehrtext: Ist die Fahrt im Set, mit „try later“ ablehnen; sonst sie hinzufügen, buchen und wieder entfernen. Auf einer Event-Loop laufen has() und add() zusammen, also funktioniert es. Auf Threads liefern sich has() und add() ein Wettrennen; bei zwei Serverinstanzen hat jeder Prozess sein eigenes Set (und seine eigenen Plätze).</translation>
    </message>
    <message>
        <source>Trip 1 is locked, try later</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Fahrt 1 ist gesperrt, bitte später versuchen</translation>
    </message>
    <message>
        <source>Seats in the database (SELECT, then UPDATE)</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Plätze in der Datenbank (SELECT, dann UPDATE)</translation>
    </message>
    <message>
        <source>The same check-then-act with the seats in a database: SELECT seats, and if there is one, UPDATE seats = seats − 1 and INSERT the booking. The SELECT and the UPDATE are two statements; another request runs between them on every model, so two students pass the check and the trip ends at −1.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Dasselbe Check-then-Act mit den Plätzen in einer Datenbank: SELECT seats, und wenn einer frei ist, UPDATE seats = seats − 1 und INSERT der Buchung. SELECT und UPDATE sind zwei Anweisungen; in jedem Modell kann eine andere Anfrage dazwischen laufen, sodass zwei Studierende die Prüfung bestehen und die Fahrt bei −1 endet.</translation>
    </message>
    <message>
        <source>In-process mutex (waits)</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Mutex im Prozess (wartet)</translation>
    </message>
    <message>
        <source>The seed&apos;s tracker with a mutex that waits instead of rejecting: the second student waits until the first has booked, then sees 0 seats. Safe on threads and on one event loop; with two server instances each process has its own mutex and its own seats.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Der Tracker des Lehrtexts mit einem Mutex, der wartet, statt abzulehnen: Der zweite Student wartet, bis der erste gebucht hat, und sieht dann 0 Plätze. Sicher auf Threads und auf einer Event-Loop; bei zwei Serverinstanzen hat jeder Prozess seinen eigenen Mutex und seine eigenen Plätze.</translation>
    </message>
    <message>
        <source>UPDATE trips SET seats = seats − 1 WHERE id = ? AND seats &gt; 0: the database checks and decrements in one statement under its row lock. The second student&apos;s UPDATE affects 0 rows and is refused. Safe on every model.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>UPDATE trips SET seats = seats − 1 WHERE id = ? AND seats &gt; 0: Die Datenbank prüft und verringert in einer Anweisung unter ihrer Zeilensperre. Das UPDATE des zweiten Studenten betrifft 0 Zeilen und wird abgelehnt. Sicher in jedem Modell.</translation>
    </message>
    <message>
        <source>Row lock (SELECT … FOR UPDATE)</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Zeilensperre (SELECT … FOR UPDATE)</translation>
    </message>
    <message>
        <source>Seed 003&apos;s database row-level lock: in a transaction, SELECT … FOR UPDATE locks the trip&apos;s row, so the second student&apos;s locking read waits until the first commits and then sees 0 seats. The lock lives in the database, so it holds for any number of server instances.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Die Zeilensperre in der Datenbank aus Lehrtext 003: In einer Transaktion sperrt SELECT … FOR UPDATE die Zeile der Fahrt, sodass der sperrende Lesezugriff des zweiten Studenten wartet, bis der erste committet, und dann 0 Plätze sieht. Die Sperre liegt in der Datenbank und hält daher für beliebig viele Serverinstanzen.</translation>
    </message>
    <message>
        <source>seats ≥ 0</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Plätze ≥ 0</translation>
    </message>
    <message>
        <source>A trip cannot have fewer than zero seats left. (The seed&apos;s tracker keeps the seats in process memory, the database strategies in the trips table; the rule looks at whichever went down.)</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Eine Fahrt kann nicht weniger als null freie Plätze haben. (Der Tracker des Lehrtexts führt die Plätze im Prozessspeicher, die Datenbankstrategien in der Tabelle trips; die Regel prüft den Wert, der gesunken ist.)</translation>
    </message>
    <message>
        <source>seats sold ≤ capacity</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>verkaufte Plätze ≤ Kapazität</translation>
    </message>
    <message>
        <source>No more students may hold a booking than the trip has seats.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Es dürfen nicht mehr Studierende eine Buchung haben, als die Fahrt Plätze hat.</translation>
    </message>
    <message>
        <source>seats left + bookings = capacity</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>freie Plätze + Buchungen = Kapazität</translation>
    </message>
    <message>
        <source>Every booking takes exactly one seat. If two bookings took the same seat (a lost decrement) or a process counted seats that another process sold, the numbers no longer add up.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Jede Buchung belegt genau einen Platz. Wenn zwei Buchungen denselben Platz belegt haben (eine verlorene Verringerung) oder ein Prozess Plätze mitgezählt hat, die ein anderer Prozess verkauft hat, geht die Rechnung nicht mehr auf.</translation>
    </message>
    <message>
        <source>Seats left</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Freie Plätze</translation>
    </message>
    <message>
        <source>Bookings</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Buchungen</translation>
    </message>
    <message>
        <source>Students refused</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Abgewiesene Studierende</translation>
    </message>
    <message>
        <source>Lost update: concurrent deposits</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Verlorenes Update: gleichzeitige Einzahlungen</translation>
    </message>
    <message>
        <source>Two deposits read the same balance and both write back; one deposit vanishes.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Zwei Einzahlungen lesen denselben Kontostand und schreiben beide zurück; eine Einzahlung verschwindet.</translation>
    </message>
    <message>
        <source>Each request reads the balance, waits, adds its amount in JavaScript and writes the result back. When both read before either writes, the second write overwrites the first: a lost update (P4 in the isolation literature). With +100 and +200 on 1000 the balance should end at 1300, but 1200 or 1100 are possible. The seeds&apos; first recommendation is to let the database do the read-modify-write in one statement (UPDATE … SET balance = balance + ?). Optimistic locking (a version column with bounded retry) and pessimistic locking (SELECT … FOR UPDATE in a transaction) also work. An in-process mutex works only inside one process: with two server instances each has its own mutex, while the database is shared. A distributed lock with a TTL works across servers only as long as every holder finishes before its lease runs out. A single-worker queue runs the jobs one at a time.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Jede Anfrage liest den Kontostand, wartet, addiert ihren Betrag in JavaScript und schreibt das Ergebnis zurück. Lesen beide, bevor eine schreibt, überschreibt der zweite Schreibvorgang den ersten: ein verlorenes Update (P4 in der Literatur zu Isolationsstufen). Mit +100 und +200 auf 1000 sollte der Kontostand bei 1300 enden, möglich sind aber auch 1200 oder 1100. Die erste Empfehlung der Lehrtexte ist, die Datenbank das Lesen-Ändern-Schreiben in einer Anweisung erledigen zu lassen (UPDATE … SET balance = balance + ?). Optimistisches Sperren (eine Versionsspalte mit begrenzter Wiederholung) und pessimistisches Sperren (SELECT … FOR UPDATE in einer Transaktion) funktionieren ebenfalls. Ein prozessinterner Mutex wirkt nur innerhalb eines Prozesses: Bei zwei Serverinstanzen hat jede ihren eigenen Mutex, während die Datenbank geteilt ist. Eine verteilte Sperre mit TTL wirkt serverübergreifend nur, solange jeder Halter fertig wird, bevor sein Lease abläuft. Eine Warteschlange mit einem einzigen Worker führt die Aufträge nacheinander aus.</translation>
    </message>
    <message>
        <source>Seed 004 example 7: optimistic locking under 100 concurrent requests ends with &quot;Success: 100, Errors: 0, Final balance: 2000&quot;.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Lehrtext 004, Beispiel 7: Optimistisches Sperren unter 100 gleichzeitigen Anfragen endet mit „Success: 100, Errors: 0, Final balance: 2000“.</translation>
    </message>
    <message>
        <source>Each round only one of the requests that read the same version can win the UPDATE … WHERE version = ?; all the others retry. With maxRetries = 3, a request that loses three times gets 409 Too many conflicts. Under 100 concurrent requests many requests lose three times, so errors are far from 0 and the balance ends at 1000 + 10 × (successful requests), below 2000. Try requests = 100, first deposit = 10, each next deposit adds 0: round-robin scheduling gives 3 successes and 97 rejections.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>In jeder Runde kann nur eine der Anfragen, die dieselbe Version gelesen haben, das UPDATE … WHERE version = ? gewinnen; alle anderen wiederholen. Mit maxRetries = 3 bekommt eine Anfrage, die dreimal verliert, „409 Zu viele Konflikte“. Bei 100 gleichzeitigen Anfragen verlieren viele Anfragen dreimal, die Fehler sind also weit von 0 entfernt, und der Kontostand endet bei 1000 + 10 × (erfolgreiche Anfragen), unter 2000. Probieren Sie Anfragen = 100, Erste Einzahlung = 10, Jede weitere Einzahlung addiert 0: Round-Robin-Scheduling ergibt 3 Erfolge und 97 Ablehnungen.</translation>
    </message>
    <message>
        <source>Seed 004 example 7 counts &quot;Lost updates: (concurrency × 10) − (balance − 1000)&quot;.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Lehrtext 004, Beispiel 7 zählt „Lost updates: (concurrency × 10) − (balance − 1000)“.</translation>
    </message>
    <message>
        <source>That formula counts every request rejected with 409 as a lost update, although those clients were told their deposit failed and no money they were promised is missing. A real lost update is money a client was told was deposited that is not in the account: initial + successful deposits − balance. The dashboard shows both numbers.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Diese Formel zählt jede mit 409 abgelehnte Anfrage als verlorenes Update, obwohl diesen Clients gesagt wurde, dass ihre Einzahlung fehlgeschlagen ist, und kein zugesagtes Geld fehlt. Ein echtes verlorenes Update ist Geld, dessen Einzahlung einem Client bestätigt wurde und das nicht auf dem Konto ist: Anfangswert + erfolgreiche Einzahlungen − Kontostand. Das Dashboard zeigt beide Zahlen.</translation>
    </message>
    <message>
        <source>Seed 004 example 4&apos;s test: ten concurrent optimistic deposits of 10 end at &quot;1000 + (10 * 10) = 1100, version 10&quot;.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Der Test aus Lehrtext 004, Beispiel 4: Zehn gleichzeitige optimistische Einzahlungen von 10 enden bei „1000 + (10 * 10) = 1100, version 10“.</translation>
    </message>
    <message>
        <source>Only if no request loses the version race three times. With ten requests reading at once, the last ones can exhaust their three attempts and get 409; the balance then ends below 1100 and the version below 10, consistently with each other.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Nur wenn keine Anfrage das Rennen um die Version dreimal verliert. Wenn zehn Anfragen gleichzeitig lesen, können die letzten ihre drei Versuche aufbrauchen und 409 bekommen; dann endet der Kontostand unter 1100 und die Version unter 10, beide zueinander passend.</translation>
    </message>
    <message>
        <source>Seed 004 example 5: inside withLock &quot;this code runs exclusively across ALL servers&quot;; acquire() throws &quot;Could not acquire lock&quot; when the key is taken.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Lehrtext 004, Beispiel 5: Innerhalb von withLock „this code runs exclusively across ALL servers“; acquire() wirft „Could not acquire lock“, wenn der Schlüssel belegt ist.</translation>
    </message>
    <message>
        <source>Exclusive only while the lease lasts: if the holder is paused or slow for longer than the TTL (5000 ms), Redis deletes the key and the next request gets the lock while the first is still working, so a deposit can be lost again (seed 001&apos;s caution; let time pass with ~ to see it). As written, acquire() does not wait: a second concurrent deposit fails with 500 &quot;Could not acquire lock&quot;. This strategy retries SET NX until the key is free, as Redlock clients do, to show what the lock protects.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Exklusiv nur, solange das Lease gilt: Ist der Halter länger als die TTL (5000 ms) pausiert oder langsam, löscht Redis den Schlüssel, und die nächste Anfrage bekommt die Sperre, während die erste noch arbeitet – eine Einzahlung kann also wieder verloren gehen (die Warnung aus Lehrtext 001; lassen Sie mit ~ Zeit vergehen, um es zu sehen). Wie geschrieben, wartet acquire() nicht: Eine zweite gleichzeitige Einzahlung schlägt mit 500 „Could not acquire lock“ fehl. Diese Strategie wiederholt SET NX, bis der Schlüssel frei ist, wie es Redlock-Clients tun, um zu zeigen, was die Sperre schützt.</translation>
    </message>
    <message>
        <source>How many deposits run at once; seed 004 example 7&apos;s load test uses 100</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Wie viele Einzahlungen gleichzeitig laufen; der Lasttest aus Lehrtext 004, Beispiel 7 verwendet 100</translation>
    </message>
    <message>
        <source>First deposit</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Erste Einzahlung</translation>
    </message>
    <message>
        <source>Seed example 1: +100 then +200; the load test: 10 each</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Beispiel 1 des Lehrtexts: +100, dann +200; der Lasttest: je 10</translation>
    </message>
    <message>
        <source>Each next deposit adds</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Jede weitere Einzahlung addiert</translation>
    </message>
    <message>
        <source>0 makes every deposit the same amount</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>0 macht alle Einzahlungen gleich hoch</translation>
    </message>
    <message>
        <source>Processing delay (ms)</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Verarbeitungsverzögerung (ms)</translation>
    </message>
    <message>
        <source>The seed&apos;s setTimeout between read and write</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Das setTimeout des Lehrtexts zwischen Lesen und Schreiben</translation>
    </message>
    <message>
        <source>Optimistic attempts</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Optimistische Versuche</translation>
    </message>
    <message>
        <source>maxRetries in seed example 4; after that 409</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>maxRetries in Beispiel 4 des Lehrtexts; danach 409</translation>
    </message>
    <message>
        <source>Retry back-off (ms)</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Wartezeit vor Wiederholung (ms)</translation>
    </message>
    <message>
        <source>The seed waits Math.random() * 50 ms before retrying; the model waits this long</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Der Lehrtext wartet vor der Wiederholung Math.random() * 50 ms; das Modell wartet so lange</translation>
    </message>
    <message>
        <source>Lock TTL (ms)</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>TTL der Sperre (ms)</translation>
    </message>
    <message>
        <source>The distributed lock&apos;s lease (PX); the seed passes 5000</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Das Lease der verteilten Sperre (PX); der Lehrtext übergibt 5000</translation>
    </message>
    <message>
        <source>Request %1</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Anfrage %1</translation>
    </message>
    <message>
        <source>No fix (read, then write)</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Keine Lösung (lesen, dann schreiben)</translation>
    </message>
    <message>
        <source>Seed 004 example 1: SELECT the balance, wait, compute in JavaScript, UPDATE with the computed value. Another request can read or write between the SELECT and the UPDATE. Seed 000&apos;s counter (getCount, then setCount(current + 1)) is the same bug.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Lehrtext 004, Beispiel 1: Kontostand per SELECT lesen, warten, in JavaScript rechnen, UPDATE mit dem berechneten Wert. Zwischen SELECT und UPDATE kann eine andere Anfrage lesen oder schreiben. Der Zähler aus Lehrtext 000 (getCount, dann setCount(current + 1)) hat denselben Fehler.</translation>
    </message>
    <message>
        <source>Atomic update</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Atomares Update</translation>
    </message>
    <message>
        <source>Seed 004 example 2 (and seed 000&apos;s db.incrementCount()): UPDATE accounts SET balance = balance + ? lets the database read and write the row in one statement, under its own row lock. Nothing can come between the read and the write.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Lehrtext 004, Beispiel 2 (und db.incrementCount() aus Lehrtext 000): UPDATE accounts SET balance = balance + ? lässt die Datenbank die Zeile in einer Anweisung lesen und schreiben, unter ihrer eigenen Zeilensperre. Zwischen Lesen und Schreiben kann nichts geraten.</translation>
    </message>
    <message>
        <source>Optimistic locking (version + retry)</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Optimistische Sperre (Version + Retry)</translation>
    </message>
    <message>
        <source>Seed 004 example 4: read balance and version, then UPDATE … WHERE version = ? so that the write only lands if nobody wrote in between. A request whose UPDATE affects 0 rows backs off and retries, at most 3 attempts, then answers 409. No deposit is lost, but under heavy contention requests are rejected.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Lehrtext 004, Beispiel 4: Kontostand und Version lesen, dann UPDATE … WHERE version = ?, damit der Schreibvorgang nur greift, wenn niemand dazwischen geschrieben hat. Eine Anfrage, deren UPDATE 0 Zeilen betrifft, wartet kurz und versucht es erneut, höchstens 3-mal insgesamt, und antwortet dann mit 409. Keine Einzahlung geht verloren, aber unter starker Konkurrenz werden Anfragen abgelehnt.</translation>
    </message>
    <message>
        <source>409 Too many conflicts, please retry</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>409 Zu viele Konflikte, bitte erneut versuchen</translation>
    </message>
    <message>
        <source>Seed 004 example 3&apos;s pattern applied to a deposit: in a transaction, SELECT … FOR UPDATE locks the row, so a second request&apos;s locking read waits until the first commits, and then reads the new balance.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Das Muster aus Lehrtext 004, Beispiel 3, angewandt auf eine Einzahlung: In einer Transaktion sperrt SELECT … FOR UPDATE die Zeile, sodass der sperrende Lesezugriff einer zweiten Anfrage wartet, bis die erste committet, und dann den neuen Kontostand liest.</translation>
    </message>
    <message>
        <source>The broken handler wrapped in an async mutex (seed 002, strategy 3: only one request inside the critical section). It works on threads and on one event loop. With two server instances each process has its own mutex, while the database is shared, so the deposits race again (seed 001: a mutex inside one process doesn&apos;t prevent another server from running the same code).</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Der fehlerhafte Handler, umschlossen von einem asynchronen Mutex (Lehrtext 002, Strategie 3: nur eine Anfrage im kritischen Abschnitt). Das funktioniert auf Threads und auf einer Event-Loop. Bei zwei Serverinstanzen hat jeder Prozess seinen eigenen Mutex, während die Datenbank geteilt ist, sodass die Einzahlungen wieder um die Wette laufen (Lehrtext 001: Ein Mutex in einem Prozess hindert keinen anderen Server daran, denselben Code auszuführen).</translation>
    </message>
    <message>
        <source>Distributed lock (Redis, TTL)</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Verteilte Sperre (Redis, TTL)</translation>
    </message>
    <message>
        <source>Seed 004 example 5: withLock takes SET lock:account:1 &lt;random&gt; PX 5000 NX before the read-modify-write and releases it with an owner-checked Lua script. It works across server instances, but only while the lease lasts: if time passes (a pause, a slow query) until the TTL runs out, the next request gets the lock while the first still works, and a deposit is lost again. Let time pass with ~ to see it; the lease-expiry scenario shows the fencing token that stops it.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Lehrtext 004, Beispiel 5: withLock nimmt SET lock:account:1 &lt;random&gt; PX 5000 NX vor dem Lesen-Ändern-Schreiben und gibt die Sperre mit einem Lua-Skript frei, das den Besitzer prüft. Das funktioniert über Serverinstanzen hinweg, aber nur, solange das Lease gilt: Vergeht Zeit (eine Pause, eine langsame Abfrage), bis die TTL abläuft, bekommt die nächste Anfrage die Sperre, während die erste noch arbeitet, und eine Einzahlung geht wieder verloren. Lassen Sie mit ~ Zeit vergehen, um es zu sehen; das Szenario zum Lease-Ablauf zeigt das Fencing-Token, das es verhindert.</translation>
    </message>
    <message>
        <source>Queue with one worker</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Warteschlange mit einem Worker</translation>
    </message>
    <message>
        <source>Seed 002, strategy 7: Request → Queue → Worker → Safe execution. The requests only enqueue a job; one worker runs the jobs one after the other, so even the broken read-then-write code never overlaps itself. The queue lives outside the server processes, so this holds for any number of instances.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Lehrtext 002, Strategie 7: Request → Queue → Worker → Safe execution. Die Anfragen stellen nur einen Auftrag in die Warteschlange; ein einziger Worker führt die Aufträge nacheinander aus, sodass sich selbst der fehlerhafte Lesen-dann-Schreiben-Code nie mit sich selbst überschneidet. Die Warteschlange liegt außerhalb der Serverprozesse, das gilt also für beliebig viele Instanzen.</translation>
    </message>
    <message>
        <source>balance = initial + every successful deposit</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Kontostand = Anfangswert + alle erfolgreichen Einzahlungen</translation>
    </message>
    <message>
        <source>Money that a client was told was deposited must be in the account. A request rejected with an error (409) was told its deposit failed and does not count.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Geld, dessen Einzahlung einem Client bestätigt wurde, muss auf dem Konto sein. Eine mit einem Fehler (409) abgelehnte Anfrage hat erfahren, dass ihre Einzahlung fehlgeschlagen ist, und zählt nicht.</translation>
    </message>
    <message>
        <source>Lost updates (money)</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Verlorene Updates (Geld)</translation>
    </message>
    <message>
        <source>Rejected requests</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Abgelehnte Anfragen</translation>
    </message>
    <message>
        <source>Seed&apos;s &quot;lost updates&quot; formula</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Formel „lost updates“ des Lehrtexts</translation>
    </message>
    <message>
        <source>Version</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Version</translation>
    </message>
    <message>
        <source>Transfers and deadlock</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Überweisungen und Deadlock</translation>
    </message>
    <message>
        <source>Two transfers in opposite directions: without locks money appears or vanishes; with row locks taken in request order they deadlock.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Zwei Überweisungen in entgegengesetzte Richtungen: Ohne Sperren entsteht oder verschwindet Geld; mit Zeilensperren in Anfragereihenfolge geraten sie in einen Deadlock.</translation>
    </message>
    <message>
        <source>A transfer reads two balances and writes both. Without locks, another transfer can read or write between those statements, so one of its writes overwrites the other&apos;s and the total of the two accounts changes: money is created or destroyed. Row locks (SELECT … FOR UPDATE in a transaction) stop that, but Txn 1 locks account 1 and then wants account 2 while Txn 2 locks account 2 and then wants account 1: each waits for the other forever, a deadlock (seed 004 example 8). InnoDB&apos;s deadlock detector notices the cycle and rolls one transaction back with ER_LOCK_DEADLOCK; the other goes on. With the detector switched off, the waits end only when innodb_lock_wait_timeout runs out (ER_LOCK_WAIT_TIMEOUT). The seeds&apos; fix is to take the locks in one consistent order (seed 004 example 3): then one transfer waits for the other, and no cycle can form.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Eine Überweisung liest zwei Kontostände und schreibt beide. Ohne Sperren kann eine andere Überweisung zwischen diesen Anweisungen lesen oder schreiben, sodass einer ihrer Schreibvorgänge den der anderen überschreibt und sich die Summe der beiden Konten ändert: Geld wird erschaffen oder vernichtet. Zeilensperren (SELECT … FOR UPDATE in einer Transaktion) verhindern das, aber Txn 1 sperrt Konto 1 und will dann Konto 2, während Txn 2 Konto 2 sperrt und dann Konto 1 will: Jede wartet für immer auf die andere, ein Deadlock (Lehrtext 004, Beispiel 8). Der Deadlock-Detektor von InnoDB bemerkt den Zyklus und rollt eine Transaktion mit ER_LOCK_DEADLOCK zurück; die andere läuft weiter. Ist der Detektor abgeschaltet, enden die Wartezeiten erst, wenn innodb_lock_wait_timeout abläuft (ER_LOCK_WAIT_TIMEOUT). Die Lösung der Lehrtexte ist, die Sperren in einer einheitlichen Reihenfolge zu nehmen (Lehrtext 004, Beispiel 3): Dann wartet eine Überweisung auf die andere, und es kann kein Zyklus entstehen.</translation>
    </message>
    <message>
        <source>Seed 004 example 3: after resetting both balances to 1000 and transferring $500 from Alice to Bob, &quot;Alice: 500, Bob: 2500 ✓&quot;.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Lehrtext 004, Beispiel 3: Nach dem Zurücksetzen beider Kontostände auf 1000 und einer Überweisung von $500 von Alice an Bob: „Alice: 500, Bob: 2500 ✓“.</translation>
    </message>
    <message>
        <source>Bob ends with 1500: the reset set his balance to 1000 too. 2500 would be his setup balance of 2000 plus 500, but the test resets it first. Total money stays 2000.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Bob endet mit 1500: Das Zurücksetzen hat auch seinen Kontostand auf 1000 gesetzt. 2500 wären sein Anfangsbestand von 2000 plus 500, aber der Test setzt ihn vorher zurück. Die Gesamtsumme bleibt 2000.</translation>
    </message>
    <message>
        <source>Seed 004 example 3: sorting the ids with [fromId, toId].sort() before SELECT … WHERE id IN (?, ?) FOR UPDATE takes the locks in a consistent order.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Lehrtext 004, Beispiel 3: Das Sortieren der IDs mit [fromId, toId].sort() vor SELECT … WHERE id IN (?, ?) FOR UPDATE nimmt die Sperren in einer einheitlichen Reihenfolge.</translation>
    </message>
    <message>
        <source>The order of the values in IN (?, ?) does not decide the lock order: InnoDB scans the primary key index and locks the matching rows in index order whatever order the parameters come in. The one statement is what makes the order consistent (the sort is harmless but does nothing). Deadlocks come from two separate statements issued in request order, as in example 8. The model locks the rows in index order.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Die Reihenfolge der Werte in IN (?, ?) bestimmt nicht die Sperrreihenfolge: InnoDB durchsucht den Primärschlüsselindex und sperrt die passenden Zeilen in Indexreihenfolge, egal in welcher Reihenfolge die Parameter kommen. Erst die eine Anweisung macht die Reihenfolge einheitlich (das Sortieren schadet nicht, bewirkt aber nichts). Deadlocks entstehen durch zwei getrennte Anweisungen in Anfragereihenfolge wie in Beispiel 8. Das Modell sperrt die Zeilen in Indexreihenfolge.</translation>
    </message>
    <message>
        <source>Seed 004 example 8&apos;s output: &quot;Txn2 failed: ER_LOCK_DEADLOCK, Txn1: Success!&quot;.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Die Ausgabe von Lehrtext 004, Beispiel 8: „Txn2 failed: ER_LOCK_DEADLOCK, Txn1: Success!“.</translation>
    </message>
    <message>
        <source>Either transaction can be the victim. InnoDB rolls back the transaction it considers cheapest to undo (the one that has modified or locked the fewest rows); with two equal transactions that is not always Txn 2. In this model the victim is the transaction whose lock request closed the cycle, so different schedules show either one failing.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Jede der beiden Transaktionen kann das Opfer sein. InnoDB rollt die Transaktion zurück, die am billigsten rückgängig zu machen ist (die, die am wenigsten Zeilen geändert oder gesperrt hat); bei zwei gleichen Transaktionen ist das nicht immer Txn 2. In diesem Modell ist das Opfer die Transaktion, deren Sperranforderung den Zyklus geschlossen hat, sodass je nach Schedule mal die eine, mal die andere scheitert.</translation>
    </message>
    <message>
        <source>Alice&apos;s balance (account 1)</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Kontostand von Alice (Konto 1)</translation>
    </message>
    <message>
        <source>The seed resets both accounts to 1000</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Der Lehrtext setzt beide Konten auf 1000 zurück</translation>
    </message>
    <message>
        <source>Bob&apos;s balance (account 2)</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Kontostand von Bob (Konto 2)</translation>
    </message>
    <message>
        <source>Amount per transfer</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Betrag pro Überweisung</translation>
    </message>
    <message>
        <source>The seed transfers $500</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Der Lehrtext überweist $500</translation>
    </message>
    <message>
        <source>Delay between the locks (ms)</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Verzögerung zwischen den Sperren (ms)</translation>
    </message>
    <message>
        <source>Seed example 8: sleep(100) to give time for the deadlock to form</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Beispiel 8 des Lehrtexts: sleep(100), damit der Deadlock Zeit hat, sich zu bilden</translation>
    </message>
    <message>
        <source>Txn 1 (Alice → Bob)</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Txn 1 (Alice → Bob)</translation>
    </message>
    <message>
        <source>Txn 2 (Bob → Alice)</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Txn 2 (Bob → Alice)</translation>
    </message>
    <message>
        <source>No locks (read both, write both)</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Keine Sperren (beide lesen, beide schreiben)</translation>
    </message>
    <message>
        <source>Each transfer SELECTs both balances, computes in JavaScript and UPDATEs both rows with the computed values, with no transaction. The other transfer can run between any two statements, and its writes get overwritten: money is not conserved.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Jede Überweisung liest beide Kontostände per SELECT, rechnet in JavaScript und schreibt beide Zeilen per UPDATE mit den berechneten Werten, ohne Transaktion. Die andere Überweisung kann zwischen zwei beliebigen Anweisungen laufen, und ihre Schreibvorgänge werden überschrieben: Das Geld bleibt nicht erhalten.</translation>
    </message>
    <message>
        <source>Row locks in request order (deadlock)</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Zeilensperren in Anfragereihenfolge (Deadlock)</translation>
    </message>
    <message>
        <source>Seed 004 example 8 as a transfer: lock the source row, wait a little, lock the destination row. Txn 1 locks 1 then 2, Txn 2 locks 2 then 1. When both hold their first lock, each waits for the other: a deadlock. InnoDB&apos;s detector rolls one back with ER_LOCK_DEADLOCK and the other commits. Money is conserved, but a transfer fails and must be retried.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Lehrtext 004, Beispiel 8 als Überweisung: die Quellzeile sperren, kurz warten, die Zielzeile sperren. Txn 1 sperrt 1, dann 2; Txn 2 sperrt 2, dann 1. Halten beide ihre erste Sperre, wartet jede auf die andere: ein Deadlock. Der Detektor von InnoDB rollt eine mit ER_LOCK_DEADLOCK zurück, und die andere committet. Das Geld bleibt erhalten, aber eine Überweisung schlägt fehl und muss wiederholt werden.</translation>
    </message>
    <message>
        <source>Locks in sorted id order</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Sperren in sortierter ID-Reihenfolge</translation>
    </message>
    <message>
        <source>Seed 004 example 3: one SELECT … WHERE id IN (?, ?) FOR UPDATE locks both rows before anything is changed. Both transfers lock account 1 first and account 2 second (InnoDB locks in index order), so the second transfer waits for the first to commit and no cycle can form.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Lehrtext 004, Beispiel 3: Ein einziges SELECT … WHERE id IN (?, ?) FOR UPDATE sperrt beide Zeilen, bevor irgendetwas geändert wird. Beide Überweisungen sperren zuerst Konto 1 und dann Konto 2 (InnoDB sperrt in Indexreihenfolge), sodass die zweite Überweisung wartet, bis die erste committet, und kein Zyklus entstehen kann.</translation>
    </message>
    <message>
        <source>Deadlock detection off: lock wait timeout</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Deadlock-Erkennung aus: Lock-Wait-Timeout</translation>
    </message>
    <message>
        <source>The request-order transfer on a server with innodb_deadlock_detect = OFF. Nobody notices the cycle; both transactions wait until innodb_lock_wait_timeout (50 s by default) runs out for one of them, which then fails with ER_LOCK_WAIT_TIMEOUT and rolls back, and the other goes on. Let time pass with ~ to reach the timeout.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Die Überweisung in Anfragereihenfolge auf einem Server mit innodb_deadlock_detect = OFF. Niemand bemerkt den Zyklus; beide Transaktionen warten, bis innodb_lock_wait_timeout (standardmäßig 50 s) für eine von ihnen abläuft, die dann mit ER_LOCK_WAIT_TIMEOUT fehlschlägt und zurückgerollt wird, und die andere läuft weiter. Lassen Sie mit ~ Zeit vergehen, um den Timeout zu erreichen.</translation>
    </message>
    <message>
        <source>total money conserved</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Gesamtgeld bleibt erhalten</translation>
    </message>
    <message>
        <source>A transfer moves money; it must never create or destroy it. Without locks one transfer&apos;s write overwrites the other&apos;s, and the total changes.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Eine Überweisung verschiebt Geld; sie darf nie welches erschaffen oder vernichten. Ohne Sperren überschreibt der Schreibvorgang einer Überweisung den der anderen, und die Summe ändert sich.</translation>
    </message>
    <message>
        <source>No account may be overdrawn.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Kein Konto darf überzogen werden.</translation>
    </message>
    <message>
        <source>every transfer completes</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>jede Überweisung wird ausgeführt</translation>
    </message>
    <message>
        <source>A transfer the customer asked for must go through. A deadlock victim (ER_LOCK_DEADLOCK) or a lock wait timeout (ER_LOCK_WAIT_TIMEOUT) fails and has to be retried; with no detector and no timeout the two would wait forever.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Eine Überweisung, die der Kunde beauftragt hat, muss durchgehen. Ein Deadlock-Opfer (ER_LOCK_DEADLOCK) oder ein Lock-Wait-Timeout (ER_LOCK_WAIT_TIMEOUT) schlägt fehl und muss wiederholt werden; ohne Detektor und ohne Timeout würden die beiden für immer warten.</translation>
    </message>
    <message>
        <source>Alice</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Alice</translation>
    </message>
    <message>
        <source>Bob</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Bob</translation>
    </message>
    <message>
        <source>Total money</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Gesamtgeld</translation>
    </message>
    <message>
        <source>Failed transfers</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Fehlgeschlagene Überweisungen</translation>
    </message>
    <message>
        <source>Double like: the same user likes a post twice</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Doppeltes Like: Derselbe Nutzer likt einen Beitrag zweimal</translation>
    </message>
    <message>
        <source>Two concurrent likes from one user both pass the &quot;already liked?&quot; check; like_count says 2 for one person.</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Zwei gleichzeitige Likes eines Nutzers bestehen beide die Prüfung „Like schon vergeben?“; like_count zeigt 2 für eine Person.</translation>
    </message>
    <message>
        <source>A double click, a retried request or two open tabs send the same like twice at the same moment. Checking first (SELECT … then INSERT) is check-then-act: both requests can check before either inserts, so both insert a like row and both add 1 to like_count. A transaction alone does not help: a plain SELECT in a transaction does not lock anything, so both transactions still see no like. What helps is a rule the database enforces itself, seed 004 example 6&apos;s UNIQUE (user_id, post_id) key: the second INSERT fails with ER_DUP_ENTRY, which the handler answers with &quot;Already liked&quot;. Inside a transaction (the seed&apos;s code) the second INSERT even waits while the first transaction&apos;s row is not yet committed, then gets the duplicate error, so like_count is only ever added to together with a like row.</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Ein Doppelklick, eine wiederholte Anfrage oder zwei offene Tabs schicken dasselbe Like zweimal im selben Moment. Erst zu prüfen (SELECT …, dann INSERT) ist Check-then-Act: Beide Anfragen können prüfen, bevor eine einfügt, also fügen beide eine Like-Zeile ein und erhöhen beide like_count um 1. Eine Transaktion allein hilft nicht: Ein einfaches SELECT in einer Transaktion sperrt nichts, also sehen beide Transaktionen weiterhin kein Like. Was hilft, ist eine Regel, die die Datenbank selbst durchsetzt, der Schlüssel UNIQUE (user_id, post_id) aus Lehrtext 004, Beispiel 6: Das zweite INSERT schlägt mit ER_DUP_ENTRY fehl, worauf der Handler mit „Like bereits vergeben“ antwortet. Innerhalb einer Transaktion (dem Code des Lehrtexts) wartet das zweite INSERT sogar, solange die Zeile der ersten Transaktion noch nicht committet ist, und bekommt dann den Duplikatfehler, sodass like_count immer nur zusammen mit einer Like-Zeile erhöht wird.</translation>
    </message>
    <message>
        <source>Seed 004 example 6&apos;s test: &quot;One succeeds, one returns &apos;Already liked&apos;. Like count is correctly 1&quot;.</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Der Test aus Lehrtext 004, Beispiel 6: „One succeeds, one returns &apos;Already liked&apos;. Like count is correctly 1“.</translation>
    </message>
    <message>
        <source>True for the seed&apos;s code, because of the UNIQUE key on likes (user_id, post_id), not because of the transaction: the transaction-only strategy here has no unique key and ends with like_count = 2. The seed&apos;s CREATE TABLE is not shown; without that key the same code would insert two rows.</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Für den Code des Lehrtexts stimmt das, wegen des UNIQUE-Schlüssels auf likes (user_id, post_id), nicht wegen der Transaktion: Die Strategie nur mit Transaktion hat hier keinen eindeutigen Schlüssel und endet mit like_count = 2. Das CREATE TABLE des Lehrtexts wird nicht gezeigt; ohne diesen Schlüssel würde derselbe Code zwei Zeilen einfügen.</translation>
    </message>
    <message>
        <source>Seed 004 example 6: &quot;Try to insert like (will fail if already exists due to unique constraint)&quot;.</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Lehrtext 004, Beispiel 6: „Try to insert like (will fail if already exists due to unique constraint)“.</translation>
    </message>
    <message>
        <source>When the first like is not committed yet, the second INSERT neither fails nor succeeds at once: InnoDB makes it wait for the first transaction. It fails with ER_DUP_ENTRY only after the first commits (and would succeed if the first rolled back).</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Solange das erste Like noch nicht committet ist, schlägt das zweite INSERT weder sofort fehl, noch gelingt es sofort: InnoDB lässt es auf die erste Transaktion warten. Es scheitert erst mit ER_DUP_ENTRY, wenn die erste committet (und würde gelingen, wenn die erste zurückgerollt würde).</translation>
    </message>
    <message>
        <source>Concurrent likes</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Gleichzeitige Likes</translation>
    </message>
    <message>
        <source>How many times the same user&apos;s like arrives at once (a double click sends 2)</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Wie oft das Like desselben Nutzers gleichzeitig ankommt (ein Doppelklick schickt 2)</translation>
    </message>
    <message>
        <source>User id</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Nutzer-ID</translation>
    </message>
    <message>
        <source>The seed&apos;s test posts {&quot;userId&quot;: 1} twice</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Der Test des Lehrtexts sendet zweimal {&quot;userId&quot;: 1}</translation>
    </message>
    <message>
        <source>Like %1</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Like %1</translation>
    </message>
    <message>
        <source>No fix (check, then insert)</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Keine Lösung (prüfen, dann einfügen)</translation>
    </message>
    <message>
        <source>The handler asks whether the user already liked the post, and inserts the like and adds 1 to like_count if not. The likes table has no unique key. Both requests can pass the check before either inserts.</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Der Handler fragt, ob der Nutzer den Beitrag schon gelikt hat, und wenn nicht, fügt er das Like ein und erhöht like_count um 1. Die Tabelle likes hat keinen eindeutigen Schlüssel. Beide Anfragen können die Prüfung bestehen, bevor eine einfügt.</translation>
    </message>
    <message>
        <source>Already liked</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Like bereits vergeben</translation>
    </message>
    <message>
        <source>Unique constraint</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Eindeutiger Schlüssel (UNIQUE)</translation>
    </message>
    <message>
        <source>likes has UNIQUE (user_id, post_id). There is no check first: the handler just inserts, and the database refuses the second row with ER_DUP_ENTRY, which the handler answers with &quot;Already liked&quot;. Without a transaction like_count is updated in a second statement, so for a moment the like row exists and the count is not yet raised; the final state is right.</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>likes hat UNIQUE (user_id, post_id). Es gibt keine vorherige Prüfung: Der Handler fügt einfach ein, und die Datenbank weist die zweite Zeile mit ER_DUP_ENTRY ab, worauf der Handler mit „Like bereits vergeben“ antwortet. Ohne Transaktion wird like_count in einer zweiten Anweisung aktualisiert, sodass die Like-Zeile für einen Moment existiert, der Zähler aber noch nicht erhöht ist; der Endzustand stimmt.</translation>
    </message>
    <message>
        <source>Unique constraint + transaction (the seed&apos;s code)</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Eindeutiger Schlüssel + Transaktion (Code des Lehrtexts)</translation>
    </message>
    <message>
        <source>Seed 004 example 6 as written: in a transaction, INSERT the like (UNIQUE (user_id, post_id)) and add 1 to like_count, then commit; on ER_DUP_ENTRY roll back and answer &quot;Already liked&quot;. A second INSERT of the same key waits while the first transaction&apos;s row is uncommitted, then fails with the duplicate error. The like row and the count change become visible together.</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Lehrtext 004, Beispiel 6, wie geschrieben: in einer Transaktion das Like einfügen (UNIQUE (user_id, post_id)) und like_count um 1 erhöhen, dann committen; bei ER_DUP_ENTRY zurückrollen und mit „Like bereits vergeben“ antworten. Ein zweites INSERT desselben Schlüssels wartet, solange die Zeile der ersten Transaktion nicht committet ist, und scheitert dann mit dem Duplikatfehler. Die Like-Zeile und die Änderung des Zählers werden gemeinsam sichtbar.</translation>
    </message>
    <message>
        <source>Transaction without a unique constraint</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Transaktion ohne eindeutigen Schlüssel</translation>
    </message>
    <message>
        <source>The check-then-insert handler wrapped in a transaction, on a likes table without a unique key. A plain SELECT inside a transaction locks nothing (InnoDB reads a snapshot), so both transactions see no like, both insert, and the second UPDATE waits for the first transaction&apos;s row lock on posts[1] and then adds 1 again. The transaction makes each request all-or-nothing; it does not make two requests exclusive.</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Der Handler „prüfen, dann einfügen“ in einer Transaktion, auf einer Tabelle likes ohne eindeutigen Schlüssel. Ein einfaches SELECT in einer Transaktion sperrt nichts (InnoDB liest einen Snapshot), also sehen beide Transaktionen kein Like, beide fügen ein, und das zweite UPDATE wartet auf die Zeilensperre der ersten Transaktion auf posts[1] und addiert dann noch einmal 1. Die Transaktion macht jede Anfrage zu einem Alles-oder-nichts; sie schließt zwei Anfragen nicht gegenseitig aus.</translation>
    </message>
    <message>
        <source>like_count = number of distinct likers</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>like_count = Anzahl der verschiedenen Nutzer mit Like</translation>
    </message>
    <message>
        <source>The counter shown under the post must equal the number of people who liked it.</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Der Zähler unter dem Beitrag muss der Zahl der Personen entsprechen, die ihn gelikt haben.</translation>
    </message>
    <message>
        <source>a user likes a post at most once</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>ein Nutzer likt einen Beitrag höchstens einmal</translation>
    </message>
    <message>
        <source>Two like rows for the same user and post are a duplicate the product never wanted.</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Zwei Like-Zeilen für denselben Nutzer und Beitrag sind ein Duplikat, das das Produkt nie wollte.</translation>
    </message>
    <message>
        <source>like_count</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>like_count</translation>
    </message>
    <message>
        <source>Like rows</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Like-Zeilen</translation>
    </message>
    <message>
        <source>&quot;Already liked&quot; answers</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Antworten „Like bereits vergeben“</translation>
    </message>
    <message>
        <source>Event-loop blocking and unbounded concurrency</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Blockierte Event-Loop und unbegrenzte Nebenläufigkeit</translation>
    </message>
    <message>
        <source>One request renders a report for 200 ms of CPU; on a Node event loop every other request waits for it. And too many requests at once exhaust the connection pool.</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Eine Anfrage rendert einen Bericht mit 200 ms CPU-Zeit; auf einer Node-Event-Loop wartet jede andere Anfrage darauf. Und zu viele Anfragen auf einmal erschöpfen den Verbindungspool.</translation>
    </message>
    <message>
        <source>Node.js runs all JavaScript of a process on one thread. While a request awaits I/O the event loop runs other requests, but synchronous CPU work (rendering a report, hashing, parsing a huge JSON) keeps the thread busy, and every other request in that process waits until it is done, however quick its own work is: a latency spike for everybody. Seed 000&apos;s fix is to offload CPU work to a worker thread; the request then awaits the worker like any I/O, and the loop stays free. On threads the problem does not arise in this form: the CPU work occupies only its own thread. The second half is seed 000&apos;s &quot;unbounded concurrency&quot;: every concurrent request takes a database connection from a pool of fixed size; when more requests arrive than there are connections, the rest wait, and a pool with an acquire timeout answers them with an error (knex: &quot;Timeout acquiring a connection. The pool is probably full.&quot;). Seed 000&apos;s fix is to limit concurrency (p-limit, or the pool&apos;s own queue): at most as many requests as there are connections enter at once, the others wait in the limiter&apos;s queue without a timeout, and nobody gets an error.</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Node.js führt das gesamte JavaScript eines Prozesses auf einem Thread aus. Während eine Anfrage auf I/O wartet, bedient die Event-Loop andere Anfragen, aber synchrone CPU-Arbeit (einen Bericht rendern, hashen, ein riesiges JSON parsen) hält den Thread beschäftigt, und jede andere Anfrage in diesem Prozess wartet, bis sie erledigt ist, egal wie schnell ihre eigene Arbeit wäre: eine Latenzspitze für alle. Die Lösung aus Lehrtext 000 ist, CPU-Arbeit in einen Worker-Thread auszulagern; die Anfrage wartet dann per await auf den Worker wie auf jede andere I/O, und die Loop bleibt frei. Auf Threads tritt das Problem in dieser Form nicht auf: Die CPU-Arbeit belegt nur ihren eigenen Thread. Die zweite Hälfte ist die „unbounded concurrency“ aus Lehrtext 000: Jede gleichzeitige Anfrage nimmt eine Datenbankverbindung aus einem Pool fester Größe; kommen mehr Anfragen, als es Verbindungen gibt, warten die übrigen, und ein Pool mit Acquire-Timeout beantwortet sie mit einem Fehler (knex: „Timeout acquiring a connection. The pool is probably full.“). Die Lösung aus Lehrtext 000 ist, die Nebenläufigkeit zu begrenzen (p-limit oder die eigene Warteschlange des Pools): Höchstens so viele Anfragen, wie es Verbindungen gibt, kommen gleichzeitig herein, die anderen warten ohne Timeout in der Warteschlange des Limiters, und niemand bekommt einen Fehler.</translation>
    </message>
    <message>
        <source>Seed 002 section 2: &quot;Node.js is single-threaded BUT handles concurrency via async operations&quot;; requests &quot;do not run fully one-by-one&quot;.</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Lehrtext 002, Abschnitt 2: „Node.js is single-threaded BUT handles concurrency via async operations“; Anfragen „do not run fully one-by-one“.</translation>
    </message>
    <message>
        <source>Only at await. The code between two awaits runs to the end before anything else runs on that process, so 200 ms of synchronous CPU work delays every other request of that process by up to 200 ms (the stepper shows them waiting for the busy event loop).</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Nur bei await. Der Code zwischen zwei awaits läuft bis zum Ende, bevor in diesem Prozess irgendetwas anderes läuft; 200 ms synchrone CPU-Arbeit verzögern also jede andere Anfrage dieses Prozesses um bis zu 200 ms (der Schrittmodus zeigt, wie sie auf die beschäftigte Event-Loop warten).</translation>
    </message>
    <message>
        <source>Seed 004&apos;s pool: connectionLimit: 10, waitForConnections: true, and a load test of 100 concurrent requests.</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Der Pool aus Lehrtext 004: connectionLimit: 10, waitForConnections: true, und ein Lasttest mit 100 gleichzeitigen Anfragen.</translation>
    </message>
    <message>
        <source>mysql2 then queues the other 90 without a timeout, so nothing fails, they just wait. Pools with an acquire timeout (knex, pg&apos;s connectionTimeoutMillis) fail the waiting requests instead. The defaults here are scaled down (a pool of 2, 5 requests) so that every interleaving can be counted; the proportions are the same.</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>mysql2 stellt die übrigen 90 dann ohne Timeout in die Warteschlange; nichts schlägt fehl, sie warten nur. Pools mit Acquire-Timeout (knex, connectionTimeoutMillis bei pg) lassen die wartenden Anfragen stattdessen scheitern. Die Vorgaben hier sind verkleinert (ein Pool mit 2, 5 Anfragen), damit sich jede Verzahnung zählen lässt; die Verhältnisse sind dieselben.</translation>
    </message>
    <message>
        <source>Quick requests</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Schnelle Anfragen</translation>
    </message>
    <message>
        <source>Requests that only read a row, arriving together with the report request</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Anfragen, die nur eine Zeile lesen und zusammen mit der Berichtsanfrage eintreffen</translation>
    </message>
    <message>
        <source>Report CPU time (ms)</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>CPU-Zeit des Berichts (ms)</translation>
    </message>
    <message>
        <source>Synchronous work of the report request: renderReport(rows)</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Synchrone Arbeit der Berichtsanfrage: renderReport(rows)</translation>
    </message>
    <message>
        <source>Connection pool size</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Größe des Verbindungspools</translation>
    </message>
    <message>
        <source>Connections in each process&apos;s pool (seed 004: connectionLimit 10)</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Verbindungen im Pool jedes Prozesses (Lehrtext 004: connectionLimit 10)</translation>
    </message>
    <message>
        <source>Acquire timeout (ms)</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Acquire-Timeout (ms)</translation>
    </message>
    <message>
        <source>How long a request waits for a free connection before the pool gives up</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Wie lange eine Anfrage auf eine freie Verbindung wartet, bevor der Pool aufgibt</translation>
    </message>
    <message>
        <source>Concurrency limit</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Nebenläufigkeitslimit</translation>
    </message>
    <message>
        <source>pLimit(n): how many requests may use the database at once; at most the pool size</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>pLimit(n): wie viele Anfragen die Datenbank gleichzeitig nutzen dürfen; höchstens die Poolgröße</translation>
    </message>
    <message>
        <source>Report</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Bericht</translation>
    </message>
    <message>
        <source>No fix (CPU work on the event loop)</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Keine Lösung (CPU-Arbeit auf der Event-Loop)</translation>
    </message>
    <message>
        <source>The report request renders its PDF synchronously. From the moment it starts, no other request of that process can run until the 200 ms are over: they wait for the loop, not for anything they need. On threads the other requests run meanwhile.</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Die Berichtsanfrage rendert ihr PDF synchron. Ab dem Moment, in dem sie beginnt, kann keine andere Anfrage dieses Prozesses laufen, bis die 200 ms vorbei sind: Sie warten auf die Loop, nicht auf etwas, das sie brauchen. Auf Threads laufen die anderen Anfragen währenddessen.</translation>
    </message>
    <message>
        <source>Offload the CPU work to a worker thread</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>CPU-Arbeit in einen Worker-Thread auslagern</translation>
    </message>
    <message>
        <source>Seed 000: &quot;Worker threads run JS in separate threads for CPU-bound work.&quot; The report request hands the rendering to a worker (for example piscina or workerpool) and awaits the result like any I/O. The event loop stays free, and the quick requests are answered while the report renders.</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Lehrtext 000: „Worker threads run JS in separate threads for CPU-bound work.“ Die Berichtsanfrage übergibt das Rendern an einen Worker (zum Beispiel piscina oder workerpool) und wartet per await auf das Ergebnis wie auf jede I/O. Die Event-Loop bleibt frei, und die schnellen Anfragen werden beantwortet, während der Bericht gerendert wird.</translation>
    </message>
    <message>
        <source>Every request takes a connection (unbounded)</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Jede Anfrage nimmt eine Verbindung (unbegrenzt)</translation>
    </message>
    <message>
        <source>With the CPU work offloaded, every request now takes a connection from the pool for its query. Nothing limits how many requests do that at once: with more requests than connections, the rest wait in the pool&apos;s queue, and when the acquire timeout passes before a connection is free, they fail with &quot;Pool exhausted&quot;. With two server instances each process has its own pool (and the database sees twice the connections).</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Mit ausgelagerter CPU-Arbeit nimmt jetzt jede Anfrage für ihre Abfrage eine Verbindung aus dem Pool. Nichts begrenzt, wie viele Anfragen das gleichzeitig tun: Gibt es mehr Anfragen als Verbindungen, warten die übrigen in der Warteschlange des Pools, und wenn das Acquire-Timeout abläuft, bevor eine Verbindung frei wird, scheitern sie mit „Pool erschöpft“. Bei zwei Serverinstanzen hat jeder Prozess seinen eigenen Pool (und die Datenbank sieht doppelt so viele Verbindungen).</translation>
    </message>
    <message>
        <source>Limit concurrency (p-limit)</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Nebenläufigkeit begrenzen (p-limit)</translation>
    </message>
    <message>
        <source>Seed 000: &quot;Limit concurrency (p-limit, connection pools).&quot; const limit = pLimit(2) lets at most two requests use the database at once; the others wait in the limiter&apos;s queue, which has no timeout. Because the limit is not larger than the pool, nobody ever waits for a connection, so nobody gets &quot;Pool exhausted&quot;. Set the limit above the pool size to see the errors come back.</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Lehrtext 000: „Limit concurrency (p-limit, connection pools).“ const limit = pLimit(2) lässt höchstens zwei Anfragen gleichzeitig an die Datenbank; die anderen warten in der Warteschlange des Limiters, die kein Timeout hat. Weil das Limit nicht größer als der Pool ist, wartet nie jemand auf eine Verbindung, und niemand bekommt „Pool erschöpft“. Setzen Sie das Limit über die Poolgröße, um die Fehler zurückkommen zu sehen.</translation>
    </message>
    <message>
        <source>no request waits for another request&apos;s CPU work</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>keine Anfrage wartet auf die CPU-Arbeit einer anderen</translation>
    </message>
    <message>
        <source>A quick request that could run is held up only because the event loop is busy with someone else&apos;s synchronous work: its answer comes as late as the slowest CPU task in the process.</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Eine schnelle Anfrage, die laufen könnte, wird nur aufgehalten, weil die Event-Loop mit der synchronen Arbeit einer anderen beschäftigt ist: Ihre Antwort kommt so spät wie die langsamste CPU-Aufgabe im Prozess.</translation>
    </message>
    <message>
        <source>every request is answered (no &quot;Pool exhausted&quot;)</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>jede Anfrage wird beantwortet (kein „Pool erschöpft“)</translation>
    </message>
    <message>
        <source>An error because the connection pool was full is an outage for that user, although the database itself was fine.</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Ein Fehler, weil der Verbindungspool voll war, ist für diesen Nutzer ein Ausfall, obwohl die Datenbank selbst in Ordnung war.</translation>
    </message>
    <message>
        <source>Requests held up by the busy event loop</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Von der beschäftigten Event-Loop aufgehaltene Anfragen</translation>
    </message>
    <message>
        <source>Slowest quick answer (t, ms)</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Langsamste schnelle Antwort (t, ms)</translation>
    </message>
    <message>
        <source>Report finished (t, ms)</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Bericht fertig (t, ms)</translation>
    </message>
    <message>
        <source>&quot;Pool exhausted&quot; errors</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Fehler „Pool erschöpft“</translation>
    </message>
    <message>
        <source>Not on Node. The only await is the random delay; after it, the check `trip.seats &gt; 0`, the decrement and the push run synchronously, so on one event loop the second student always sees 0 seats and fails. The output -1 with two bookings happens on threads (select the threads model), with two server instances (each has its own trips array: two bookings, each process still counting 0 seats), or when the seats live in a database (the strategy &quot;Seats in the database (SELECT, then UPDATE)&quot;).</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Nicht auf Node. Das einzige await ist die zufällige Verzögerung; danach laufen die Prüfung `trip.seats &gt; 0`, die Verringerung und das push synchron, sodass der zweite Student auf einer Event-Loop immer 0 Plätze sieht und scheitert. Die Ausgabe -1 mit zwei Buchungen entsteht auf Threads (wählen Sie das Modell Threads), bei zwei Serverinstanzen (jede hat ihr eigenes trips-Array: zwei Buchungen, und jeder Prozess zählt trotzdem 0 Plätze) oder wenn die Plätze in einer Datenbank liegen (die Strategie „Plätze in der Datenbank (SELECT, dann UPDATE)“).</translation>
    </message>
    <message>
        <source>Lease expiry: a distributed lock that runs out</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Lease-Ablauf: eine verteilte Sperre, die abläuft</translation>
    </message>
    <message>
        <source>Client A holds a Redis lock, pauses longer than its TTL, and writes after client B has taken the lock: a stale write and a lost deposit.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Client A hält eine Redis-Sperre, pausiert länger als ihre TTL und schreibt, nachdem Client B die Sperre übernommen hat: ein veralteter Schreibvorgang und eine verlorene Einzahlung.</translation>
    </message>
    <message>
        <source>Seed 004 example 5 protects a read-modify-write of a balance with a Redis lock: SET lock:account:1 &lt;random&gt; NX PX 5000, then SELECT, compute, UPDATE, then release. The lock is a lease: Redis deletes it after the TTL whether or not its holder is done, and the holder is not told. If client A is paused for longer than the TTL (a stop-the-world GC pause, a swapped-out process, a slow network; seed 001&apos;s caution), Redis gives the lock to client B, and when A resumes it still believes it holds the lock. Both then write based on what they read, and one deposit is lost. Releasing without checking the owner makes it worse: A&apos;s DEL removes B&apos;s lock, so a third client could enter too (seed 004&apos;s release checks the value with a Lua script for this reason). A longer TTL only makes the pause that breaks it longer. The fix from Kleppmann&apos;s analysis is a fencing token: every lock grant carries a number that increases, every request to storage carries the token, and storage rejects a request whose token is older than one it has already seen. Seed 001&apos;s advice goes the same way: prefer idempotent operations and optimistic concurrency (a check the storage itself makes) over distributed locks.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Lehrtext 004, Beispiel 5 schützt ein Lesen-Ändern-Schreiben eines Kontostands mit einer Redis-Sperre: SET lock:account:1 &lt;random&gt; NX PX 5000, dann SELECT, rechnen, UPDATE, dann freigeben. Die Sperre ist ein Lease: Redis löscht sie nach der TTL, ob ihr Halter fertig ist oder nicht, und der Halter erfährt es nicht. Wird Client A länger als die TTL angehalten (eine Stop-the-World-GC-Pause, ein ausgelagerter Prozess, ein langsames Netz; die Warnung aus Lehrtext 001), gibt Redis die Sperre an Client B, und wenn A weiterläuft, glaubt er immer noch, die Sperre zu halten. Beide schreiben dann auf Grundlage dessen, was sie gelesen haben, und eine Einzahlung geht verloren. Freigeben ohne Besitzerprüfung macht es schlimmer: Das DEL von A entfernt die Sperre von B, sodass auch noch ein dritter Client hinein könnte (die Freigabe in Lehrtext 004 prüft deshalb den Wert mit einem Lua-Skript). Eine längere TTL verlängert nur die Pause, die zum Bruch führt. Die Lösung aus Kleppmanns Analyse ist ein Fencing-Token: Jede Vergabe der Sperre trägt eine steigende Nummer, jede Anfrage an den Speicher trägt das Token, und der Speicher lehnt eine Anfrage ab, deren Token älter ist als eines, das er schon gesehen hat. Der Rat aus Lehrtext 001 geht in dieselbe Richtung: idempotente Operationen und optimistische Nebenläufigkeitskontrolle (eine Prüfung, die der Speicher selbst vornimmt) verteilten Sperren vorziehen.</translation>
    </message>
    <message>
        <source>Seed 004 example 5: &quot;This code runs exclusively across ALL servers.&quot;</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Lehrtext 004, Beispiel 5: „This code runs exclusively across ALL servers.“</translation>
    </message>
    <message>
        <source>Only while the lease lasts. When the holder is paused for longer than the TTL (5000 ms here), Redis deletes the key and another client gets the lock while the first is still inside the critical section. Let time pass with ~ during client A&apos;s pause to see it.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Nur solange das Lease gilt. Wird der Halter länger als die TTL (hier 5000 ms) angehalten, löscht Redis den Schlüssel, und ein anderer Client bekommt die Sperre, während der erste noch im kritischen Abschnitt ist. Lassen Sie während der Pause von Client A mit ~ Zeit vergehen, um es zu sehen.</translation>
    </message>
    <message>
        <source>Seed 004 example 5&apos;s acquire() waits for nothing: if SET NX fails it throws &quot;Could not acquire lock&quot;.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>acquire() aus Lehrtext 004, Beispiel 5 wartet auf nichts: Schlägt SET NX fehl, wirft es „Could not acquire lock“.</translation>
    </message>
    <message>
        <source>So a second deposit that arrives while the first holds the lock fails with 500 instead of waiting (strategy &quot;Seed 004&apos;s lock&quot;). The lost update needs the second client to come after the lease ran out. The other strategies retry SET NX until the key is free, as lock libraries such as Redlock clients do; the second client then gets the lock the moment A&apos;s lease expires.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Eine zweite Einzahlung, die ankommt, während die erste die Sperre hält, scheitert also mit 500, statt zu warten (Strategie „Sperre aus Lehrtext 004“). Für das verlorene Update muss der zweite Client kommen, nachdem das Lease abgelaufen ist. Die anderen Strategien wiederholen SET NX, bis der Schlüssel frei ist, wie es Sperrbibliotheken wie Redlock-Clients tun; der zweite Client bekommt die Sperre dann in dem Moment, in dem das Lease von A abläuft.</translation>
    </message>
    <message>
        <source>Kleppmann&apos;s example: storage &quot;rejects the request with token 33&quot; after it has seen token 34.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Kleppmanns Beispiel: Der Speicher „rejects the request with token 33“, nachdem er Token 34 gesehen hat.</translation>
    </message>
    <message>
        <source>For a read-modify-write that is not enough if the stale client writes before the new holder writes: storage has not seen the newer token yet, accepts the stale write, and the new holder then overwrites it with a value computed from an older read. Storage must see the token on the read as well (strategy &quot;Fencing token on every request&quot;); checking it only on the write still loses a deposit (strategy &quot;Fencing token on writes only&quot;).</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Bei einem Lesen-Ändern-Schreiben reicht das nicht, wenn der veraltete Client schreibt, bevor der neue Halter schreibt: Der Speicher hat das neuere Token noch nicht gesehen, akzeptiert den veralteten Schreibvorgang, und der neue Halter überschreibt ihn dann mit einem Wert, der aus einem älteren Lesevorgang berechnet ist. Der Speicher muss das Token auch beim Lesen sehen (Strategie „Fencing-Token bei jeder Anfrage“); prüft er es nur beim Schreiben, geht trotzdem eine Einzahlung verloren (Strategie „Fencing-Token nur beim Schreiben“).</translation>
    </message>
    <message>
        <source>PX of SET … NX PX; seed 004&apos;s deposit passes 5000</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>PX von SET … NX PX; die Einzahlung in Lehrtext 004 übergibt 5000</translation>
    </message>
    <message>
        <source>Client A&apos;s pause (ms)</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Pause von Client A (ms)</translation>
    </message>
    <message>
        <source>A stop-the-world GC pause between A&apos;s read and A&apos;s write; longer than the TTL breaks the lock</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Eine Stop-the-World-GC-Pause zwischen Lesen und Schreiben von A; länger als die TTL bricht sie die Sperre</translation>
    </message>
    <message>
        <source>Seed 004 resets the account to 1000</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Lehrtext 004 setzt das Konto auf 1000 zurück</translation>
    </message>
    <message>
        <source>A&apos;s deposit</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Einzahlung von A</translation>
    </message>
    <message>
        <source>B&apos;s deposit</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Einzahlung von B</translation>
    </message>
    <message>
        <source>Client A</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Client A</translation>
    </message>
    <message>
        <source>Client B</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Client B</translation>
    </message>
    <message>
        <source>Seed 004&apos;s lock (throws if taken, owner-checked release)</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Sperre aus Lehrtext 004 (wirft, wenn belegt; Freigabe mit Besitzerprüfung)</translation>
    </message>
    <message>
        <source>Seed 004&apos;s DistributedLock as written: acquire() does SET NX PX and throws &quot;Could not acquire lock&quot; when the key exists; release() deletes the key only if it still holds this client&apos;s random value (Lua script). If B comes while A holds the lock, B gets a 500. If B comes after A&apos;s lease ran out during A&apos;s pause, B gets the lock, and A&apos;s late write overwrites B&apos;s deposit.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>DistributedLock aus Lehrtext 004, wie geschrieben: acquire() führt SET NX PX aus und wirft „Could not acquire lock“, wenn der Schlüssel existiert; release() löscht den Schlüssel nur, wenn er noch den Zufallswert dieses Clients enthält (Lua-Skript). Kommt B, während A die Sperre hält, bekommt B eine 500. Kommt B, nachdem das Lease von A während der Pause von A abgelaufen ist, bekommt B die Sperre, und der späte Schreibvorgang von A überschreibt die Einzahlung von B.</translation>
    </message>
    <message>
        <source>Lock that waits (owner-checked release)</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Wartende Sperre (Freigabe mit Besitzerprüfung)</translation>
    </message>
    <message>
        <source>The same lock, but acquire() retries SET NX until the key is free, as Redlock clients do. B waits while A holds the lock, so without a pause no deposit is lost. When A&apos;s pause outlasts the TTL, Redis deletes the key, B gets the lock at once, and A&apos;s late write overwrites B&apos;s deposit. The owner check only makes A&apos;s release a harmless no-op.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Dieselbe Sperre, aber acquire() wiederholt SET NX, bis der Schlüssel frei ist, wie es Redlock-Clients tun. B wartet, während A die Sperre hält; ohne Pause geht also keine Einzahlung verloren. Dauert die Pause von A länger als die TTL, löscht Redis den Schlüssel, B bekommt sofort die Sperre, und der späte Schreibvorgang von A überschreibt die Einzahlung von B. Die Besitzerprüfung macht nur die Freigabe durch A zu einer harmlosen Nulloperation.</translation>
    </message>
    <message>
        <source>Lock released without an owner check</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Sperre ohne Besitzerprüfung freigegeben</translation>
    </message>
    <message>
        <source>The waiting lock, released with a plain DEL. After A&apos;s lease expired and B took the lock, A&apos;s release deletes B&apos;s lock while B is still working: any other client could now enter too. Seed 004&apos;s Lua script (delete only if the value is still ours) exists to prevent exactly this.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Die wartende Sperre, freigegeben mit einem einfachen DEL. Nachdem das Lease von A abgelaufen ist und B die Sperre genommen hat, löscht die Freigabe durch A die Sperre von B, während B noch arbeitet: Jetzt könnte auch jeder andere Client hinein. Das Lua-Skript aus Lehrtext 004 (nur löschen, wenn der Wert noch unserer ist) gibt es genau, um das zu verhindern.</translation>
    </message>
    <message>
        <source>Fencing token on writes only</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Fencing-Token nur beim Schreiben</translation>
    </message>
    <message>
        <source>The lock grant carries an increasing fencing token, and storage rejects a write whose token is older than the newest it has seen. If B writes before A resumes, A&apos;s stale write is rejected. But if A resumes and writes before B writes, storage has not seen B&apos;s token yet and accepts A&apos;s write; B then overwrites it with a balance computed from what it read before A&apos;s write. The token must reach storage on the read too.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Die Vergabe der Sperre trägt ein steigendes Fencing-Token, und der Speicher lehnt einen Schreibvorgang ab, dessen Token älter ist als das neueste, das er gesehen hat. Schreibt B, bevor A weiterläuft, wird der veraltete Schreibvorgang von A abgelehnt. Läuft A aber weiter und schreibt, bevor B schreibt, hat der Speicher das Token von B noch nicht gesehen und akzeptiert den Schreibvorgang von A; B überschreibt ihn dann mit einem Kontostand, der aus dem berechnet ist, was B vor dem Schreiben von A gelesen hat. Das Token muss den Speicher auch beim Lesen erreichen.</translation>
    </message>
    <message>
        <source>Fencing token on every request</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Fencing-Token bei jeder Anfrage</translation>
    </message>
    <message>
        <source>Every request to storage carries the lock&apos;s fencing token, the read included, and storage rejects any request with a token older than one it has already seen. Once B has read with its newer token, A&apos;s write is rejected; if A writes first, B reads A&apos;s result. A&apos;s request fails and its client can retry; no deposit is lost. Storage, not the lock, makes the final decision: a write that arrives after its lease ran out is accepted only if nobody with a newer token has touched the account, and then it is harmless (so this strategy does not flag it).</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Jede Anfrage an den Speicher trägt das Fencing-Token der Sperre, auch das Lesen, und der Speicher lehnt jede Anfrage ab, deren Token älter ist als eines, das er schon gesehen hat. Sobald B mit seinem neueren Token gelesen hat, wird der Schreibvorgang von A abgelehnt; schreibt A zuerst, liest B das Ergebnis von A. Die Anfrage von A scheitert, und ihr Client kann es erneut versuchen; keine Einzahlung geht verloren. Der Speicher, nicht die Sperre, entscheidet zuletzt: Ein Schreibvorgang, der nach Ablauf seines Lease ankommt, wird nur akzeptiert, wenn niemand mit einem neueren Token das Konto angefasst hat, und dann ist er harmlos (darum markiert ihn diese Strategie nicht).</translation>
    </message>
    <message>
        <source>Money that a client was told was deposited must be in the account.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Geld, dessen Einzahlung einem Client bestätigt wurde, muss auf dem Konto sein.</translation>
    </message>
    <message>
        <source>only the lock holder writes</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>nur der Halter der Sperre schreibt</translation>
    </message>
    <message>
        <source>The lock exists so that no one writes without holding it; a write after the lease expired is exactly what it was meant to prevent.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Die Sperre gibt es, damit niemand schreibt, ohne sie zu halten; ein Schreibvorgang nach Ablauf des Lease ist genau das, was sie verhindern sollte.</translation>
    </message>
    <message>
        <source>a client releases only its own lock</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>ein Client gibt nur seine eigene Sperre frei</translation>
    </message>
    <message>
        <source>Deleting another client&apos;s lock lets a third client into the critical section while the current holder is still in it.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Wer die Sperre eines anderen Clients löscht, lässt einen dritten Client in den kritischen Abschnitt, während der aktuelle Halter noch darin ist.</translation>
    </message>
    <message>
        <source>Lost deposits (money)</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Verlorene Einzahlungen (Geld)</translation>
    </message>
    <message>
        <source>Requests rejected by storage (stale token)</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Vom Speicher abgelehnte Anfragen (veraltetes Token)</translation>
    </message>
    <message>
        <source>Retried payment: charged twice</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Wiederholte Zahlung: doppelt belastet</translation>
    </message>
    <message>
        <source>The client times out and retries its POST /pay; the original is still running, and the customer is charged twice.</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Beim Client läuft ein Timeout ab, und er wiederholt sein POST /pay; das Original läuft noch, und der Kunde wird doppelt belastet.</translation>
    </message>
    <message>
        <source>Networks lose answers, so clients retry. A retried POST /pay arrives while the original is still running, or after it finished. Without an idempotency key the server cannot tell a retry from a new payment and charges again. With a key (seed 002: &quot;Already processed? Return previous result. Not processed? Execute logic.&quot;) everything depends on how the server checks it. Done as two steps, first SELECT the key and then INSERT it after charging, it is check-then-act: the original and the retry both find no key, both charge, and the unique key on idempotency_keys only fails the second INSERT after the money is gone. Done atomically, the request first claims the key with one INSERT … ON CONFLICT DO NOTHING into a table with a unique key, and only the request that inserted the row charges. The other gets the stored response, or 409 Conflict while the first is still running (as the IETF Idempotency-Key draft and Stripe do), and the client retries later.</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Netzwerke verlieren Antworten, also wiederholen Clients. Ein wiederholtes POST /pay kommt an, während das Original noch läuft oder nachdem es fertig ist. Ohne Idempotenzschlüssel kann der Server eine Wiederholung nicht von einer neuen Zahlung unterscheiden und belastet erneut. Mit einem Schlüssel (Lehrtext 002: „Already processed? Return previous result. Not processed? Execute logic.“) hängt alles davon ab, wie der Server ihn prüft. In zwei Schritten – erst den Schlüssel per SELECT suchen, ihn dann nach der Belastung per INSERT eintragen – ist es Check-then-Act: Original und Wiederholung finden beide keinen Schlüssel, beide belasten, und der eindeutige Schlüssel auf idempotency_keys lässt erst das zweite INSERT scheitern, wenn das Geld schon weg ist. Atomar gemacht, beansprucht die Anfrage zuerst den Schlüssel mit einem einzigen INSERT … ON CONFLICT DO NOTHING in eine Tabelle mit eindeutigem Schlüssel, und nur die Anfrage, die die Zeile eingefügt hat, belastet. Die andere bekommt die gespeicherte Antwort oder, solange die erste noch läuft, 409 Conflict (wie es der IETF-Entwurf zu Idempotency-Key und Stripe tun), und der Client versucht es später erneut.</translation>
    </message>
    <message>
        <source>Seed 002 section 19: the server checks &quot;Already processed? Return previous result. Not processed? Execute logic.&quot;</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Lehrtext 002, Abschnitt 19: Der Server prüft „Already processed? Return previous result. Not processed? Execute logic.“</translation>
    </message>
    <message>
        <source>Written as a check followed later by a write of the key, that is check-then-act and still charges twice when the retry arrives while the original is running (strategy &quot;Idempotency key, check then insert&quot;). The check and the claim must be one atomic step, for example an INSERT into a table with a unique key before charging.</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Als Prüfung geschrieben, auf die später ein Schreiben des Schlüssels folgt, ist das Check-then-Act und belastet immer noch doppelt, wenn die Wiederholung ankommt, während das Original läuft (Strategie „Idempotenzschlüssel, prüfen, dann einfügen“). Prüfung und Beanspruchung müssen ein atomarer Schritt sein, zum Beispiel ein INSERT in eine Tabelle mit eindeutigem Schlüssel vor der Belastung.</translation>
    </message>
    <message>
        <source>Seed 002 section 19 implies that a retry always gets &quot;the previous result&quot;.</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Lehrtext 002, Abschnitt 19 unterstellt, dass eine Wiederholung immer „the previous result“ bekommt.</translation>
    </message>
    <message>
        <source>Only if the original has finished. While it is still running there is no result yet: the server must either wait or answer 409 Conflict so that the client retries later. It must not run the payment a second time.</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Nur wenn das Original fertig ist. Solange es noch läuft, gibt es noch kein Ergebnis: Der Server muss entweder warten oder mit 409 Conflict antworten, damit der Client es später erneut versucht. Er darf die Zahlung nicht ein zweites Mal ausführen.</translation>
    </message>
    <message>
        <source>Amount (cents)</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Betrag (Cent)</translation>
    </message>
    <message>
        <source>What one payment charges</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Betrag, den eine Zahlung abbucht</translation>
    </message>
    <message>
        <source>Original POST</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Ursprüngliches POST</translation>
    </message>
    <message>
        <source>Retry (same Idempotency-Key)</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Wiederholung (gleicher Idempotency-Key)</translation>
    </message>
    <message>
        <source>No fix (no idempotency key)</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Keine Lösung (kein Idempotenzschlüssel)</translation>
    </message>
    <message>
        <source>The server charges the card for every POST it receives. The retry is a second payment to it: the customer is charged twice in every interleaving, even when the retry arrives after the original has finished.</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Der Server belastet die Karte bei jedem POST, das er empfängt. Die Wiederholung ist für ihn eine zweite Zahlung: Der Kunde wird in jeder Verzahnung doppelt belastet, selbst wenn die Wiederholung ankommt, nachdem das Original fertig ist.</translation>
    </message>
    <message>
        <source>Idempotency key, check then insert</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Idempotenzschlüssel, prüfen, dann einfügen</translation>
    </message>
    <message>
        <source>The server looks the key up; if it is not there it charges, then inserts the key and stores the response. A retry that arrives after the original finished gets the stored response. A retry that arrives while the original is charging also finds no key and charges again; its INSERT then fails with ER_DUP_ENTRY, but only after the money is gone.</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Der Server sucht den Schlüssel; ist er nicht da, belastet er, fügt dann den Schlüssel ein und speichert die Antwort. Eine Wiederholung, die ankommt, nachdem das Original fertig ist, bekommt die gespeicherte Antwort. Eine Wiederholung, die ankommt, während das Original noch belastet, findet ebenfalls keinen Schlüssel und belastet erneut; ihr INSERT scheitert dann mit ER_DUP_ENTRY, aber erst, wenn das Geld schon weg ist.</translation>
    </message>
    <message>
        <source>409 Conflict: a request with this Idempotency-Key is in progress</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>409 Conflict: Eine Anfrage mit diesem Idempotency-Key wird gerade bearbeitet</translation>
    </message>
    <message>
        <source>Idempotency key, claimed atomically</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Idempotenzschlüssel, atomar beansprucht</translation>
    </message>
    <message>
        <source>The server first claims the key: INSERT … ON CONFLICT DO NOTHING into idempotency_keys, whose unique key lets exactly one request insert the row. Only that request charges. The other gets the stored response, or 409 Conflict while the first is still running; it is never charged.</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Der Server beansprucht zuerst den Schlüssel: INSERT … ON CONFLICT DO NOTHING in idempotency_keys, dessen eindeutiger Schlüssel genau eine Anfrage die Zeile einfügen lässt. Nur diese Anfrage belastet. Die andere bekommt die gespeicherte Antwort oder, solange die erste noch läuft, 409 Conflict; sie wird nie belastet.</translation>
    </message>
    <message>
        <source>charged exactly once</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>genau einmal belastet</translation>
    </message>
    <message>
        <source>The customer paid once, however many times the request was sent.</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Der Kunde hat einmal bezahlt, egal wie oft die Anfrage gesendet wurde.</translation>
    </message>
    <message>
        <source>never charged twice</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>nie doppelt belastet</translation>
    </message>
    <message>
        <source>A second charge for the same payment takes money the customer never agreed to pay; refunding it later does not undo that.</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Eine zweite Belastung für dieselbe Zahlung nimmt Geld, dessen Zahlung der Kunde nie zugestimmt hat; eine spätere Erstattung macht das nicht ungeschehen.</translation>
    </message>
    <message>
        <source>Charges</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Belastungen</translation>
    </message>
    <message>
        <source>Amount charged</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Belasteter Betrag</translation>
    </message>
    <message>
        <source>409 answers</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>409-Antworten</translation>
    </message>
    <message>
        <source>Hermitage G-single: read skew</source>
        <extracomment>Scenario &quot;hermitage-g-single&quot;</extracomment>
        <translation>Hermitage G-single: Lese-Schiefe (read skew)</translation>
    </message>
    <message>
        <source>T1 reads row 1 before T2&apos;s transfer and row 2 after it: it sees money vanish.</source>
        <extracomment>Scenario &quot;hermitage-g-single&quot;</extracomment>
        <translation>T1 liest Zeile 1 vor der Umbuchung von T2 und Zeile 2 danach: Es sieht Geld verschwinden.</translation>
    </message>
    <message>
        <source>G-single (read skew): T2 moves 2 from row 2 to row 1 (10 =&gt; 12, 20 =&gt; 18) between T1&apos;s two reads; the total stays 30. Hermitage says: MySQL READ COMMITTED and PostgreSQL READ COMMITTED do not prevent it (T1 shows 2 =&gt; 18 after 1 =&gt; 10); REPEATABLE READ prevents it in both (T1 shows 2 =&gt; 20 from its snapshot).</source>
        <extracomment>Scenario &quot;hermitage-g-single&quot;</extracomment>
        <translation>G-single (Lese-Schiefe): T2 bucht zwischen den beiden Lesevorgängen von T1 den Betrag 2 von Zeile 2 auf Zeile 1 um (10 =&gt; 12, 20 =&gt; 18); die Summe bleibt 30. Hermitage sagt: MySQL READ COMMITTED und PostgreSQL READ COMMITTED verhindern es nicht (T1 zeigt 2 =&gt; 18 nach 1 =&gt; 10); REPEATABLE READ verhindert es in beiden (T1 zeigt 2 =&gt; 20 aus seinem Snapshot).</translation>
    </message>
    <message>
        <source>T1</source>
        <extracomment>Scenario &quot;hermitage-g-single-predicate&quot;</extracomment>
        <translation>T1</translation>
    </message>
    <message>
        <source>T2</source>
        <extracomment>Scenario &quot;hermitage-g-single-predicate&quot;</extracomment>
        <translation>T2</translation>
    </message>
    <message>
        <source>Hermitage&apos;s transactions</source>
        <extracomment>Scenario &quot;hermitage-g-single-predicate&quot;</extracomment>
        <translation>Die Transaktionen von Hermitage</translation>
    </message>
    <message>
        <source>The statements of Hermitage&apos;s test, one step each.</source>
        <extracomment>Scenario &quot;hermitage-g-single-predicate&quot;</extracomment>
        <translation>Die Anweisungen des Hermitage-Tests, je ein Schritt.</translation>
    </message>
    <message>
        <source>T1 sees a total of 30</source>
        <extracomment>Scenario &quot;hermitage-g-single&quot;</extracomment>
        <translation>T1 sieht eine Summe von 30</translation>
    </message>
    <message>
        <source>Rows 1 and 2 always add up to 30; a reader that sees another total saw two different moments.</source>
        <extracomment>Scenario &quot;hermitage-g-single&quot;</extracomment>
        <translation>Die Zeilen 1 und 2 ergeben zusammen immer 30; wer eine andere Summe sieht, hat zwei verschiedene Zeitpunkte gesehen.</translation>
    </message>
    <message>
        <source>T1 saw a skewed total</source>
        <extracomment>Scenario &quot;hermitage-g-single&quot;</extracomment>
        <translation>T1 sah eine schiefe Summe</translation>
    </message>
    <message>
        <source>Hermitage G0: write cycles</source>
        <extracomment>Scenario &quot;hermitage-g0&quot;</extracomment>
        <translation>Hermitage G0: Schreibzyklen</translation>
    </message>
    <message>
        <source>Two transactions write the same two rows; the result must be one of them, not a mix.</source>
        <extracomment>Scenario &quot;hermitage-g0&quot;</extracomment>
        <translation>Zwei Transaktionen schreiben dieselben zwei Zeilen; das Ergebnis muss eine von beiden sein, keine Mischung.</translation>
    </message>
    <message>
        <source>G0 (dirty write): T1 and T2 each update rows 1 and 2. If T2 could overwrite T1&apos;s uncommitted row 1 before T1 writes row 2, the end could mix the two (1 =&gt; 12, 2 =&gt; 21). Every database locks an updated row until commit, so T2&apos;s update waits. Hermitage says: prevented by MySQL at every level, READ UNCOMMITTED included, and by PostgreSQL at every level (T2 BLOCKS until T1 commits).</source>
        <extracomment>Scenario &quot;hermitage-g0&quot;</extracomment>
        <translation>G0 (Dirty Write): T1 und T2 ändern jeweils die Zeilen 1 und 2. Könnte T2 die noch nicht bestätigte Zeile 1 von T1 überschreiben, bevor T1 Zeile 2 schreibt, könnte das Ende beide mischen (1 =&gt; 12, 2 =&gt; 21). Jede Datenbank sperrt eine geänderte Zeile bis zum Commit, also wartet das Update von T2. Hermitage sagt: von MySQL auf jeder Stufe verhindert, auch READ UNCOMMITTED, und von PostgreSQL auf jeder Stufe (T2 BLOCKIERT, bis T1 bestätigt).</translation>
    </message>
    <message>
        <source>the rows hold one transaction&apos;s writes, not a mix</source>
        <extracomment>Scenario &quot;hermitage-g0&quot;</extracomment>
        <translation>die Zeilen enthalten die Schreibvorgänge einer Transaktion, keine Mischung</translation>
    </message>
    <message>
        <source>A mix of two transactions&apos; writes is a write cycle: no serial order produces it.</source>
        <extracomment>Scenario &quot;hermitage-g0&quot;</extracomment>
        <translation>Eine Mischung der Schreibvorgänge zweier Transaktionen ist ein Schreibzyklus: Keine serielle Reihenfolge erzeugt sie.</translation>
    </message>
    <message>
        <source>Row 1</source>
        <extracomment>Scenario &quot;hermitage-g0&quot;</extracomment>
        <translation>Zeile 1</translation>
    </message>
    <message>
        <source>Row 2</source>
        <extracomment>Scenario &quot;hermitage-g0&quot;</extracomment>
        <translation>Zeile 2</translation>
    </message>
    <message>
        <source>Hermitage G1a: aborted reads</source>
        <extracomment>Scenario &quot;hermitage-g1a&quot;</extracomment>
        <translation>Hermitage G1a: abgebrochene Lesevorgänge</translation>
    </message>
    <message>
        <source>T2 must never see a value that T1 wrote and then rolled back.</source>
        <extracomment>Scenario &quot;hermitage-g1a&quot;</extracomment>
        <translation>T2 darf nie einen Wert sehen, den T1 geschrieben und dann zurückgerollt hat.</translation>
    </message>
    <message>
        <source>G1a (aborted read): T1 updates row 1 to 101 and rolls back; T2 reads row 1 before and after. Hermitage says: MySQL READ UNCOMMITTED does not prevent it (T2 shows 1 =&gt; 101); MySQL READ COMMITTED and above prevent it; PostgreSQL prevents it at every level (its READ UNCOMMITTED is READ COMMITTED).</source>
        <extracomment>Scenario &quot;hermitage-g1a&quot;</extracomment>
        <translation>G1a (abgebrochener Lesevorgang): T1 setzt Zeile 1 auf 101 und rollt zurück; T2 liest Zeile 1 davor und danach. Hermitage sagt: MySQL READ UNCOMMITTED verhindert es nicht (T2 zeigt 1 =&gt; 101); MySQL READ COMMITTED und höher verhindern es; PostgreSQL verhindert es auf jeder Stufe (sein READ UNCOMMITTED ist READ COMMITTED).</translation>
    </message>
    <message>
        <source>nobody reads a rolled-back value</source>
        <extracomment>Scenario &quot;hermitage-g1a&quot;</extracomment>
        <translation>niemand liest einen zurückgerollten Wert</translation>
    </message>
    <message>
        <source>101 was never committed: a reader that saw it acted on data that never existed.</source>
        <extracomment>Scenario &quot;hermitage-g1a&quot;</extracomment>
        <translation>101 wurde nie bestätigt: Wer es gesehen hat, handelte auf Grundlage von Daten, die es nie gab.</translation>
    </message>
    <message>
        <source>T2&apos;s first read</source>
        <extracomment>Scenario &quot;hermitage-g1a&quot;</extracomment>
        <translation>Erster Lesevorgang von T2</translation>
    </message>
    <message>
        <source>Hermitage G1b: intermediate reads</source>
        <extracomment>Scenario &quot;hermitage-g1b&quot;</extracomment>
        <translation>Hermitage G1b: Zwischenstände lesen</translation>
    </message>
    <message>
        <source>T2 must never see T1&apos;s intermediate value, only its final one.</source>
        <extracomment>Scenario &quot;hermitage-g1b&quot;</extracomment>
        <translation>T2 darf nie den Zwischenwert von T1 sehen, nur seinen Endwert.</translation>
    </message>
    <message>
        <source>G1b (intermediate read): T1 writes 101 and then 11 to row 1 and commits; T2 reads row 1 in between. Hermitage says: MySQL READ UNCOMMITTED does not prevent it (T2 shows 1 =&gt; 101); MySQL READ COMMITTED and above and PostgreSQL at every level prevent it (T2 shows 10, then 11 after T1&apos;s commit).</source>
        <extracomment>Scenario &quot;hermitage-g1b&quot;</extracomment>
        <translation>G1b (Zwischenstand gelesen): T1 schreibt erst 101 und dann 11 in Zeile 1 und bestätigt; T2 liest Zeile 1 dazwischen. Hermitage sagt: MySQL READ UNCOMMITTED verhindert es nicht (T2 zeigt 1 =&gt; 101); MySQL READ COMMITTED und höher sowie PostgreSQL auf jeder Stufe verhindern es (T2 zeigt 10, nach dem Commit von T1 dann 11).</translation>
    </message>
    <message>
        <source>nobody reads an intermediate value</source>
        <extracomment>Scenario &quot;hermitage-g1b&quot;</extracomment>
        <translation>niemand liest einen Zwischenwert</translation>
    </message>
    <message>
        <source>101 was only ever an intermediate state of T1.</source>
        <extracomment>Scenario &quot;hermitage-g1b&quot;</extracomment>
        <translation>101 war nur ein Zwischenstand von T1.</translation>
    </message>
    <message>
        <source>Hermitage G1c: circular information flow</source>
        <extracomment>Scenario &quot;hermitage-g1c&quot;</extracomment>
        <translation>Hermitage G1c: zirkulärer Informationsfluss</translation>
    </message>
    <message>
        <source>Each transaction must not see the other&apos;s uncommitted write.</source>
        <extracomment>Scenario &quot;hermitage-g1c&quot;</extracomment>
        <translation>Keine Transaktion darf den noch nicht bestätigten Schreibvorgang der anderen sehen.</translation>
    </message>
    <message>
        <source>G1c: T1 writes row 1 and reads row 2; T2 writes row 2 and reads row 1. If each sees the other&apos;s write, each happened before the other. Hermitage says: MySQL READ UNCOMMITTED does not prevent it (T1 shows 2 =&gt; 22, T2 shows 1 =&gt; 11); MySQL READ COMMITTED and PostgreSQL READ COMMITTED prevent it. At InnoDB SERIALIZABLE the reads take shared locks and wait, and the two waits form a deadlock.</source>
        <extracomment>Scenario &quot;hermitage-g1c&quot;</extracomment>
        <translation>G1c: T1 schreibt Zeile 1 und liest Zeile 2; T2 schreibt Zeile 2 und liest Zeile 1. Sieht jede den Schreibvorgang der anderen, geschah jede vor der anderen. Hermitage sagt: MySQL READ UNCOMMITTED verhindert es nicht (T1 zeigt 2 =&gt; 22, T2 zeigt 1 =&gt; 11); MySQL READ COMMITTED und PostgreSQL READ COMMITTED verhindern es. Bei InnoDB SERIALIZABLE nehmen die Lesevorgänge geteilte Sperren und warten, und die beiden Wartevorgänge bilden einen Deadlock.</translation>
    </message>
    <message>
        <source>the two do not each see the other&apos;s write</source>
        <extracomment>Scenario &quot;hermitage-g1c&quot;</extracomment>
        <translation>die beiden sehen nicht jeweils den Schreibvorgang der anderen</translation>
    </message>
    <message>
        <source>If each saw the other&apos;s write, each came before the other: no serial order explains it.</source>
        <extracomment>Scenario &quot;hermitage-g1c&quot;</extracomment>
        <translation>Sah jede den Schreibvorgang der anderen, kam jede vor der anderen: Keine serielle Reihenfolge erklärt das.</translation>
    </message>
    <message>
        <source>Saw the other&apos;s write</source>
        <extracomment>Scenario &quot;hermitage-g1c&quot;</extracomment>
        <translation>Sah den Schreibvorgang der anderen</translation>
    </message>
    <message>
        <source>Hermitage G2-item: write skew</source>
        <extracomment>Scenario &quot;hermitage-g2-item&quot;</extracomment>
        <translation>Hermitage G2-item: Schreib-Schiefe (write skew)</translation>
    </message>
    <message>
        <source>Both read both rows, each writes one; neither sees the other&apos;s write.</source>
        <extracomment>Scenario &quot;hermitage-g2-item&quot;</extracomment>
        <translation>Beide lesen beide Zeilen, jede schreibt eine; keine sieht den Schreibvorgang der anderen.</translation>
    </message>
    <message>
        <source>G2-item (write skew): T1 and T2 read rows 1 and 2; T1 writes row 1, T2 writes row 2. In a serial order the second would see the first&apos;s write; if both commit and neither saw it, the result is not serializable. Hermitage says: REPEATABLE READ does not prevent it in MySQL or PostgreSQL; MySQL SERIALIZABLE prevents it (T1&apos;s update BLOCKS, T2&apos;s fails with ERROR 1213 deadlock); PostgreSQL SERIALIZABLE prevents it (T2&apos;s commit fails with 40001 could not serialize access due to read/write dependencies among transactions).</source>
        <extracomment>Scenario &quot;hermitage-g2-item&quot;</extracomment>
        <translation>G2-item (Schreib-Schiefe): T1 und T2 lesen die Zeilen 1 und 2; T1 schreibt Zeile 1, T2 schreibt Zeile 2. In einer seriellen Reihenfolge sähe die zweite den Schreibvorgang der ersten; bestätigen beide und keine hat ihn gesehen, ist das Ergebnis nicht serialisierbar. Hermitage sagt: REPEATABLE READ verhindert es weder in MySQL noch in PostgreSQL; MySQL SERIALIZABLE verhindert es (das Update von T1 BLOCKIERT, das von T2 scheitert mit ERROR 1213 Deadlock); PostgreSQL SERIALIZABLE verhindert es (der Commit von T2 scheitert mit 40001 could not serialize access due to read/write dependencies among transactions).</translation>
    </message>
    <message>
        <source>if both commit, one saw the other&apos;s write</source>
        <extracomment>Scenario &quot;hermitage-g2-item&quot;</extracomment>
        <translation>bestätigen beide, sah eine den Schreibvorgang der anderen</translation>
    </message>
    <message>
        <source>Two committed transactions that each missed the other&apos;s write have no serial order.</source>
        <extracomment>Scenario &quot;hermitage-g2-item&quot;</extracomment>
        <translation>Zwei bestätigte Transaktionen, die jeweils den Schreibvorgang der anderen verpasst haben, haben keine serielle Reihenfolge.</translation>
    </message>
    <message>
        <source>Committed</source>
        <extracomment>Scenario &quot;hermitage-g-single-predicate&quot;</extracomment>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Hermitage OTV: observed transaction vanishes</source>
        <extracomment>Scenario &quot;hermitage-otv&quot;</extracomment>
        <translation>Hermitage OTV: beobachtete Transaktion verschwindet</translation>
    </message>
    <message>
        <source>T3 must see each committed state whole: T1&apos;s, or T2&apos;s, never half of each.</source>
        <extracomment>Scenario &quot;hermitage-otv&quot;</extracomment>
        <translation>T3 muss jeden bestätigten Zustand ganz sehen: den von T1 oder den von T2, nie je eine Hälfte.</translation>
    </message>
    <message>
        <source>OTV: T1 writes (11, 19), T2 writes (12, 18) after it, T3 reads both rows three times. Seeing T2&apos;s row 1 but T1&apos;s row 2 means T2 was observed and then vanished. Hermitage says: MySQL READ UNCOMMITTED does not prevent it (T3 shows 1 =&gt; 12, 2 =&gt; 19); MySQL READ COMMITTED and PostgreSQL READ COMMITTED prevent it.</source>
        <extracomment>Scenario &quot;hermitage-otv&quot;</extracomment>
        <translation>OTV: T1 schreibt (11, 19), T2 danach (12, 18), T3 liest dreimal beide Zeilen. Zeile 1 von T2, aber Zeile 2 von T1 zu sehen heißt, dass T2 beobachtet wurde und dann verschwand. Hermitage sagt: MySQL READ UNCOMMITTED verhindert es nicht (T3 zeigt 1 =&gt; 12, 2 =&gt; 19); MySQL READ COMMITTED und PostgreSQL READ COMMITTED verhindern es.</translation>
    </message>
    <message>
        <source>T3</source>
        <extracomment>Scenario &quot;hermitage-otv&quot;</extracomment>
        <translation>T3</translation>
    </message>
    <message>
        <source>every read of both rows shows one committed state</source>
        <extracomment>Scenario &quot;hermitage-otv&quot;</extracomment>
        <translation>jeder Lesevorgang beider Zeilen zeigt einen bestätigten Zustand</translation>
    </message>
    <message>
        <source>A pair of values no transaction committed together is a state that never existed.</source>
        <extracomment>Scenario &quot;hermitage-otv&quot;</extracomment>
        <translation>Ein Wertepaar, das keine Transaktion gemeinsam bestätigt hat, ist ein Zustand, den es nie gab.</translation>
    </message>
    <message>
        <source>T3&apos;s last row 1</source>
        <extracomment>Scenario &quot;hermitage-otv&quot;</extracomment>
        <translation>Letzte Zeile 1 von T3</translation>
    </message>
    <message>
        <source>T3&apos;s last row 2</source>
        <extracomment>Scenario &quot;hermitage-otv&quot;</extracomment>
        <translation>Letzte Zeile 2 von T3</translation>
    </message>
    <message>
        <source>Hermitage P4: lost update</source>
        <extracomment>Scenario &quot;hermitage-p4&quot;</extracomment>
        <translation>Hermitage P4: verlorenes Update</translation>
    </message>
    <message>
        <source>Two transactions read row 1 and write back what they read plus one; one increment vanishes.</source>
        <extracomment>Scenario &quot;hermitage-p4&quot;</extracomment>
        <translation>Zwei Transaktionen lesen Zeile 1 und schreiben das Gelesene plus eins zurück; eine Erhöhung verschwindet.</translation>
    </message>
    <message>
        <source>P4 (lost update): T1 and T2 read row 1 (10), then each writes 11. If both commit, one increment is lost. Hermitage says: MySQL REPEATABLE READ does not prevent it; MySQL SERIALIZABLE prevents it (the reads take shared locks, T1&apos;s update BLOCKS, T2&apos;s fails with ERROR 1213 deadlock); PostgreSQL READ COMMITTED does not prevent it; PostgreSQL REPEATABLE READ prevents it (T2&apos;s update BLOCKS, and fails with 40001 could not serialize access due to concurrent update when T1 commits).</source>
        <extracomment>Scenario &quot;hermitage-p4&quot;</extracomment>
        <translation>P4 (verlorenes Update): T1 und T2 lesen Zeile 1 (10), dann schreibt jede 11. Bestätigen beide, geht eine Erhöhung verloren. Hermitage sagt: MySQL REPEATABLE READ verhindert es nicht; MySQL SERIALIZABLE verhindert es (die Lesevorgänge nehmen geteilte Sperren, das Update von T1 BLOCKIERT, das von T2 scheitert mit ERROR 1213 Deadlock); PostgreSQL READ COMMITTED verhindert es nicht; PostgreSQL REPEATABLE READ verhindert es (das Update von T2 BLOCKIERT und scheitert mit 40001 could not serialize access due to concurrent update, sobald T1 bestätigt).</translation>
    </message>
    <message>
        <source>row 1 = 10 + one per committed transaction</source>
        <extracomment>Scenario &quot;hermitage-p4&quot;</extracomment>
        <translation>Zeile 1 = 10 + eins pro bestätigter Transaktion</translation>
    </message>
    <message>
        <source>Each committed transaction added one; a smaller value lost an update.</source>
        <extracomment>Scenario &quot;hermitage-p4&quot;</extracomment>
        <translation>Jede bestätigte Transaktion hat eins addiert; ein kleinerer Wert hat ein Update verloren.</translation>
    </message>
    <message>
        <source>Hermitage G-single over predicates: read skew</source>
        <extracomment>Scenario &quot;hermitage-g-single-predicate&quot;</extracomment>
        <translation>Hermitage G-single über Prädikate: Lese-Schiefe (read skew)</translation>
    </message>
    <message>
        <source>T1 reads by two predicates; T2 changes a row between them.</source>
        <extracomment>Scenario &quot;hermitage-g-single-predicate&quot;</extracomment>
        <translation>T1 liest über zwei Prädikate; T2 ändert dazwischen eine Zeile.</translation>
    </message>
    <message>
        <source>G-single with predicate dependencies: T1 selects the rows with value % 5 = 0 (10 and 20), T2 runs update test set value = 12 where value = 10 and commits, T1 selects the rows with value % 3 = 0. In a serial order T1 sees T2&apos;s 12 in both reads or in neither. Hermitage says: REPEATABLE READ prevents it in MySQL and PostgreSQL (the second read returns nothing); at READ COMMITTED the second read returns 1 =&gt; 12.</source>
        <extracomment>Scenario &quot;hermitage-g-single-predicate&quot;</extracomment>
        <translation>G-single mit Prädikat-Abhängigkeiten: T1 wählt die Zeilen mit value % 5 = 0 (10 und 20), T2 führt update test set value = 12 where value = 10 aus und committet, T1 wählt die Zeilen mit value % 3 = 0. In einer seriellen Reihenfolge sieht T1 die 12 von T2 in beiden Lesevorgängen oder in keinem. Hermitage sagt: REPEATABLE READ verhindert es in MySQL und PostgreSQL (der zweite Lesevorgang liefert nichts); bei READ COMMITTED liefert der zweite 1 =&gt; 12.</translation>
    </message>
    <message>
        <source>T1&apos;s two reads see T2&apos;s update in both or in neither</source>
        <extracomment>Scenario &quot;hermitage-g-single-predicate&quot;</extracomment>
        <translation>T1 sieht das Update von T2 in beiden Lesevorgängen oder in keinem</translation>
    </message>
    <message>
        <source>T1 saw row 1 before T2&apos;s update in one read and after it in the other: read skew.</source>
        <extracomment>Scenario &quot;hermitage-g-single-predicate&quot;</extracomment>
        <translation>T1 sah Zeile 1 in einem Lesevorgang vor dem Update von T2 und im anderen danach: Lese-Schiefe.</translation>
    </message>
    <message>
        <source>Hermitage G-single on a write predicate: read skew</source>
        <extracomment>Scenario &quot;hermitage-g-single-write&quot;</extracomment>
        <translation>Hermitage G-single auf einem Schreib-Prädikat: Lese-Schiefe (read skew)</translation>
    </message>
    <message>
        <source>T1 reads row 1 from before T2&apos;s change, then deletes by a predicate after it.</source>
        <extracomment>Scenario &quot;hermitage-g-single-write&quot;</extracomment>
        <translation>T1 liest Zeile 1 von vor der Änderung durch T2 und löscht danach über ein Prädikat.</translation>
    </message>
    <message>
        <source>G-single on a write predicate: T1 reads row 1 (10); T2 reads every row, sets row 1 to 12 and row 2 to 18, and commits; T1 runs delete from test where value = 20 and reads row 2. In a serial order T1 either deletes row 2 having read 10, or deletes nothing having read 12 and then reads 18. Hermitage says: MySQL REPEATABLE READ does not prevent it (the DELETE sees row 2&apos;s newest value 18 and deletes nothing, then T1 reads 2 =&gt; 20 from its snapshot); MySQL SERIALIZABLE prevents it (T2&apos;s update BLOCKS on T1&apos;s shared lock, T1&apos;s DELETE fails with 1213 deadlock); PostgreSQL REPEATABLE READ prevents it (the DELETE fails with 40001).</source>
        <extracomment>Scenario &quot;hermitage-g-single-write&quot;</extracomment>
        <translation>G-single auf einem Schreib-Prädikat: T1 liest Zeile 1 (10); T2 liest alle Zeilen, setzt Zeile 1 auf 12 und Zeile 2 auf 18 und committet; T1 führt delete from test where value = 20 aus und liest Zeile 2. In einer seriellen Reihenfolge löscht T1 entweder Zeile 2, nachdem es 10 gelesen hat, oder löscht nichts, nachdem es 12 gelesen hat, und liest dann 18. Hermitage sagt: MySQL REPEATABLE READ verhindert es nicht (das DELETE sieht den neuesten Wert 18 von Zeile 2 und löscht nichts, dann liest T1 2 =&gt; 20 aus seinem Snapshot); MySQL SERIALIZABLE verhindert es (das Update von T2 BLOCKIERT an der geteilten Sperre von T1, das DELETE von T1 scheitert mit 1213 Deadlock); PostgreSQL REPEATABLE READ verhindert es (das DELETE scheitert mit 40001).</translation>
    </message>
    <message>
        <source>T1&apos;s reads and its DELETE see T2&apos;s change all or not at all</source>
        <extracomment>Scenario &quot;hermitage-g-single-write&quot;</extracomment>
        <translation>die Lesevorgänge und das DELETE von T1 sehen die Änderung von T2 ganz oder gar nicht</translation>
    </message>
    <message>
        <source>T1 read row 1 before T2&apos;s change but its DELETE acted after it: read skew.</source>
        <extracomment>Scenario &quot;hermitage-g-single-write&quot;</extracomment>
        <translation>T1 las Zeile 1 vor der Änderung durch T2, aber sein DELETE wirkte danach: Lese-Schiefe.</translation>
    </message>
    <message>
        <source>Hermitage G2: anti-dependency cycle over a predicate</source>
        <extracomment>Scenario &quot;hermitage-g2&quot;</extracomment>
        <translation>Hermitage G2: Anti-Abhängigkeitszyklus über ein Prädikat</translation>
    </message>
    <message>
        <source>Both count the rows with value % 3 = 0 (none), then each inserts one.</source>
        <extracomment>Scenario &quot;hermitage-g2&quot;</extracomment>
        <translation>Beide zählen die Zeilen mit value % 3 = 0 (keine), dann fügt jede eine ein.</translation>
    </message>
    <message>
        <source>G2 (anti-dependency cycle): T1 and T2 both select the rows with value % 3 = 0 and find none; T1 inserts (3, 30), T2 inserts (4, 42), both commit. In a serial order the second would have seen the first&apos;s row. Hermitage says: REPEATABLE READ does not prevent it in MySQL or PostgreSQL; MySQL SERIALIZABLE prevents it (the reads lock the gaps, T1&apos;s INSERT BLOCKS, T2&apos;s fails with 1213 deadlock); PostgreSQL SERIALIZABLE prevents it (T2&apos;s commit fails with 40001 could not serialize access due to read/write dependencies among transactions).</source>
        <extracomment>Scenario &quot;hermitage-g2&quot;</extracomment>
        <translation>G2 (Anti-Abhängigkeitszyklus): T1 und T2 wählen beide die Zeilen mit value % 3 = 0 und finden keine; T1 fügt (3, 30) ein, T2 fügt (4, 42) ein, beide committen. In einer seriellen Reihenfolge hätte die zweite die Zeile der ersten gesehen. Hermitage sagt: REPEATABLE READ verhindert es weder in MySQL noch in PostgreSQL; MySQL SERIALIZABLE verhindert es (die Lesevorgänge sperren die Lücken, das INSERT von T1 BLOCKIERT, das von T2 scheitert mit 1213 Deadlock); PostgreSQL SERIALIZABLE verhindert es (der Commit von T2 scheitert mit 40001 could not serialize access due to read/write dependencies among transactions).</translation>
    </message>
    <message>
        <source>if both commit, one saw the other&apos;s row</source>
        <extracomment>Scenario &quot;hermitage-g2&quot;</extracomment>
        <translation>wenn beide committen, sah eine die Zeile der anderen</translation>
    </message>
    <message>
        <source>Two committed transactions that each missed the other&apos;s insert have no serial order.</source>
        <extracomment>Scenario &quot;hermitage-g2&quot;</extracomment>
        <translation>Zwei committete Transaktionen, die jeweils das INSERT der anderen übersehen haben, haben keine serielle Reihenfolge.</translation>
    </message>
    <message>
        <source>Hermitage PMP-write: a DELETE by a predicate misses a row</source>
        <extracomment>Scenario &quot;hermitage-pmp-write&quot;</extracomment>
        <translation>Hermitage PMP-write: ein DELETE über ein Prädikat verfehlt eine Zeile</translation>
    </message>
    <message>
        <source>T1 adds 10 to every row while T2 deletes the rows with value 20.</source>
        <extracomment>Scenario &quot;hermitage-pmp-write&quot;</extracomment>
        <translation>T1 addiert 10 zu jeder Zeile, während T2 die Zeilen mit value 20 löscht.</translation>
    </message>
    <message>
        <source>PMP for write predicates (the example of PostgreSQL&apos;s documentation): T1 runs update test set value = value + 10; T2 reads the rows with value 20, then runs delete from test where value = 20, which waits for T1&apos;s row lock; T1 commits. In a serial order T2 either deletes row 1 (after T1: its value is 20) having read row 1, or deletes row 2 (before T1) having read row 2. Hermitage says: MySQL READ COMMITTED deletes row 1 although T2 had read row 2 as the one with value 20; MySQL REPEATABLE READ does the same, and T2 then still reads 2 =&gt; 20 from its snapshot; PostgreSQL READ COMMITTED deletes nothing (it picked row 2 by its snapshot, re-checks its new value 30, and never looks at row 1), so 1 =&gt; 20 remains; PostgreSQL REPEATABLE READ fails the DELETE with 40001.</source>
        <extracomment>Scenario &quot;hermitage-pmp-write&quot;</extracomment>
        <translation>PMP für Schreib-Prädikate (das Beispiel aus der PostgreSQL-Dokumentation): T1 führt update test set value = value + 10 aus; T2 liest die Zeilen mit value 20 und führt dann delete from test where value = 20 aus, das auf die Zeilensperre von T1 wartet; T1 committet. In einer seriellen Reihenfolge löscht T2 entweder Zeile 1 (nach T1: ihr Wert ist 20), nachdem es Zeile 1 gelesen hat, oder Zeile 2 (vor T1), nachdem es Zeile 2 gelesen hat. Hermitage sagt: MySQL READ COMMITTED löscht Zeile 1, obwohl T2 Zeile 2 als die mit value 20 gelesen hatte; MySQL REPEATABLE READ tut dasselbe, und T2 liest danach aus seinem Snapshot immer noch 2 =&gt; 20; PostgreSQL READ COMMITTED löscht nichts (es wählte Zeile 2 nach seinem Snapshot, prüft ihren neuen Wert 30 erneut und sieht Zeile 1 nie an), also bleibt 1 =&gt; 20; PostgreSQL REPEATABLE READ lässt das DELETE mit 40001 scheitern.</translation>
    </message>
    <message>
        <source>the result of a serial order: T2 deletes the row it read, and no row with value 20 is left</source>
        <extracomment>Scenario &quot;hermitage-pmp-write&quot;</extracomment>
        <translation>das Ergebnis einer seriellen Reihenfolge: T2 löscht die Zeile, die es gelesen hat, und keine Zeile mit value 20 bleibt</translation>
    </message>
    <message>
        <source>T2 read one row as the one with value 20 and deleted another, or left a row with value 20: no serial order does that.</source>
        <extracomment>Scenario &quot;hermitage-pmp-write&quot;</extracomment>
        <translation>T2 las eine Zeile als die mit value 20 und löschte eine andere oder ließ eine Zeile mit value 20 übrig: keine serielle Reihenfolge tut das.</translation>
    </message>
    <message>
        <source>Hermitage PMP: a predicate read sees a new row</source>
        <extracomment>Scenario &quot;hermitage-pmp&quot;</extracomment>
        <translation>Hermitage PMP: ein Prädikat-Lesevorgang sieht eine neue Zeile</translation>
    </message>
    <message>
        <source>T1 reads by a predicate twice; T2 inserts a matching row in between.</source>
        <extracomment>Scenario &quot;hermitage-pmp&quot;</extracomment>
        <translation>T1 liest zweimal über ein Prädikat; T2 fügt dazwischen eine passende Zeile ein.</translation>
    </message>
    <message>
        <source>PMP (predicate-many-preceders): T1 selects the rows with value 30 (none), T2 inserts (3, 30) and commits, T1 selects the rows with value % 3 = 0. In a serial order both of T1&apos;s reads see row 3 or neither does. Hermitage says: READ COMMITTED does not prevent it in MySQL or PostgreSQL (the second read returns the new row); REPEATABLE READ prevents it in both (it still returns nothing: the snapshot). In MySQL SERIALIZABLE T1&apos;s read locks the gap where row 3 would go (a next-key lock), so T2&apos;s INSERT waits until T1 commits.</source>
        <extracomment>Scenario &quot;hermitage-pmp&quot;</extracomment>
        <translation>PMP (predicate-many-preceders): T1 wählt die Zeilen mit value 30 (keine), T2 fügt (3, 30) ein und committet, T1 wählt die Zeilen mit value % 3 = 0. In einer seriellen Reihenfolge sehen beide Lesevorgänge von T1 Zeile 3 oder keiner. Hermitage sagt: READ COMMITTED verhindert es weder in MySQL noch in PostgreSQL (der zweite Lesevorgang liefert die neue Zeile); REPEATABLE READ verhindert es in beiden (er liefert weiterhin nichts: der Snapshot). In MySQL SERIALIZABLE sperrt der Lesevorgang von T1 die Lücke, in die Zeile 3 käme (eine Next-Key-Sperre), also wartet das INSERT von T2, bis T1 committet.</translation>
    </message>
    <message>
        <source>T1&apos;s two predicate reads agree about row 3</source>
        <extracomment>Scenario &quot;hermitage-pmp&quot;</extracomment>
        <translation>die beiden Prädikat-Lesevorgänge von T1 stimmen bei Zeile 3 überein</translation>
    </message>
    <message>
        <source>A row appeared between two reads of one transaction: no serial order explains that.</source>
        <extracomment>Scenario &quot;hermitage-pmp&quot;</extracomment>
        <translation>Zwischen zwei Lesevorgängen einer Transaktion erschien eine Zeile: keine serielle Reihenfolge erklärt das.</translation>
    </message>
    <message>
        <source>Row 3</source>
        <extracomment>Scenario &quot;hermitage-pmp&quot;</extracomment>
        <translation>Zeile 3</translation>
    </message>
    <message>
        <source>Seed 002: databases solve concurrency because they provide transactions and isolation.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Seed 002: Datenbanken lösen Nebenläufigkeitsprobleme, weil sie Transaktionen und Isolation bieten.</translation>
    </message>
    <message>
        <source>A transaction alone does not stop this lost update. Try the strategy &quot;Transaction, no FOR UPDATE&quot; under each database: MySQL/InnoDB at READ COMMITTED and at its default REPEATABLE READ still loses a deposit, because its UPDATE writes over the newest committed value whatever the SELECT read; InnoDB SERIALIZABLE makes both SELECTs take shared locks, so the two UPDATEs deadlock and one deposit fails with 1213; PostgreSQL REPEATABLE READ and SERIALIZABLE fail the second UPDATE with 40001. Only a retry on those errors (&quot;Transaction with retry&quot;), FOR UPDATE or an atomic UPDATE makes every deposit arrive.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Eine Transaktion allein verhindert dieses verlorene Update nicht. Probieren Sie die Strategie „Transaktion ohne FOR UPDATE“ unter jeder Datenbank: MySQL/InnoDB verliert bei READ COMMITTED und bei seinem Standard REPEATABLE READ weiterhin eine Einzahlung, weil sein UPDATE den neuesten committeten Wert überschreibt, egal was das SELECT gelesen hat; InnoDB SERIALIZABLE lässt beide SELECTs geteilte Sperren nehmen, sodass die beiden UPDATEs sich verklemmen und eine Einzahlung mit 1213 scheitert; PostgreSQL REPEATABLE READ und SERIALIZABLE lassen das zweite UPDATE mit 40001 scheitern. Erst ein Wiederholen bei diesen Fehlern („Transaktion mit Wiederholung“), FOR UPDATE oder ein atomares UPDATE bringt jede Einzahlung an.</translation>
    </message>
    <message>
        <source>Transaction, no FOR UPDATE</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Transaktion ohne FOR UPDATE</translation>
    </message>
    <message>
        <source>BEGIN, SELECT, UPDATE, COMMIT without a lock on the SELECT. Whether that stops the lost update depends on the database: MySQL/InnoDB at READ COMMITTED and REPEATABLE READ still loses it (the UPDATE writes over the newest version, whatever the SELECT saw); InnoDB SERIALIZABLE turns it into a deadlock (1213: one deposit fails); PostgreSQL REPEATABLE READ and SERIALIZABLE fail the second UPDATE with 40001. A transaction alone makes a deposit all-or-nothing, not isolated from the other deposit.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>BEGIN, SELECT, UPDATE, COMMIT ohne Sperre beim SELECT. Ob das das verlorene Update verhindert, hängt von der Datenbank ab: MySQL/InnoDB verliert es bei READ COMMITTED und REPEATABLE READ weiterhin (das UPDATE überschreibt die neueste Version, egal was das SELECT sah); InnoDB SERIALIZABLE macht daraus einen Deadlock (1213: eine Einzahlung scheitert); PostgreSQL REPEATABLE READ und SERIALIZABLE lassen das zweite UPDATE mit 40001 scheitern. Eine Transaktion allein macht eine Einzahlung ganz-oder-gar-nicht, nicht isoliert von der anderen Einzahlung.</translation>
    </message>
    <message>
        <source>Transaction with retry</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Transaktion mit Wiederholung</translation>
    </message>
    <message>
        <source>The same transaction, retried from BEGIN when the database reports a serialization failure (40001) or picks it as a deadlock victim (1213, 40P01), 3 attempts in all. In PostgreSQL REPEATABLE READ and SERIALIZABLE and in InnoDB SERIALIZABLE every deposit of two then arrives; in InnoDB READ COMMITTED and REPEATABLE READ no error ever comes, so the update is still lost: a retry needs a level that reports the conflict.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Dieselbe Transaktion, ab BEGIN wiederholt, wenn die Datenbank einen Serialisierungsfehler (40001) meldet oder sie als Deadlock-Opfer wählt (1213, 40P01), insgesamt 3 Versuche. In PostgreSQL REPEATABLE READ und SERIALIZABLE und in InnoDB SERIALIZABLE kommt dann jede von zwei Einzahlungen an; in InnoDB READ COMMITTED und REPEATABLE READ kommt nie ein Fehler, also geht das Update weiterhin verloren: eine Wiederholung braucht eine Stufe, die den Konflikt meldet.</translation>
    </message>
    <message>
        <source>Seed 004 example 3: with SELECT … FOR UPDATE in a transaction the second request waits for the lock and then reads the new balance.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Seed 004, Beispiel 3: mit SELECT … FOR UPDATE in einer Transaktion wartet die zweite Anfrage auf die Sperre und liest dann den neuen Kontostand.</translation>
    </message>
    <message>
        <source>So it goes in MySQL/InnoDB at every level and in PostgreSQL READ COMMITTED. In PostgreSQL REPEATABLE READ and SERIALIZABLE the waiting SELECT … FOR UPDATE fails with 40001 once the first request commits, because the row changed after its snapshot: no deposit is lost, but the second is rejected unless the code retries the transaction.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>So ist es in MySQL/InnoDB auf jeder Stufe und in PostgreSQL READ COMMITTED. In PostgreSQL REPEATABLE READ und SERIALIZABLE scheitert das wartende SELECT … FOR UPDATE mit 40001, sobald die erste Anfrage committet, weil sich die Zeile nach seinem Snapshot geändert hat: keine Einzahlung geht verloren, aber die zweite wird abgewiesen, wenn der Code die Transaktion nicht wiederholt.</translation>
    </message>
</context>
<context>
    <name>ScenarioFiles</name>
    <message>
        <source>%1 — nothing was loaded; the current scenario stays.</source>
        <translation>%1 – nichts wurde geladen; das aktuelle Szenario bleibt.</translation>
    </message>
    <message>
        <source>Loaded %1. It reloads by itself when you save it.</source>
        <translation>%1 geladen. Die Datei wird beim Speichern automatisch neu geladen.</translation>
    </message>
    <message>
        <source>%1 changed on disk, but the new version does not load: %2 — the previous version stays loaded.</source>
        <translation>%1 wurde auf der Festplatte geändert, aber die neue Version lässt sich nicht laden: %2 – die vorherige Version bleibt geladen.</translation>
    </message>
    <message>
        <source>Reloaded %1.</source>
        <translation>%1 neu geladen.</translation>
    </message>
</context>
<context>
    <name>ScenarioLibrary</name>
    <message>
        <source>threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <source>event loop</source>
        <translation>Event-Loop</translation>
    </message>
    <message>
        <source>several instances</source>
        <translation>mehrere Instanzen</translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation>Szenarien</translation>
    </message>
    <message>
        <source>Open your own scenario file…</source>
        <translation>Eigene Szenariodatei öffnen…</translation>
    </message>
    <message>
        <source>Load a scenario JSON file (see docs/scenario-format.md). You can also drop a file on the window.</source>
        <translation>Eine Szenario-JSON-Datei laden (siehe docs/scenario-format.md). Sie können eine Datei auch aufs Fenster ziehen.</translation>
    </message>
    <message>
        <source>%1 (your file)</source>
        <translation>%1 (Ihre Datei)</translation>
    </message>
    <message>
        <source>What goes wrong:</source>
        <translation>Was schiefgeht:</translation>
    </message>
    <message>
        <source>Why:</source>
        <translation>Warum:</translation>
    </message>
    <message>
        <source>The fixes:</source>
        <translation>Die Lösungen:</translation>
    </message>
    <message>
        <source>✓ holds</source>
        <translation>✓ hält</translation>
    </message>
    <message>
        <source>✗ breaks</source>
        <translation>✗ scheitert</translation>
    </message>
    <message>
        <source>✓ holds on %1; ✗ breaks on %2</source>
        <translation>✓ hält auf %1; ✗ scheitert auf %2</translation>
    </message>
    <message>
        <source> (shown now)</source>
        <translation> (jetzt gezeigt)</translation>
    </message>
    <message>
        <source>&lt;b&gt;The seed says&lt;/b&gt; %1 — &lt;b&gt;what really happens:&lt;/b&gt; %2</source>
        <translation>&lt;b&gt;Der Lehrtext sagt&lt;/b&gt; %1 – &lt;b&gt;was wirklich passiert:&lt;/b&gt; %2</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>Quelle: %1</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>Datei: %1</translation>
    </message>
</context>
<context>
    <name>ScenarioLoader</name>
    <message>
        <source>unknown step kind &quot;%1&quot; (expected one of %2)</source>
        <translation>unbekannte Schrittart &quot;%1&quot; (erwartet eine von %2)</translation>
    </message>
    <message>
        <source>unknown step field &quot;%1&quot;</source>
        <translation>unbekanntes Schrittfeld &quot;%1&quot;</translation>
    </message>
    <message>
        <source>a program must be a list of lines</source>
        <translation>ein Programm muss eine Liste von Zeilen sein</translation>
    </message>
    <message>
        <source>a program needs at least one line</source>
        <translation>ein Programm braucht mindestens eine Zeile</translation>
    </message>
    <message>
        <source>a step needs an &quot;op&quot; string</source>
        <translation>ein Schritt braucht eine Zeichenkette &quot;op&quot;</translation>
    </message>
    <message>
        <source>unsupported format %1 (this version reads format 1)</source>
        <translation>nicht unterstütztes Format %1 (diese Version liest Format 1)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid id (letters, digits, - and _)</source>
        <translation>&quot;%1&quot; ist keine gültige ID (Buchstaben, Ziffern, - und _)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid parameter name</source>
        <translation>&quot;%1&quot; ist kein gültiger Parametername</translation>
    </message>
    <message>
        <source>parameter &quot;%1&quot; is defined twice</source>
        <translation>Parameter &quot;%1&quot; ist doppelt definiert</translation>
    </message>
    <message>
        <source>min %1 is greater than max %2</source>
        <translation>min %1 ist größer als max %2</translation>
    </message>
    <message>
        <source>default %1 lies outside %2…%3</source>
        <translation>Vorgabe %1 liegt außerhalb von %2…%3</translation>
    </message>
    <message>
        <source>a scenario needs at least one actor</source>
        <translation>ein Szenario braucht mindestens einen Akteur</translation>
    </message>
    <message>
        <source>must be a number or an expression</source>
        <translation>muss eine Zahl oder ein Ausdruck sein</translation>
    </message>
    <message>
        <source>a scenario needs at least one strategy</source>
        <translation>ein Szenario braucht mindestens eine Strategie</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid id</source>
        <translation>&quot;%1&quot; ist keine gültige ID</translation>
    </message>
    <message>
        <source>strategy &quot;%1&quot; is defined twice</source>
        <translation>Strategie &quot;%1&quot; ist doppelt definiert</translation>
    </message>
    <message>
        <source>must be &quot;safe&quot;, &quot;broken&quot; or an object per model</source>
        <translation>muss &quot;safe&quot;, &quot;broken&quot; oder ein Objekt pro Modell sein</translation>
    </message>
    <message>
        <source>unknown model &quot;%1&quot;</source>
        <translation>unbekanntes Modell &quot;%1&quot;</translation>
    </message>
    <message>
        <source>must be &quot;safe&quot; or &quot;broken&quot;, not &quot;%1&quot;</source>
        <translation>muss &quot;safe&quot; oder &quot;broken&quot; sein, nicht &quot;%1&quot;</translation>
    </message>
    <message>
        <source>missing required field &quot;programs&quot;</source>
        <translation>Pflichtfeld &quot;programs&quot; fehlt</translation>
    </message>
    <message>
        <source>a strategy needs at least one program</source>
        <translation>eine Strategie braucht mindestens ein Programm</translation>
    </message>
    <message>
        <source>must be a model name</source>
        <translation>muss ein Modellname sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not one of the scenario&apos;s models (%2)</source>
        <translation>„%1“ ist keines der Modelle des Szenarios (%2)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a language code such as &quot;de&quot; or &quot;pt_BR&quot;</source>
        <translation>&quot;%1&quot; ist kein Sprachcode wie &quot;de&quot; oder &quot;pt_BR&quot;</translation>
    </message>
    <message>
        <source>a translation must be a string</source>
        <translation>eine Übersetzung muss eine Zeichenkette sein</translation>
    </message>
    <message>
        <source>%1:%2:%3: JSON syntax error: %4</source>
        <translation>%1:%2:%3: JSON-Syntaxfehler: %4</translation>
    </message>
    <message>
        <source>%1:1: the file must hold one JSON object { … }</source>
        <translation>%1:1: die Datei muss genau ein JSON-Objekt { … } enthalten</translation>
    </message>
    <message>
        <source>%1:%2: %3: %4</source>
        <translation>%1:%2: %3: %4</translation>
    </message>
    <message>
        <source>top level</source>
        <translation>oberste Ebene</translation>
    </message>
    <message>
        <source>%1: no such scenario file</source>
        <translation>%1: keine solche Szenariodatei</translation>
    </message>
    <message>
        <source>%1: file is larger than 4 MiB; a scenario is a small JSON file</source>
        <translation>%1: Datei ist größer als 4 MiB; ein Szenario ist eine kleine JSON-Datei</translation>
    </message>
    <message>
        <source>%1: cannot read: %2</source>
        <translation>%1: kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>unknown scenario &quot;%1&quot; (built-in: %2; or give a .json file)</source>
        <translation>unbekanntes Szenario &quot;%1&quot; (eingebaut: %2; oder eine .json-Datei angeben)</translation>
    </message>
    <message>
        <source>unknown error kind &quot;%1&quot; (expected serialization, deadlock or timeout)</source>
        <translation>unbekannte Fehlerart &quot;%1&quot; (erwartet: serialization, deadlock oder timeout)</translation>
    </message>
    <message>
        <source>must be a whole number from 1 to 100</source>
        <translation>muss eine ganze Zahl von 1 bis 100 sein</translation>
    </message>
</context>
<context>
    <name>ScenarioSession</name>
    <message>
        <source>No scenario.</source>
        <translation>Kein Szenario.</translation>
    </message>
    <message>
        <source>no deadline lies ahead, so time cannot pass.</source>
        <translation>keine Frist liegt voraus, also kann keine Zeit vergehen.</translation>
    </message>
    <message>
        <source>that request does not exist with these parameters.</source>
        <translation>diese Anfrage gibt es mit diesen Parametern nicht.</translation>
    </message>
    <message>
        <source>Time (~)</source>
        <translation>Zeit (~)</translation>
    </message>
    <message>
        <source>Request %1</source>
        <translation>Anfrage %1</translation>
    </message>
    <message numerus="yes">
        <source>The same schedule runs for %n move(s) here; then %1 cannot move: %2</source>
        <translation>
            <numerusform>Derselbe Schedule läuft hier %n Zug weit; dann kann %1 nicht weiter: %2</numerusform>
            <numerusform>Derselbe Schedule läuft hier %n Züge weit; dann kann %1 nicht weiter: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Schedule</name>
    <message>
        <source>schedule move %1 &quot;%2&quot;: no such request (this scenario has %3 to %4, and ~ for time)</source>
        <translation>Schedule-Zug %1 „%2“: keine solche Anfrage (dieses Szenario hat %3 bis %4 und ~ für die Zeit)</translation>
    </message>
    <message>
        <source>time (~)</source>
        <translation>Zeit (~)</translation>
    </message>
    <message>
        <source>no deadline lies ahead</source>
        <translation>keine Frist liegt voraus</translation>
    </message>
    <message>
        <source>schedule move %1: %2 cannot move now. %3</source>
        <translation>Schedule-Zug %1: %2 kann gerade nicht weiter. %3</translation>
    </message>
    <message>
        <source>the schedule has %1 moves; at most %2 are replayed (a lesson needs a few hundred)</source>
        <translation>der Ablauf hat %1 Züge; höchstens %2 werden nachgespielt (eine Unterrichtsstunde braucht einige hundert)</translation>
    </message>
    <message>
        <source>schedule move %1: the run has reached %2 events, the most a session may make (a lesson makes a few hundred)</source>
        <translation>Schedule-Zug %1: der Lauf hat %2 Ereignisse erreicht, die meisten, die eine Sitzung erzeugen darf (eine Unterrichtsstunde erzeugt einige hundert)</translation>
    </message>
</context>
<context>
    <name>ServerAddress</name>
    <message>
        <source>bad --db-url &quot;%1&quot;: %2 (expected mysql://user:password@host:port/database, postgres://…, redis://host:port, or a socket path)</source>
        <translation>ungültige --db-url &quot;%1&quot;: %2 (erwartet: mysql://benutzer:passwort@host:port/datenbank, postgres://…, redis://host:port oder ein Socket-Pfad)</translation>
    </message>
    <message>
        <source>no such socket</source>
        <translation>kein solcher Socket</translation>
    </message>
    <message>
        <source>not a URL</source>
        <translation>keine URL</translation>
    </message>
    <message>
        <source>unknown scheme &quot;%1&quot;</source>
        <translation>unbekanntes Schema &quot;%1&quot;</translation>
    </message>
    <message>
        <source>no host and no socket</source>
        <translation>weder Host noch Socket</translation>
    </message>
    <message>
        <source>bad port</source>
        <translation>ungültiger Port</translation>
    </message>
    <message>
        <source>bad database name</source>
        <translation>ungültiger Datenbankname</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1 unter %2</translation>
    </message>
    <message>
        <source>Redis is not an SQL server</source>
        <translation>Redis ist kein SQL-Server</translation>
    </message>
    <message>
        <source>the Qt SQL driver %1 is missing (Debian package %2)</source>
        <translation>der Qt-SQL-Treiber %1 fehlt (Debian-Paket %2)</translation>
    </message>
</context>
<context>
    <name>ServerBackend</name>
    <message>
        <source>Where the database steps run besides the model: a private MariaDB or PostgreSQL server runs every schedule you step, and a banner says whether it agrees with the model.</source>
        <translation>Wo die Datenbankschritte neben dem Modell laufen: ein privater MariaDB- oder PostgreSQL-Server führt jeden Ablauf aus, den Sie schrittweise gehen, und ein Banner sagt, ob er mit dem Modell übereinstimmt.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>%1 (./setup test installs the servers)</source>
        <translation>%1 (./setup test installiert die Server)</translation>
    </message>
    <message>
        <source>This variant has no database steps: there is nothing for a server to run.</source>
        <translation>Diese Variante hat keine Datenbankschritte: Ein Server hätte nichts auszuführen.</translation>
    </message>
    <message>
        <source>Run every schedule on a private %1 server too</source>
        <translation>Jeden Ablauf auch auf einem privaten %1-Server ausführen</translation>
    </message>
    <message>
        <source>This variant has no database steps: back to the model alone.</source>
        <translation>Diese Variante hat keine Datenbankschritte: wieder nur das Modell.</translation>
    </message>
    <message>
        <source>Starting a private %1 server…</source>
        <translation>Privater %1-Server wird gestartet…</translation>
    </message>
    <message>
        <source>%1 could not start: %2</source>
        <translation>%1 konnte nicht starten: %2</translation>
    </message>
    <message>
        <source>%1 runs: every schedule you step runs on it too.</source>
        <translation>%1 läuft: Jeder Ablauf, den Sie schrittweise gehen, läuft auch dort.</translation>
    </message>
    <message>
        <source>Starting %1 cancelled: back to the model.</source>
        <translation>Start von %1 abgebrochen: wieder das Modell.</translation>
    </message>
    <message>
        <source>Running on %1…</source>
        <translation>Läuft auf %1…</translation>
    </message>
    <message>
        <source> The model runs the PostgreSQL flavour, as the server does.</source>
        <translation> Das Modell rechnet wie der Server mit der PostgreSQL-Variante.</translation>
    </message>
    <message>
        <source>%1 could not run this schedule: %2</source>
        <translation>%1 konnte diesen Ablauf nicht ausführen: %2</translation>
    </message>
    <message>
        <source>no SQL yet for &quot;%1&quot;</source>
        <translation>noch kein SQL für „%1“</translation>
    </message>
    <message numerus="yes">
        <source>Ran on %1: agrees with the model on %n observation(s).</source>
        <translation>
            <numerusform>Lief auf %1: stimmt bei %n Beobachtung mit dem Modell überein.</numerusform>
            <numerusform>Lief auf %1: stimmt bei %n Beobachtungen mit dem Modell überein.</numerusform>
        </translation>
    </message>
    <message>
        <source>✗✗ MODEL ERROR: %1 did not do what the model says. The server is the truth:</source>
        <translation>✗✗ MODELLFEHLER: %1 hat nicht getan, was das Modell sagt. Der Server hat recht:</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>not a session file (JSON error at byte %1: %2)</source>
        <translation>keine Sitzungsdatei (JSON-Fehler bei Byte %1: %2)</translation>
    </message>
    <message>
        <source>not a session file (expected one JSON object)</source>
        <translation>keine Sitzungsdatei (erwartet: ein JSON-Objekt)</translation>
    </message>
    <message>
        <source>not an Interleave session (expected &quot;%1&quot;)</source>
        <translation>keine Interleave-Sitzung (erwartet: &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>missing or not a number</source>
        <translation>fehlt oder ist keine Zahl</translation>
    </message>
    <message>
        <source>version %1 is newer than this program reads (%2)</source>
        <translation>Version %1 ist neuer als das, was dieses Programm liest (%2)</translation>
    </message>
    <message>
        <source>must be a whole number from 1 to %1</source>
        <translation>muss eine ganze Zahl von 1 bis %1 sein</translation>
    </message>
    <message>
        <source>unknown field</source>
        <translation>unbekanntes Feld</translation>
    </message>
    <message>
        <source>missing, or not an object { &quot;id&quot; … } or { &quot;file&quot; … }</source>
        <translation>fehlt oder ist kein Objekt { &quot;id&quot; … } oder { &quot;file&quot; … }</translation>
    </message>
    <message>
        <source>must be a string</source>
        <translation>muss eine Zeichenkette sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a built-in scenario id; give a scenario file as &quot;file&quot;</source>
        <translation>&quot;%1&quot; ist keine ID eines eingebauten Szenarios; eine Szenariodatei wird als &quot;file&quot; angegeben</translation>
    </message>
    <message>
        <source>must be the scenario&apos;s JSON object</source>
        <translation>muss das JSON-Objekt des Szenarios sein</translation>
    </message>
    <message>
        <source>names no scenario (give &quot;id&quot; or &quot;file&quot;)</source>
        <translation>nennt kein Szenario (&quot;id&quot; oder &quot;file&quot; angeben)</translation>
    </message>
    <message>
        <source>missing, or not a strategy id</source>
        <translation>fehlt oder ist keine Strategie-ID</translation>
    </message>
    <message>
        <source>missing, or not a model name</source>
        <translation>fehlt oder ist kein Modellname</translation>
    </message>
    <message>
        <source>must be a database variant such as &quot;mysql/rr&quot;</source>
        <translation>muss eine Datenbankvariante wie „mysql/rr“ sein</translation>
    </message>
    <message>
        <source>must be an object of name: number</source>
        <translation>muss ein Objekt aus name: zahl sein</translation>
    </message>
    <message>
        <source>must be a schedule string such as &quot;A B A ~ B&quot;</source>
        <translation>muss ein Schedule-String wie &quot;A B A ~ B&quot; sein</translation>
    </message>
    <message>
        <source>must be a whole number ≥ 0</source>
        <translation>muss eine ganze Zahl ≥ 0 sein</translation>
    </message>
    <message>
        <source>must be an object</source>
        <translation>muss ein Objekt sein</translation>
    </message>
    <message>
        <source>%1: cannot write: %2</source>
        <translation>%1: kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>%1: no such session file</source>
        <translation>%1: keine solche Sitzungsdatei</translation>
    </message>
    <message>
        <source>%1: file is larger than 16 MiB; a session is a small JSON file</source>
        <translation>%1: Datei ist größer als 16 MiB; eine Sitzung ist eine kleine JSON-Datei</translation>
    </message>
    <message>
        <source>%1: cannot read: %2</source>
        <translation>%1: kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>embedded scenario</source>
        <translation>eingebettetes Szenario</translation>
    </message>
    <message>
        <source>session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>cursor %1 lies past the schedule&apos;s %2 moves</source>
        <translation>Cursor %1 liegt hinter den %2 Zügen des Schedules</translation>
    </message>
</context>
<context>
    <name>SessionActions</name>
    <message>
        <source>Save session</source>
        <translation>Sitzung speichern</translation>
    </message>
    <message>
        <source>Interleave session (*.interleave)</source>
        <translation>Interleave-Sitzung (*.interleave)</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>Sitzung öffnen</translation>
    </message>
    <message>
        <source>Interleave session (*.interleave);;All files (*)</source>
        <translation>Interleave-Sitzung (*.interleave);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Nothing to save: no scenario is loaded.</source>
        <translation>Nichts zu speichern: Es ist kein Szenario geladen.</translation>
    </message>
    <message>
        <source>%1: the window cannot show this session exactly (model %2)</source>
        <translation>%1: Das Fenster kann diese Sitzung nicht genau so zeigen (Modell %2)</translation>
    </message>
    <message>
        <source>Save &amp;session…</source>
        <translation>Sitzung &amp;speichern…</translation>
    </message>
    <message>
        <source>Save the scenario, fix, model, parameters, moves and cursor in one file (Ctrl+Shift+S)</source>
        <translation>Szenario, Lösung, Modell, Parameter, Züge und Cursor in einer Datei speichern (Strg+Umschalt+S)</translation>
    </message>
    <message>
        <source>Open s&amp;ession…</source>
        <translation>S&amp;itzung öffnen…</translation>
    </message>
    <message>
        <source>Open a saved session exactly where it was left (Ctrl+Shift+O)</source>
        <translation>Eine gespeicherte Sitzung genau dort öffnen, wo sie verlassen wurde (Strg+Umschalt+O)</translation>
    </message>
</context>
<context>
    <name>SideBySideView</name>
    <message>
        <source>Compare with:</source>
        <translation>Vergleichen mit:</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#b00020&apos;&gt;✗ %1 — broken at move %2&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#b00020&apos;&gt;✗ %1 — verletzt in Zug %2&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#b00020&apos;&gt;✗ %1&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#b00020&apos;&gt;✗ %1&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#1b6e20&apos;&gt;✓ every rule holds&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#1b6e20&apos;&gt;✓ jede Regel gilt&lt;/span&gt;</translation>
    </message>
    <message>
        <source>… no rule broken so far</source>
        <translation>… bisher keine Regel verletzt</translation>
    </message>
    <message numerus="yes">
        <source>The schedule stops here after %n move(s): the next request cannot move.</source>
        <translation>
            <numerusform>Der Ablauf endet hier nach %n Zug: Die nächste Anfrage kann nicht weiter.</numerusform>
            <numerusform>Der Ablauf endet hier nach %n Zügen: Die nächste Anfrage kann nicht weiter.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SqlRunner</name>
    <message>
        <source>%1 #%2 reads %3</source>
        <translation>%1 #%2 liest %3</translation>
    </message>
    <message>
        <source>%1 #%2 updates rows: %3</source>
        <translation>%1 #%2 ändert Zeilen: %3</translation>
    </message>
    <message>
        <source>%1 #%2 fails %3</source>
        <translation>%1 #%2 scheitert mit %3</translation>
    </message>
    <message>
        <source>table &quot;%1&quot; or its column &quot;%2&quot; is no SQL name</source>
        <translation>Tabelle &quot;%1&quot; oder ihre Spalte &quot;%2&quot; ist kein SQL-Name</translation>
    </message>
    <message>
        <source>%1 #%2 still runs after %3 s</source>
        <translation>%1 #%2 läuft nach %3 s noch</translation>
    </message>
    <message>
        <source>the server stopped answering: %1</source>
        <translation>der Server antwortet nicht mehr: %1</translation>
    </message>
    <message>
        <source>%1 #%2 waits for %3</source>
        <translation>%1 #%2 wartet auf %3</translation>
    </message>
    <message>
        <source>%1 #%2 deletes rows: %3</source>
        <translation>%1 #%2 löscht Zeilen: %3</translation>
    </message>
    <message>
        <source>%1 #%2 inserts rows: %3</source>
        <translation>%1 #%2 fügt Zeilen ein: %3</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: %2 has no SQL translation</source>
        <translation>„%1“: %2 hat keine SQL-Übersetzung</translation>
    </message>
    <message>
        <source>this column</source>
        <translation>diese Spalte</translation>
    </message>
    <message>
        <source>a function call</source>
        <translation>ein Funktionsaufruf</translation>
    </message>
    <message>
        <source>division by a value that is not a constant other than 0 and -1</source>
        <translation>eine Division durch einen Wert, der keine Konstante außer 0 und -1 ist</translation>
    </message>
    <message>
        <source>this operator</source>
        <translation>dieser Operator</translation>
    </message>
    <message>
        <source>this expression</source>
        <translation>dieser Ausdruck</translation>
    </message>
    <message>
        <source>not run: no SQL yet for %1</source>
        <translation>nicht ausgeführt: noch kein SQL für %1</translation>
    </message>
    <message>
        <source>a lease step (no Redis server given)</source>
        <translation>ein Lease-Schritt (kein Redis-Server angegeben)</translation>
    </message>
    <message>
        <source>%1 #%2 still waits for %3 where the model goes on</source>
        <translation>%1 #%2 wartet noch auf %3, wo das Modell weitergeht</translation>
    </message>
</context>
<context>
    <name>StepActions</name>
    <message>
        <source>Step request %1</source>
        <translation>Schritt für Anfrage %1</translation>
    </message>
    <message>
        <source>Let time pass</source>
        <translation>Zeit vergehen lassen</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Neustart</translation>
    </message>
    <message>
        <source>Redo all</source>
        <translation>Alles wiederholen</translation>
    </message>
</context>
<context>
    <name>StrategyBar</name>
    <message>
        <source>Fix:</source>
        <translation>Lösung:</translation>
    </message>
    <message>
        <source>Fix: %1</source>
        <translation>Lösung: %1</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>Lösung</translation>
    </message>
</context>
<context>
    <name>StrategyChart</name>
    <message>
        <source>Press &lt;b&gt;Compare fixes&lt;/b&gt; to run the same load test on real threads under every fix (seed 004, example 7).</source>
        <translation>Drücken Sie &lt;b&gt;Lösungen vergleichen&lt;/b&gt;, um denselben Lasttest auf echten Threads mit jeder Lösung auszuführen (Lehrtext 004, Beispiel 7).</translation>
    </message>
    <message>
        <source> (cancelled: partial)</source>
        <translation> (abgebrochen: unvollständig)</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>Lösung</translation>
    </message>
    <message>
        <source>Successes</source>
        <translation>Erfolge</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <source>Lost (%1)</source>
        <translation>Verloren (%1)</translation>
    </message>
    <message>
        <source>Mean time</source>
        <translation>Mittlere Zeit</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n trial(s) per fix on real threads, %1.&lt;/b&gt; The table gives the means per trial.</source>
        <translation>
            <numerusform>&lt;b&gt;%n Durchlauf pro Lösung auf echten Threads, %1.&lt;/b&gt; Die Tabelle zeigt die Mittelwerte pro Durchlauf.</numerusform>
            <numerusform>&lt;b&gt;%n Durchläufe pro Lösung auf echten Threads, %1.&lt;/b&gt; Die Tabelle zeigt die Mittelwerte pro Durchlauf.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 broke a rule</source>
        <translation>%1 von %2 verletzten eine Regel</translation>
    </message>
    <message>
        <source>%1: %2 of %3 trials broke a rule</source>
        <translation>%1: %2 von %3 Durchläufen verletzten eine Regel</translation>
    </message>
    <message>
        <source>Trials that broke a rule, per fix (a full bar is every trial)</source>
        <translation>Durchläufe, die eine Regel verletzten, pro Lösung (ein voller Balken sind alle Durchläufe)</translation>
    </message>
</context>
<context>
    <name>ThreadedDriver</name>
    <message>
        <source>stopped after %1 moves</source>
        <translation>nach %1 Zügen angehalten</translation>
    </message>
</context>
<context>
    <name>TimelineLayout</name>
    <message>
        <source>instance %1</source>
        <translation>Instanz %1</translation>
    </message>
    <message>
        <source>Lock service</source>
        <translation>Sperrdienst</translation>
    </message>
    <message>
        <source>TTL and tokens</source>
        <translation>TTL und Tokens</translation>
    </message>
    <message>
        <source>Queue worker</source>
        <translation>Queue-Worker</translation>
    </message>
    <message>
        <source>one job at a time</source>
        <translation>ein Auftrag nach dem anderen</translation>
    </message>
    <message>
        <source>Event loop %1</source>
        <translation>Event-Loop %1</translation>
    </message>
    <message>
        <source>Event loop</source>
        <translation>Event-Loop</translation>
    </message>
    <message>
        <source>one thread</source>
        <translation>ein Thread</translation>
    </message>
</context>
<context>
    <name>TimelinePresenter</name>
    <message>
        <source>One run on real threads, in wall time. Its moves, %1, are loaded into the stepper below.</source>
        <translation>Ein Durchlauf auf echten Threads, in Echtzeit. Seine Züge, %1, sind unten in den Schrittmodus geladen.</translation>
    </message>
</context>
<context>
    <name>TimelineRenderer</name>
    <message>
        <source>Nothing has happened yet: step a request to start.</source>
        <translation>Noch ist nichts passiert: Führen Sie einen Schritt einer Anfrage aus, um zu beginnen.</translation>
    </message>
    <message>
        <source>move (logical step) · who moved</source>
        <translation>Zug (logischer Schritt) · wer gezogen hat</translation>
    </message>
    <message>
        <source>wall time since the run started</source>
        <translation>Echtzeit seit Beginn des Laufs</translation>
    </message>
    <message>
        <source>CPU work of %1 blocks the loop</source>
        <translation>CPU-Arbeit von %1 blockiert die Loop</translation>
    </message>
    <message>
        <source>runs %1</source>
        <translation>führt %1 aus</translation>
    </message>
    <message>
        <source>expired: still believes it holds it</source>
        <translation>abgelaufen: glaubt noch, sie zu halten</translation>
    </message>
    <message>
        <source>%1 of instance %2</source>
        <translation>%1 von Instanz %2</translation>
    </message>
    <message>
        <source>holds %1 · token %2 · TTL %3 ms</source>
        <translation>hält %1 · Token %2 · TTL %3 ms</translation>
    </message>
    <message>
        <source>job of %1</source>
        <translation>Auftrag von %1</translation>
    </message>
    <message>
        <source>holds a connection</source>
        <translation>hält eine Verbindung</translation>
    </message>
    <message>
        <source>holds %1</source>
        <translation>hält %1</translation>
    </message>
    <message>
        <source>waits in queue %1</source>
        <translation>wartet in Warteschlange %1</translation>
    </message>
    <message>
        <source>waits for %1 (held by %2)</source>
        <translation>wartet auf %1 (gehalten von %2)</translation>
    </message>
    <message>
        <source>waits for %1</source>
        <translation>wartet auf %1</translation>
    </message>
    <message>
        <source>paused %1 ms</source>
        <translation>pausiert %1 ms</translation>
    </message>
    <message>
        <source>CPU work %1 ms</source>
        <translation>CPU-Arbeit %1 ms</translation>
    </message>
    <message>
        <source>LOST UPDATE</source>
        <translation>VERLORENES UPDATE</translation>
    </message>
    <message>
        <source> (stale)</source>
        <translation> (veraltet)</translation>
    </message>
    <message>
        <source>R read: the value it saw</source>
        <translation>R Lesen: der gesehene Wert</translation>
    </message>
    <message>
        <source>W write</source>
        <translation>W Schreiben</translation>
    </message>
    <message>
        <source>write → the reads that saw it</source>
        <translation>Schreiben → die Lesevorgänge, die es gesehen haben</translation>
    </message>
    <message>
        <source>atomic update (read + write in one)</source>
        <translation>atomares Update (Lesen + Schreiben in einem)</translation>
    </message>
    <message>
        <source>lost update: struck-through write, overwritten</source>
        <translation>verlorenes Update: durchgestrichener Schreibvorgang, überschrieben</translation>
    </message>
    <message>
        <source>holds a lock (solid, lock&apos;s colour)</source>
        <translation>hält eine Sperre (voll, in der Farbe der Sperre)</translation>
    </message>
    <message>
        <source>waits for a lock (hatched)</source>
        <translation>wartet auf eine Sperre (schraffiert)</translation>
    </message>
    <message>
        <source>busy or paused (cross-hatched)</source>
        <translation>beschäftigt oder pausiert (kreuzschraffiert)</translation>
    </message>
    <message>
        <source>lease: TTL bar, red bar = expired; token n on writes</source>
        <translation>Lease: TTL-Balken, roter Balken = abgelaufen; Token n bei Schreibvorgängen</translation>
    </message>
    <message>
        <source>transaction begin / commit</source>
        <translation>Transaktion: Beginn / Commit</translation>
    </message>
    <message>
        <source>error or rejected</source>
        <translation>Fehler oder abgelehnt</translation>
    </message>
    <message>
        <source>deadlock cycle and its victim</source>
        <translation>Deadlock-Zyklus und sein Opfer</translation>
    </message>
    <message>
        <source>rule broken here</source>
        <translation>hier wurde eine Regel verletzt</translation>
    </message>
    <message>
        <source>retry (jumped back)</source>
        <translation>Wiederholung (zurückgesprungen)</translation>
    </message>
    <message>
        <source>LOST UPDATE: %1 overwritten</source>
        <translation>VERLORENES UPDATE: %1 überschrieben</translation>
    </message>
    <message>
        <source>DEADLOCK · victim %1</source>
        <translation>DEADLOCK · Opfer %1</translation>
    </message>
    <message>
        <source>wait for each other · lock wait timeout fails %1</source>
        <translation>warten aufeinander · Lock-Wait-Timeout lässt %1 scheitern</translation>
    </message>
    <message>
        <source>DEADLOCK · they wait for each other</source>
        <translation>DEADLOCK · sie warten aufeinander</translation>
    </message>
    <message>
        <source>timeout</source>
        <translation>Timeout</translation>
    </message>
    <message>
        <source>DEADLOCK</source>
        <translation>DEADLOCK</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>Timeline</source>
        <translation>Zeitleiste</translation>
    </message>
    <message>
        <source> (still at the end)</source>
        <translation> (auch am Ende noch)</translation>
    </message>
    <message>
        <source> (ended: chosen as the deadlock victim)</source>
        <translation> (beendet: als Deadlock-Opfer gewählt)</translation>
    </message>
    <message>
        <source> (ended: lock wait timeout)</source>
        <translation> (beendet: Lock-Wait-Timeout)</translation>
    </message>
    <message>
        <source> (ended: the TTL ran out)</source>
        <translation> (beendet: TTL abgelaufen)</translation>
    </message>
    <message>
        <source>It saw the value %1 wrote in move %2.</source>
        <translation>Es sah den Wert, den %1 in Zug %2 geschrieben hat.</translation>
    </message>
    <message>
        <source>It saw the initial value.</source>
        <translation>Es sah den Anfangswert.</translation>
    </message>
    <message>
        <source>Lost update: %1 overwrote this value in move %2 without ever having read it.</source>
        <translation>Verlorenes Update: %1 hat diesen Wert in Zug %2 überschrieben, ohne ihn je gelesen zu haben.</translation>
    </message>
    <message>
        <source>This write is based on a stale read and overwrites %1&apos;s write from move %2.</source>
        <translation>Dieser Schreibvorgang beruht auf einem veralteten Lesevorgang und überschreibt den Schreibvorgang von %1 aus Zug %2.</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s); Ctrl+Right and Ctrl+Left walk through them.</source>
        <translation>
            <numerusform>%n Ereignis; Strg+Rechts und Strg+Links gehen sie durch.</numerusform>
            <numerusform>%n Ereignisse; Strg+Rechts und Strg+Links gehen sie durch.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TraceExport</name>
    <message>
        <source>Clock</source>
        <translation>Uhr</translation>
    </message>
    <message>
        <source>%1 (instance %2)</source>
        <translation>%1 (Instanz %2)</translation>
    </message>
    <message>
        <source>believes it holds %1 (expired)</source>
        <translation>glaubt, %1 zu halten (abgelaufen)</translation>
    </message>
    <message>
        <source>reads from</source>
        <translation>liest von</translation>
    </message>
    <message>
        <source>Wait-for graph: %1</source>
        <translation>Wartegraph: %1</translation>
    </message>
    <message>
        <source>after step %1</source>
        <translation>nach Schritt %1</translation>
    </message>
    <message>
        <source>The deadlock detector broke this cycle by rolling back %1.</source>
        <translation>Der Deadlock-Detektor hat diesen Zyklus aufgelöst, indem er %1 zurückgerollt hat.</translation>
    </message>
    <message>
        <source>Deadlock: every request on the red cycle waits for the next one.</source>
        <translation>Deadlock: Jede Anfrage auf dem roten Zyklus wartet auf die nächste.</translation>
    </message>
    <message>
        <source>victim: rolled back</source>
        <translation>Opfer: zurückgerollt</translation>
    </message>
    <message>
        <source>instance %1</source>
        <translation>Instanz %1</translation>
    </message>
    <message>
        <source>held by</source>
        <translation>gehalten von</translation>
    </message>
    <message>
        <source>waits for</source>
        <translation>wartet auf</translation>
    </message>
    <message>
        <source>waited for</source>
        <translation>wartete auf</translation>
    </message>
    <message>
        <source>was held by</source>
        <translation>wurde gehalten von</translation>
    </message>
    <message>
        <source>box: request · ellipse: lock or resource
solid arrow: held by · dashed arrow: waits for
red: deadlock cycle · double border: the detector&apos;s victim</source>
        <translation>Kasten: Anfrage · Ellipse: Sperre oder Ressource
durchgezogener Pfeil: gehalten von · gestrichelter Pfeil: wartet auf
rot: Deadlock-Zyklus · doppelter Rand: Opfer des Detektors</translation>
    </message>
    <message>
        <source>holds lease %1 (token %2)</source>
        <translation>hält Lease %1 (Token %2)</translation>
    </message>
    <message>
        <source>job runs on %1</source>
        <translation>Auftrag läuft auf %1</translation>
    </message>
    <message>
        <source>holds a connection from %1</source>
        <translation>hält eine Verbindung aus %1</translation>
    </message>
    <message>
        <source>holds %1</source>
        <translation>hält %1</translation>
    </message>
    <message>
        <source>waits for %1</source>
        <translation>wartet auf %1</translation>
    </message>
    <message>
        <source>paused (%1 ms)</source>
        <translation>pausiert (%1 ms)</translation>
    </message>
    <message>
        <source>CPU work (%1 ms)</source>
        <translation>CPU-Arbeit (%1 ms)</translation>
    </message>
</context>
<context>
    <name>VerdictLine</name>
    <message>
        <source>✗ Rule broken: %1</source>
        <translation>✗ Regel verletzt: %1</translation>
    </message>
    <message>
        <source>No rule broken so far</source>
        <translation>Bisher keine Regel verletzt</translation>
    </message>
    <message>
        <source>✓ Every rule holds</source>
        <translation>✓ Jede Regel gilt</translation>
    </message>
</context>
<context>
    <name>WaitForGraphView</name>
    <message>
        <source>Wait-for graph</source>
        <translation>Wartegraph</translation>
    </message>
    <message>
        <source>Deadlock %1. The database aborts %2 (ER_LOCK_DEADLOCK) so the others can go on.</source>
        <translation>Deadlock %1. Die Datenbank bricht %2 ab (ER_LOCK_DEADLOCK), damit die anderen weitermachen können.</translation>
    </message>
    <message>
        <source>Deadlock %1: each waits for the next, forever.</source>
        <translation>Deadlock %1: Jeder wartet für immer auf den nächsten.</translation>
    </message>
    <message>
        <source>Nobody waits for anybody right now.</source>
        <translation>Gerade wartet niemand auf jemanden.</translation>
    </message>
    <message>
        <source>%1 waits for %2</source>
        <translation>%1 wartet auf %2</translation>
    </message>
    <message>
        <source>Safe lock order: %1. If every request locks in this order, no cycle can form.</source>
        <translation>Sichere Sperrreihenfolge: %1. Sperrt jede Anfrage in dieser Reihenfolge, kann kein Zyklus entstehen.</translation>
    </message>
    <message>
        <source>waits for</source>
        <translation>wartet auf</translation>
    </message>
    <message>
        <source>held by</source>
        <translation>gehalten von</translation>
    </message>
    <message>
        <source>victim: rolled back</source>
        <translation>Opfer: zurückgerollt</translation>
    </message>
</context>
<context>
    <name>WidgetExporter</name>
    <message>
        <source>nothing to export: the view is not shown</source>
        <translation>nichts zu exportieren: die Ansicht wird nicht angezeigt</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Interleave: see concurrency bugs happen, step by step.</source>
        <translation>Interleave: Nebenläufigkeitsfehler Schritt für Schritt entstehen sehen.</translation>
    </message>
    <message>
        <source>Strategy (fix) id.</source>
        <translation>ID der Strategie (Lösung).</translation>
    </message>
    <message>
        <source>threads, eventloop or instances:N.</source>
        <translation>threads, eventloop oder instances:N.</translation>
    </message>
    <message>
        <source>A parameter, name=value (repeatable).</source>
        <translation>Ein Parameter, name=wert (wiederholbar).</translation>
    </message>
    <message>
        <source>Moves to replay, for example &quot;A B A B&quot;.</source>
        <translation>Nachzuspielende Züge, zum Beispiel „A B A B“.</translation>
    </message>
    <message>
        <source>Save a picture of the window to this PNG file and quit.</source>
        <translation>Ein Bild des Fensters in diese PNG-Datei speichern und beenden.</translation>
    </message>
    <message>
        <source>Window size for --screenshot, WIDTHxHEIGHT.</source>
        <translation>Fenstergröße für --screenshot, BREITExHÖHE.</translation>
    </message>
    <message>
        <source>--strategy: no strategy &quot;%1&quot; in this scenario</source>
        <translation>--strategy: keine Strategie „%1“ in diesem Szenario</translation>
    </message>
    <message>
        <source>--model: %1</source>
        <translation>--model: %1</translation>
    </message>
    <message>
        <source>--param %1: expected name=number with a parameter of this scenario</source>
        <translation>--param %1: erwartet name=zahl mit einem Parameter dieses Szenarios</translation>
    </message>
    <message>
        <source>--screenshot: cannot write %1</source>
        <translation>--screenshot: %1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Explore every interleaving at start (fills the outcome histogram).</source>
        <translation>Beim Start alle Verzahnungen erkunden (füllt das Ergebnis-Histogramm).</translation>
    </message>
    <message>
        <source>Load the simplest schedule that breaks a rule (explores first).</source>
        <translation>Den einfachsten Schedule laden, der eine Regel verletzt (erkundet zuerst).</translation>
    </message>
    <message>
        <source>After loading a schedule, step back to this move.</source>
        <translation>Nach dem Laden eines Schedules zu diesem Zug zurückgehen.</translation>
    </message>
    <message>
        <source>Run the fix comparison (a load test on threads under every fix) at start.</source>
        <translation>Beim Start den Vergleich der Lösungen ausführen (ein Lasttest auf Threads mit jeder Lösung).</translation>
    </message>
    <message>
        <source>A built-in scenario id (for example lost-update), a scenario file, or a saved session (.interleave).</source>
        <translation>Die ID eines eingebauten Szenarios (zum Beispiel lost-update), eine Szenariodatei oder eine gespeicherte Sitzung (.interleave).</translation>
    </message>
    <message>
        <source>Start in presenter mode (F5); with --screenshot, at --size instead of full screen.</source>
        <translation>Im Präsentationsmodus starten (F5); mit --screenshot in --size statt im Vollbild.</translation>
    </message>
    <message>
        <source>Use a dark palette (Fusion style), as on a dark desktop; for example for --screenshot, where no desktop theme is there to ask.</source>
        <translation>Eine dunkle Farbpalette (Fusion-Stil) verwenden, wie auf einem dunklen Desktop; zum Beispiel für --screenshot, wo kein Desktop-Thema zu fragen ist.</translation>
    </message>
    <message>
        <source>The interface&apos;s language for this run (en, de, es), without changing the saved choice.</source>
        <translation>Die Sprache der Oberfläche für diesen Lauf (en, de, es), ohne die gespeicherte Wahl zu ändern.</translation>
    </message>
    <message>
        <source>Start in challenge mode on this challenge: a built-in id (interleave-cli challenge list) or a challenge file; --schedule then plays moves in it.</source>
        <translation>Im Challenge-Modus mit dieser Challenge starten: eine eingebaute ID (interleave-cli challenge list) oder eine Challenge-Datei; --schedule spielt dann Züge darin.</translation>
    </message>
    <message>
        <source>--challenge: %1</source>
        <translation>--challenge: %1</translation>
    </message>
</context>
</TS>
