<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>Challenge</name>
    <message>
        <source>Goal reached</source>
        <translation>Objetivo alcanzado</translation>
    </message>
    <message numerus="yes">
        <source>End in a state where %1, in at most %n move(s).</source>
        <translation>
            <numerusform>Termina en un estado donde se cumpla %1, en %n movimiento como máximo.</numerusform>
            <numerusform>Termina en un estado donde se cumpla %1, en %n movimientos como máximo.</numerusform>
        </translation>
    </message>
    <message>
        <source>End in a state where %1.</source>
        <translation>Termina en un estado donde se cumpla %1.</translation>
    </message>
    <message>
        <source>Break the rule &quot;%1&quot;.</source>
        <translation>Rompe la regla «%1».</translation>
    </message>
    <message>
        <source>Make it show: %1.</source>
        <translation>Haz que muestre: %1.</translation>
    </message>
    <message>
        <source>Break a rule.</source>
        <translation>Rompe una regla.</translation>
    </message>
    <message>
        <source>Find every outcome that breaks a rule.</source>
        <translation>Encuentra cada resultado que rompe una regla.</translation>
    </message>
    <message>
        <source>Pick the variant where the fix fails, and make it fail.</source>
        <translation>Elige la variante en la que la corrección falla, y hazla fallar.</translation>
    </message>
    <message>
        <source>Predict every possible final value of %1.</source>
        <translation>Predice cada valor final posible de %1.</translation>
    </message>
    <message>
        <source>Lose a deposit</source>
        <extracomment>Challenge &quot;lost-update-lose-a-deposit&quot;</extracomment>
        <translation>Perder un depósito</translation>
    </message>
    <message>
        <source>Two requests each add a deposit to the same account. Choose the order of their steps so that one deposit vanishes.</source>
        <extracomment>Challenge &quot;lost-update-lose-a-deposit&quot;</extracomment>
        <translation>Dos peticiones depositan cada una en la misma cuenta. Elige el orden de sus pasos para que un depósito desaparezca.</translation>
    </message>
    <message>
        <source>The lost update: read, compute, write back is not one step, and another request can run in between.</source>
        <extracomment>Challenge &quot;lost-update-lose-a-deposit&quot;</extracomment>
        <translation>La actualización perdida: leer, calcular y volver a escribir no es un solo paso, y otra petición puede ejecutarse en medio.</translation>
    </message>
    <message>
        <source>End with a balance of 1100</source>
        <extracomment>Challenge &quot;lost-update-end-at-1100&quot;</extracomment>
        <translation>Terminar con un saldo de 1100</translation>
    </message>
    <message>
        <source>The account starts at 1000; the requests deposit 100 and 200. Make the run end with a balance of 1100, in at most four moves.</source>
        <extracomment>Challenge &quot;lost-update-end-at-1100&quot;</extracomment>
        <translation>La cuenta empieza en 1000; las peticiones depositan 100 y 200. Haz que la ejecución termine con un saldo de 1100, en cuatro movimientos como máximo.</translation>
    </message>
    <message>
        <source>Which deposit is lost depends on which write comes last: the last writer wins.</source>
        <extracomment>Challenge &quot;lost-update-end-at-1100&quot;</extracomment>
        <translation>Qué depósito se pierde depende de qué escritura llega la última: gana el último que escribe.</translation>
    </message>
    <message>
        <source>Predict every final balance</source>
        <extracomment>Challenge &quot;lost-update-predict&quot;</extracomment>
        <translation>Predecir cada saldo final</translation>
    </message>
    <message>
        <source>Before you step: which final balances are possible when two requests deposit 100 and 200 into 1000? Name every one.</source>
        <extracomment>Challenge &quot;lost-update-predict&quot;</extracomment>
        <translation>Antes de avanzar: ¿qué saldos finales son posibles cuando dos peticiones depositan 100 y 200 sobre 1000? Nómbralos todos.</translation>
    </message>
    <message>
        <source>A race has a small, exact set of results: the explorer counts every interleaving and grades the prediction.</source>
        <extracomment>Challenge &quot;lost-update-predict&quot;</extracomment>
        <translation>Una carrera tiene un conjunto pequeño y exacto de resultados: el explorador cuenta cada intercalado y califica la predicción.</translation>
    </message>
    <message>
        <source>Find every way three requests lose money</source>
        <extracomment>Challenge &quot;lost-update-three-ways&quot;</extracomment>
        <translation>Encuentra cada forma en que tres peticiones pierden dinero</translation>
    </message>
    <message>
        <source>With three requests there are several different wrong balances. Find every outcome that breaks the rule.</source>
        <extracomment>Challenge &quot;lost-update-three-ways&quot;</extracomment>
        <translation>Con tres peticiones hay varios saldos erróneos distintos. Encuentra cada resultado que rompe la regla.</translation>
    </message>
    <message>
        <source>More requests, more ways to interleave: the number of wrong outcomes grows faster than the number of requests.</source>
        <extracomment>Challenge &quot;lost-update-three-ways&quot;</extracomment>
        <translation>Más peticiones, más formas de intercalar: el número de resultados erróneos crece más rápido que el número de peticiones.</translation>
    </message>
    <message>
        <source>Overdraw the account</source>
        <extracomment>Challenge &quot;double-withdraw-overdraft&quot;</extracomment>
        <translation>Dejar la cuenta en descubierto</translation>
    </message>
    <message>
        <source>The balance is 100 and two requests each withdraw 60 after checking that the money is there. Drive the balance below zero.</source>
        <extracomment>Challenge &quot;double-withdraw-overdraft&quot;</extracomment>
        <translation>El saldo es 100 y dos peticiones retiran 60 cada una tras comprobar que el dinero está. Lleva el saldo por debajo de cero.</translation>
    </message>
    <message>
        <source>Check-then-act: a check is only true until someone else acts on the same data.</source>
        <extracomment>Challenge &quot;double-withdraw-overdraft&quot;</extracomment>
        <translation>Comprobar y luego actuar: una comprobación solo es cierta hasta que otro actúa sobre los mismos datos.</translation>
    </message>
    <message>
        <source>Sell the last seat twice</source>
        <extracomment>Challenge &quot;last-seat-sell-twice&quot;</extracomment>
        <translation>Vender dos veces la última plaza</translation>
    </message>
    <message>
        <source>One seat is left and two students book at once. Make both bookings succeed.</source>
        <extracomment>Challenge &quot;last-seat-sell-twice&quot;</extracomment>
        <translation>Queda una plaza y dos estudiantes reservan a la vez. Haz que ambas reservas tengan éxito.</translation>
    </message>
    <message>
        <source>Check-then-act again, this time with a sleep between the check and the booking, as in the seed code.</source>
        <extracomment>Challenge &quot;last-seat-sell-twice&quot;</extracomment>
        <translation>Otra vez comprobar y luego actuar, esta vez con una espera entre la comprobación y la reserva, como en el código semilla.</translation>
    </message>
    <message>
        <source>Find every way to oversell</source>
        <extracomment>Challenge &quot;last-seat-every-oversell&quot;</extracomment>
        <translation>Encuentra cada forma de vender de más</translation>
    </message>
    <message>
        <source>Overselling the last seat can end in more than one wrong state. Find them all.</source>
        <extracomment>Challenge &quot;last-seat-every-oversell&quot;</extracomment>
        <translation>Vender de más la última plaza puede terminar en más de un estado erróneo. Encuéntralos todos.</translation>
    </message>
    <message>
        <source>Different interleavings of the same race leave different damage: here, a seat count of 0 or of -1.</source>
        <extracomment>Challenge &quot;last-seat-every-oversell&quot;</extracomment>
        <translation>Distintos intercalados de la misma carrera dejan daños distintos: aquí, 0 o -1 plazas libres.</translation>
    </message>
    <message>
        <source>Make the mutex fail</source>
        <extracomment>Challenge &quot;lost-update-mutex-fails&quot;</extracomment>
        <translation>Hacer fallar el mutex</translation>
    </message>
    <message>
        <source>The deposit is now guarded by an in-memory mutex. Pick where the program runs so that the mutex does not help, and lose a deposit there.</source>
        <extracomment>Challenge &quot;lost-update-mutex-fails&quot;</extracomment>
        <translation>El depósito está ahora protegido por un mutex en memoria. Elige dónde se ejecuta el programa para que el mutex no sirva, y pierde allí un depósito.</translation>
    </message>
    <message>
        <source>A mutex only protects the memory of one process: two server instances each have their own.</source>
        <extracomment>Challenge &quot;lost-update-mutex-fails&quot;</extracomment>
        <translation>Un mutex solo protege la memoria de un proceso: dos instancias del servidor tienen cada una el suyo.</translation>
    </message>
    <message>
        <source>Deadlock two transfers</source>
        <extracomment>Challenge &quot;transfer-deadlock&quot;</extracomment>
        <translation>Bloquear dos transferencias</translation>
    </message>
    <message>
        <source>Alice sends money to Bob while Bob sends money to Alice; each locks its own account row first. Make them wait for each other.</source>
        <extracomment>Challenge &quot;transfer-deadlock&quot;</extracomment>
        <translation>Alice envía dinero a Bob mientras Bob envía dinero a Alice; cada una bloquea primero la fila de su propia cuenta. Haz que se esperen mutuamente.</translation>
    </message>
    <message>
        <source>A deadlock needs two locks taken in opposite orders; the database detects it and rolls one transaction back.</source>
        <extracomment>Challenge &quot;transfer-deadlock&quot;</extracomment>
        <translation>Un interbloqueo necesita dos bloqueos tomados en órdenes opuestos; la base de datos lo detecta y revierte una transacción.</translation>
    </message>
    <message>
        <source>Show that a transaction is not enough</source>
        <extracomment>Challenge &quot;double-like-transaction-fails&quot;</extracomment>
        <translation>Mostrar que una transacción no basta</translation>
    </message>
    <message>
        <source>Three fixes for the double like: a unique key, a unique key in a transaction, and a transaction alone. Pick the one that still lets one user like a post twice, and make it happen.</source>
        <extracomment>Challenge &quot;double-like-transaction-fails&quot;</extracomment>
        <translation>Tres correcciones para el «me gusta» doble: una clave única, una clave única en una transacción y una transacción sola. Elige la que aún deja que un usuario dé «me gusta» dos veces a una publicación, y haz que ocurra.</translation>
    </message>
    <message>
        <source>A transaction does not stop two inserts of the same row: only a constraint (or a lock) does.</source>
        <extracomment>Challenge &quot;double-like-transaction-fails&quot;</extracomment>
        <translation>Una transacción no impide dos inserciones de la misma fila: solo una restricción (o un bloqueo) lo hace.</translation>
    </message>
    <message>
        <source>Charge the card twice</source>
        <extracomment>Challenge &quot;retried-payment-double-charge&quot;</extracomment>
        <translation>Cobrar dos veces la tarjeta</translation>
    </message>
    <message>
        <source>A payment is retried with the same idempotency key, and the server checks the key before inserting it. Make the card be charged twice.</source>
        <extracomment>Challenge &quot;retried-payment-double-charge&quot;</extracomment>
        <translation>Un pago se reintenta con la misma clave de idempotencia, y el servidor comprueba la clave antes de insertarla. Haz que la tarjeta se cobre dos veces.</translation>
    </message>
    <message>
        <source>An idempotency key only works when claiming it is atomic: check-then-insert is the same race as before.</source>
        <extracomment>Challenge &quot;retried-payment-double-charge&quot;</extracomment>
        <translation>Una clave de idempotencia solo funciona cuando reclamarla es atómico: comprobar y luego insertar es la misma carrera de antes.</translation>
    </message>
    <message>
        <source>Hold up the event loop</source>
        <extracomment>Challenge &quot;event-loop-blocked&quot;</extracomment>
        <translation>Detener el bucle de eventos</translation>
    </message>
    <message>
        <source>On one Node.js event loop, a report does CPU work while quick requests arrive. Make a quick request wait for the report.</source>
        <extracomment>Challenge &quot;event-loop-blocked&quot;</extracomment>
        <translation>En un único bucle de eventos de Node.js, un informe hace trabajo de CPU mientras llegan peticiones rápidas. Haz que una petición rápida espere al informe.</translation>
    </message>
    <message>
        <source>An event loop runs one thing at a time: CPU work that never awaits blocks every other request.</source>
        <extracomment>Challenge &quot;event-loop-blocked&quot;</extracomment>
        <translation>Un bucle de eventos ejecuta una cosa a la vez: el trabajo de CPU que nunca hace await bloquea todas las demás peticiones.</translation>
    </message>
    <message>
        <source>Write with an expired lease</source>
        <extracomment>Challenge &quot;lease-expiry-stale-write&quot;</extracomment>
        <translation>Escribir con una concesión caducada</translation>
    </message>
    <message>
        <source>Client A holds a lock lease, then pauses longer than the lease lasts. Let time pass so that A writes after its lease has gone to B.</source>
        <extracomment>Challenge &quot;lease-expiry-stale-write&quot;</extracomment>
        <translation>El cliente A tiene una concesión de bloqueo y luego se pausa más de lo que dura la concesión. Deja pasar el tiempo para que A escriba después de que su concesión haya pasado a B.</translation>
    </message>
    <message>
        <source>A lease expires while its holder is paused: the holder does not know, and writes anyway.</source>
        <extracomment>Challenge &quot;lease-expiry-stale-write&quot;</extracomment>
        <translation>Una concesión caduca mientras su titular está en pausa: el titular no lo sabe y escribe igualmente.</translation>
    </message>
    <message>
        <source>Get past half a fence</source>
        <extracomment>Challenge &quot;lease-expiry-fencing&quot;</extracomment>
        <translation>Superar media valla</translation>
    </message>
    <message>
        <source>Two fixes use fencing tokens: one checks the token only on writes, the other on every read and write. Pick the one that still loses money, and break it.</source>
        <extracomment>Challenge &quot;lease-expiry-fencing&quot;</extracomment>
        <translation>Dos correcciones usan tokens de fencing: una comprueba el token solo en las escrituras, la otra en cada lectura y escritura. Elige la que aún pierde dinero, y rómpela.</translation>
    </message>
    <message>
        <source>Fencing works only when storage checks the token on every access: a stale read is enough to lose an update.</source>
        <extracomment>Challenge &quot;lease-expiry-fencing&quot;</extracomment>
        <translation>El fencing solo funciona cuando el almacenamiento comprueba el token en cada acceso: una lectura obsoleta basta para perder una actualización.</translation>
    </message>
</context>
<context>
    <name>ChallengeCourseDialog</name>
    <message>
        <source>Challenges</source>
        <translation>Retos</translation>
    </message>
    <message>
        <source>You are the scheduler: choose who moves next until the goal is reached. %1 of %2 solved.</source>
        <translation>Tú eres el planificador: elige quién se mueve a continuación hasta alcanzar el objetivo. %1 de %2 resueltos.</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Empezar</translation>
    </message>
    <message>
        <source>Open challenge &amp;file…</source>
        <translation>Abrir &amp;archivo de reto…</translation>
    </message>
    <message>
        <source>&amp;Reset progress…</source>
        <translation>&amp;Reiniciar el progreso…</translation>
    </message>
</context>
<context>
    <name>ChallengeGrader</name>
    <message>
        <source>no challenge</source>
        <translation>ningún reto</translation>
    </message>
    <message>
        <source>That took %1 moves; the goal allows at most %2.</source>
        <translation>Eso llevó %1 movimientos; el objetivo permite como máximo %2.</translation>
    </message>
    <message>
        <source>The run ends where %1.</source>
        <translation>La ejecución termina donde se cumple %1.</translation>
    </message>
    <message>
        <source>The run ends, but not where %1: %2</source>
        <translation>La ejecución termina, pero no donde se cumple %1: %2</translation>
    </message>
    <message>
        <source>The fix fails in %1: %2</source>
        <translation>La corrección falla en %1: %2</translation>
    </message>
    <message>
        <source>The fix holds in %1 for this schedule.</source>
        <translation>La corrección aguanta en %1 con esta planificación.</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>Hecho: %1</translation>
    </message>
    <message>
        <source>Not this time: the run ends with %1</source>
        <translation>Esta vez no: la ejecución termina con %1</translation>
    </message>
    <message>
        <source>There is no variant %1 to choose.</source>
        <translation>No hay una variante %1 para elegir.</translation>
    </message>
    <message>
        <source>The run has not finished yet: keep going until every request is done or stuck.</source>
        <translation>La ejecución aún no ha terminado: sigue hasta que cada petición haya terminado o esté atascada.</translation>
    </message>
    <message>
        <source>This challenge is solved by a prediction, not by a schedule.</source>
        <translation>Este reto se resuelve con una predicción, no con una planificación.</translation>
    </message>
    <message>
        <source>This run breaks no rule: %1</source>
        <translation>Esta ejecución no rompe ninguna regla: %1</translation>
    </message>
    <message>
        <source>This run breaks a rule; the explorer has not finished, so it cannot say which outcome yet.</source>
        <translation>Esta ejecución rompe una regla; el explorador no ha terminado, así que aún no puede decir qué resultado es.</translation>
    </message>
    <message>
        <source>Found before: %1</source>
        <translation>Encontrado antes: %1</translation>
    </message>
    <message>
        <source>New: %1</source>
        <translation>Nuevo: %1</translation>
    </message>
    <message>
        <source>This challenge is solved by a schedule, not by a prediction.</source>
        <translation>Este reto se resuelve con una planificación, no con una predicción.</translation>
    </message>
    <message>
        <source>The explorer has not finished: it cannot grade a prediction yet.</source>
        <translation>El explorador no ha terminado: aún no puede calificar una predicción.</translation>
    </message>
    <message numerus="yes">
        <source>%n found; the explorer is still counting how many there are.</source>
        <translation>
            <numerusform>%n encontrado; el explorador aún cuenta cuántos hay.</numerusform>
            <numerusform>%n encontrados; el explorador aún cuenta cuántos hay.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 found.</source>
        <translation>%1 de %2 encontrados.</translation>
    </message>
    <message>
        <source>The explorer found no schedule that solves this challenge.</source>
        <translation>El explorador no encontró ninguna planificación que resuelva este reto.</translation>
    </message>
    <message>
        <source>Wait for the explorer: hints come from its schedules.</source>
        <translation>Espera al explorador: las pistas salen de sus planificaciones.</translation>
    </message>
    <message>
        <source>In %1: </source>
        <translation>En %1: </translation>
    </message>
    <message>
        <source>No request has to be interrupted: running them one after another in the right order is enough.</source>
        <translation>No hace falta interrumpir ninguna petición: basta con ejecutarlas una tras otra en el orden correcto.</translation>
    </message>
    <message>
        <source>No request has to be interrupted: what matters is when time passes (~). The simplest schedule lets it pass after move %1.</source>
        <translation>No hace falta interrumpir ninguna petición: lo que importa es cuándo pasa el tiempo (~). La planificación más simple lo deja pasar tras el movimiento %1.</translation>
    </message>
    <message>
        <source>The race is at line %1: &quot;%2&quot;. What if another request runs just before %3 runs it?</source>
        <translation>La carrera está en la línea %1: «%2». ¿Y si otra petición se ejecuta justo antes de que %3 la ejecute?</translation>
    </message>
    <message>
        <source>The simplest schedule needs no interruption: %1</source>
        <translation>La planificación más simple no necesita interrupción: %1</translation>
    </message>
    <message>
        <source>The simplest counterexample starts &quot;%1&quot;: after move %2, %3 is interrupted and %4 runs.</source>
        <translation>El contraejemplo más simple empieza por «%1»: tras el movimiento %2, %3 es interrumpida y se ejecuta %4.</translation>
    </message>
</context>
<context>
    <name>ChallengeLoader</name>
    <message>
        <source>%1:%2:%3: JSON syntax error: %4</source>
        <translation>%1:%2:%3: error de sintaxis JSON: %4</translation>
    </message>
    <message>
        <source>%1:1: the file must hold one JSON object { … }</source>
        <translation>%1:1: el archivo debe contener un único objeto JSON { … }</translation>
    </message>
    <message>
        <source>%1:%2: %3: %4</source>
        <translation>%1:%2: %3: %4</translation>
    </message>
    <message>
        <source>top level</source>
        <translation>nivel superior</translation>
    </message>
    <message>
        <source>%1: no such challenge file</source>
        <translation>%1: no existe ese archivo de reto</translation>
    </message>
    <message>
        <source>%1: file is larger than 1 MiB; a challenge is a small JSON file</source>
        <translation>%1: el archivo ocupa más de 1 MiB; un reto es un archivo JSON pequeño</translation>
    </message>
    <message>
        <source>%1: cannot read: %2</source>
        <translation>%1: no se puede leer: %2</translation>
    </message>
    <message>
        <source>unknown challenge &quot;%1&quot; (built-in: %2; or give a .json file)</source>
        <translation>reto desconocido «%1» (incorporados: %2; o indica un archivo .json)</translation>
    </message>
    <message>
        <source>unsupported format %1 (this version reads format 1)</source>
        <translation>formato %1 no admitido (esta versión lee el formato 1)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid id (letters, digits, - and _)</source>
        <translation>«%1» no es un id válido (letras, dígitos, - y _)</translation>
    </message>
    <message>
        <source>must be a string that is not empty</source>
        <translation>debe ser una cadena no vacía</translation>
    </message>
    <message>
        <source>must name a built-in scenario here, not a file</source>
        <translation>aquí debe nombrar un escenario incorporado, no un archivo</translation>
    </message>
    <message>
        <source>unknown strategy &quot;%1&quot; (the scenario has %2)</source>
        <translation>estrategia desconocida «%1» (el escenario tiene %2)</translation>
    </message>
    <message>
        <source>the scenario has no parameter &quot;%1&quot;</source>
        <translation>el escenario no tiene el parámetro «%1»</translation>
    </message>
    <message>
        <source>%1 is outside %2 … %3</source>
        <translation>%1 está fuera de %2 … %3</translation>
    </message>
    <message>
        <source>unknown goal &quot;%1&quot; (expected reach, break, find-all, fix-fails or predict)</source>
        <translation>objetivo desconocido «%1» (se esperaba reach, break, find-all, fix-fails o predict)</translation>
    </message>
    <message>
        <source>unknown anomaly &quot;%1&quot; (expected lost-update, deadlock, stale-lease-write, foreign-release or any)</source>
        <translation>anomalía desconocida «%1» (se esperaba lost-update, deadlock, stale-lease-write, foreign-release o any)</translation>
    </message>
    <message>
        <source>must be between 1 and %1</source>
        <translation>debe estar entre 1 y %1</translation>
    </message>
    <message>
        <source>a fix-fails goal needs a list of at least two variants to choose from</source>
        <translation>un objetivo fix-fails necesita una lista de al menos dos variantes para elegir</translation>
    </message>
    <message>
        <source>only a fix-fails goal offers choices</source>
        <translation>solo un objetivo fix-fails ofrece opciones</translation>
    </message>
    <message>
        <source>give a rule or an anomaly, not both</source>
        <translation>indica una regla o una anomalía, no ambas</translation>
    </message>
    <message>
        <source>the scenario has no rule &quot;%1&quot; (it has %2)</source>
        <translation>el escenario no tiene la regla «%1» (tiene %2)</translation>
    </message>
    <message>
        <source>the scenario has no figure &quot;%1&quot;</source>
        <translation>el escenario no tiene la cifra «%1»</translation>
    </message>
</context>
<context>
    <name>ChallengeMode</name>
    <message>
        <source>Exploring every interleaving: %L1 states</source>
        <translation>Explorando todos los entrelazados: %L1 estados</translation>
    </message>
    <message>
        <source>&amp;Challenges…</source>
        <translation>&amp;Retos…</translation>
    </message>
    <message>
        <source>The course: be the scheduler and reach each goal; the explorer grades</source>
        <translation>El curso: sé el planificador y alcanza cada objetivo; el explorador califica</translation>
    </message>
    <message>
        <source>Open challenge &amp;file…</source>
        <translation>Abrir &amp;archivo de reto…</translation>
    </message>
    <message>
        <source>C&amp;heck the challenge</source>
        <translation>&amp;Comprobar el reto</translation>
    </message>
    <message>
        <source>&amp;Hint</source>
        <translation>&amp;Pista</translation>
    </message>
    <message>
        <source>&amp;Next challenge</source>
        <translation>&amp;Siguiente reto</translation>
    </message>
    <message>
        <source>&amp;Leave challenge mode</source>
        <translation>Sa&amp;lir del modo reto</translation>
    </message>
    <message>
        <source>&amp;Reset progress…</source>
        <translation>&amp;Reiniciar el progreso…</translation>
    </message>
    <message>
        <source>Reset progress</source>
        <translation>Reiniciar el progreso</translation>
    </message>
    <message>
        <source>Forget every solved challenge and every outcome found?</source>
        <translation>¿Olvidar todos los retos resueltos y todos los resultados encontrados?</translation>
    </message>
    <message>
        <source>Every possible final value, for example 1100, 1300</source>
        <translation>Cada valor final posible, por ejemplo 1100, 1300</translation>
    </message>
    <message>
        <source>Check (Ctrl+Enter)</source>
        <translation>Comprobar (Ctrl+Intro)</translation>
    </message>
    <message>
        <source>Hint (Ctrl+H)</source>
        <translation>Pista (Ctrl+H)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Cancelar (Esc)</translation>
    </message>
    <message>
        <source>Next challenge (Ctrl+N)</source>
        <translation>Siguiente reto (Ctrl+N)</translation>
    </message>
    <message>
        <source>Course (Ctrl+G)</source>
        <translation>Curso (Ctrl+G)</translation>
    </message>
    <message>
        <source>Solved before. Solve it again, or go on with Ctrl+N.</source>
        <translation>Ya resuelto. Resuélvelo otra vez o sigue con Ctrl+N.</translation>
    </message>
    <message>
        <source>Exploring every interleaving…</source>
        <translation>Explorando todos los entrelazados…</translation>
    </message>
    <message>
        <source>Grading cancelled: schedules that reach or break something are still checked; hints, predictions and &quot;find every&quot; need the explorer (Ctrl+G starts again).</source>
        <translation>Calificación cancelada: las planificaciones que alcanzan o rompen algo se siguen comprobando; las pistas, las predicciones y «encuentra todos» necesitan el explorador (Ctrl+G vuelve a empezar).</translation>
    </message>
    <message>
        <source>Solved: %1</source>
        <translation>Resuelto: %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Your prediction&lt;/b&gt;&lt;br&gt;%1</source>
        <translation>&lt;b&gt;Tu predicción&lt;/b&gt;&lt;br&gt;%1</translation>
    </message>
    <message>
        <source>&lt;b&gt;The explorer&lt;/b&gt;&lt;br&gt;%1</source>
        <translation>&lt;b&gt;El explorador&lt;/b&gt;&lt;br&gt;%1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Your schedules&lt;/b&gt;&lt;br&gt;%1</source>
        <translation>&lt;b&gt;Tus planificaciones&lt;/b&gt;&lt;br&gt;%1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Every outcome that breaks a rule&lt;/b&gt;&lt;br&gt;%1</source>
        <translation>&lt;b&gt;Cada resultado que rompe una regla&lt;/b&gt;&lt;br&gt;%1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Your schedule:&lt;/b&gt; &lt;tt&gt;%1&lt;/tt&gt;</source>
        <translation>&lt;b&gt;Tu planificación:&lt;/b&gt; &lt;tt&gt;%1&lt;/tt&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;The simplest:&lt;/b&gt; &lt;tt&gt;%1&lt;/tt&gt;</source>
        <translation>&lt;b&gt;La más sencilla:&lt;/b&gt; &lt;tt&gt;%1&lt;/tt&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;The simplest:&lt;/b&gt; the explorer has not finished</source>
        <translation>&lt;b&gt;La más sencilla:&lt;/b&gt; el explorador no ha terminado</translation>
    </message>
    <message>
        <source>Hint: %1</source>
        <translation>Pista: %1</translation>
    </message>
    <message>
        <source>Moves: %1 of at most %2</source>
        <translation>Movimientos: %1 de %2 como máximo</translation>
    </message>
    <message>
        <source>Moves: %1</source>
        <translation>Movimientos: %1</translation>
    </message>
    <message>
        <source>✓ %1 — %2</source>
        <translation>✓ %1 — %2</translation>
    </message>
    <message>
        <source>Open challenge</source>
        <translation>Abrir reto</translation>
    </message>
    <message>
        <source>Challenge files (*.json);;All files (*)</source>
        <translation>Archivos de reto (*.json);;Todos los archivos (*)</translation>
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
        <translation>Listar los escenarios, sus estrategias, modelos y parámetros (con --scenario: un escenario completo).</translation>
    </message>
    <message>
        <source>Run the scenario on real threads, many trials, and print the outcome histogram.</source>
        <translation>Ejecutar el escenario en hilos reales, muchos ensayos, e imprimir el histograma de resultados.</translation>
    </message>
    <message>
        <source>Replay one schedule in the deterministic stepper and narrate every event.</source>
        <translation>Reproducir una planificación en el modo paso a paso determinista y narrar cada evento.</translation>
    </message>
    <message>
        <source>Count every interleaving and its outcome, with the simplest schedule that breaks a rule.</source>
        <translation>Contar todos los entrelazados y su resultado, con la planificación más simple que incumple una regla.</translation>
    </message>
    <message>
        <source>Built-in scenario id or a scenario .json file (default: lost-update).</source>
        <translation>Id de un escenario integrado o un archivo .json de escenario (por defecto: lost-update).</translation>
    </message>
    <message>
        <source>ID|FILE</source>
        <translation>ID|ARCHIVO</translation>
    </message>
    <message>
        <source>Strategy (fix) id (default: the scenario&apos;s first, usually the broken one).</source>
        <translation>Id de la estrategia (solución) (por defecto: la primera del escenario, normalmente la defectuosa).</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Execution model: threads, eventloop or instances:N (default: threads).</source>
        <translation>Modelo de ejecución: threads, eventloop o instances:N (por defecto: threads).</translation>
    </message>
    <message>
        <source>MODEL</source>
        <translation>MODELO</translation>
    </message>
    <message>
        <source>Set a scenario parameter, for example requests=3 (repeatable).</source>
        <translation>Fijar un parámetro del escenario, por ejemplo requests=3 (repetible).</translation>
    </message>
    <message>
        <source>NAME=VALUE</source>
        <translation>NOMBRE=VALOR</translation>
    </message>
    <message>
        <source>Print JSON instead of text (format in docs/cli.md).</source>
        <translation>Imprimir JSON en lugar de texto (formato en docs/cli.md).</translation>
    </message>
    <message>
        <source>Usage: interleave-cli &lt;verb&gt; [options]

Interleave shows concurrency bugs happen: lost updates, overselling, deadlocks, expired leases.

Verbs:
</source>
        <translation>Uso: interleave-cli &lt;verbo&gt; [opciones]

Interleave muestra cómo ocurren los errores de concurrencia: actualizaciones perdidas, sobreventa, interbloqueos, leases caducados.

Verbos:
</translation>
    </message>
    <message>
        <source>unknown option &quot;%1%2&quot;</source>
        <translation>opción desconocida &quot;%1%2&quot;</translation>
    </message>
    <message>
        <source>unknown verb &quot;%1&quot; (expected %2)</source>
        <translation>verbo desconocido &quot;%1&quot; (se esperaba %2)</translation>
    </message>
    <message>
        <source>%1: unexpected argument &quot;%2&quot;</source>
        <translation>%1: argumento inesperado &quot;%2&quot;</translation>
    </message>
    <message>
        <source>--strategy &quot;%1&quot;: scenario &quot;%2&quot; has no such strategy (it has %3)</source>
        <translation>--strategy &quot;%1&quot;: el escenario &quot;%2&quot; no tiene esa estrategia (tiene %3)</translation>
    </message>
    <message>
        <source>--model &quot;%1&quot;: scenario &quot;%2&quot; offers only %3</source>
        <translation>--model &quot;%1&quot;: el escenario &quot;%2&quot; solo ofrece %3</translation>
    </message>
    <message>
        <source>--param &quot;%1&quot;: expected NAME=VALUE with a whole number, for example requests=3</source>
        <translation>--param &quot;%1&quot;: se esperaba NOMBRE=VALOR con un número entero, por ejemplo requests=3</translation>
    </message>
    <message>
        <source>--param &quot;%1&quot;: scenario &quot;%2&quot; has no parameter &quot;%3&quot; (it has %4)</source>
        <translation>--param &quot;%1&quot;: el escenario &quot;%2&quot; no tiene ningún parámetro &quot;%3&quot; (tiene %4)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>--param &quot;%1&quot;: %2 must be from %3 to %4</source>
        <translation>--param &quot;%1&quot;: %2 debe estar entre %3 y %4</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>Fuente: %1</translation>
    </message>
    <message>
        <source>The seed says: %1
What really happens: %2</source>
        <translation>El texto didáctico dice: %1
Lo que ocurre de verdad: %2</translation>
    </message>
    <message>
        <source>Strategies:</source>
        <translation>Estrategias:</translation>
    </message>
    <message>
        <source>Models: %1</source>
        <translation>Modelos: %1</translation>
    </message>
    <message>
        <source>Parameters:</source>
        <translation>Parámetros:</translation>
    </message>
    <message>
        <source>  (none)</source>
        <translation>  (ninguno)</translation>
    </message>
    <message>
        <source>Rules:</source>
        <translation>Reglas:</translation>
    </message>
    <message>
        <source> (at every moment)</source>
        <translation> (en todo momento)</translation>
    </message>
    <message>
        <source>Code of strategy %1 (%2):</source>
        <translation>Código de la estrategia %1 (%2):</translation>
    </message>
    <message>
        <source>Scenarios (%1):</source>
        <translation>Escenarios (%1):</translation>
    </message>
    <message>
        <source>strategies: %1</source>
        <translation>estrategias: %1</translation>
    </message>
    <message>
        <source>models: %1</source>
        <translation>modelos: %1</translation>
    </message>
    <message>
        <source>parameters: %1</source>
        <translation>parámetros: %1</translation>
    </message>
    <message>
        <source>Models: threads (every shared step can interleave), eventloop (one Node.js loop: only at await), instances:N (N server processes, each with its own memory and locks).</source>
        <translation>Modelos: threads (cada paso compartido puede entrelazarse), eventloop (un bucle de Node.js: solo en await), instances:N (N procesos de servidor, cada uno con su propia memoria y sus propios bloqueos).</translation>
    </message>
    <message>
        <source>Next: interleave-cli list --scenario ID, then run or step it (interleave-cli run --help).</source>
        <translation>Siguiente: interleave-cli list --scenario ID, y luego ejecútalo con run o step (interleave-cli run --help).</translation>
    </message>
    <message>
        <source>interleave-cli: --%1 &quot;%2&quot;: expected a number from %3 to %4</source>
        <translation>interleave-cli: --%1 &quot;%2&quot;: se esperaba un número de %3 a %4</translation>
    </message>
    <message>
        <source>How many runs (1 to 1000000, default 100).</source>
        <translation>Cuántas ejecuciones (de 1 a 1000000, por defecto 100).</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Seed for the random jitter (default 1).</source>
        <translation>Semilla para el jitter aleatorio (por defecto 1).</translation>
    </message>
    <message>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <source>Up to MS virtual milliseconds of random extra delay after each step (default 0).</source>
        <translation>Hasta MS milisegundos virtuales de retardo extra aleatorio tras cada paso (por defecto 0).</translation>
    </message>
    <message>
        <source>MS</source>
        <translation>MS</translation>
    </message>
    <message>
        <source>Real milliseconds per virtual millisecond (default 0.01: a 100 ms delay takes 1 ms).</source>
        <translation>Milisegundos reales por milisegundo virtual (por defecto 0.01: un retardo de 100 ms tarda 1 ms).</translation>
    </message>
    <message>
        <source>X</source>
        <translation>X</translation>
    </message>
    <message>
        <source>interleave-cli: --%1: expected a whole number</source>
        <translation>interleave-cli: --%1: se esperaba un número entero</translation>
    </message>
    <message>
        <source>%1 of %2 trials in %3 ms (mean %4 ms per trial) · seed %5 · jitter %6 ms · time scale %7%8</source>
        <translation>%1 de %2 ensayos en %3 ms (media %4 ms por ensayo) · semilla %5 · jitter %6 ms · escala de tiempo %7%8</translation>
    </message>
    <message>
        <source> · CANCELLED</source>
        <translation> · CANCELADO</translation>
    </message>
    <message>
        <source>Outcomes:</source>
        <translation>Resultados:</translation>
    </message>
    <message>
        <source>count</source>
        <translation>número</translation>
    </message>
    <message>
        <source>share</source>
        <translation>proporción</translation>
    </message>
    <message>
        <source>rules</source>
        <translation>reglas</translation>
    </message>
    <message>
        <source>outcome  [example schedule]</source>
        <translation>resultado  [planificación de ejemplo]</translation>
    </message>
    <message>
        <source>Anomalies:</source>
        <translation>Anomalías:</translation>
    </message>
    <message>
        <source>  lost updates: %1 trials of %2 end below the expected %3; %4 lost in all (mean %5 per trial)</source>
        <translation>  actualizaciones perdidas: %1 de %2 ensayos acaban por debajo del %3 esperado; %4 perdidos en total (media %5 por ensayo)</translation>
    </message>
    <message>
        <source>  ✗ %1: broken in %2 of %3 trials</source>
        <translation>  ✗ %1: incumplida en %2 de %3 ensayos</translation>
    </message>
    <message>
        <source>      e.g. [%1], step %2: %3</source>
        <translation>      p. ej. [%1], paso %2: %3</translation>
    </message>
    <message>
        <source>  %1: in %2 trials</source>
        <translation>  %1: en %2 ensayos</translation>
    </message>
    <message>
        <source>  deadlock: %1 trials ended with every request waiting forever</source>
        <translation>  interbloqueo: %1 ensayos acabaron con todas las peticiones esperando para siempre</translation>
    </message>
    <message>
        <source>  none</source>
        <translation>  ninguna</translation>
    </message>
    <message>
        <source>Errors per actor:</source>
        <translation>Errores por actor:</translation>
    </message>
    <message>
        <source>  %1: %2 ×%3</source>
        <translation>  %1: %2 ×%3</translation>
    </message>
    <message>
        <source>Successes %1 · errors %2%3 · mean run %4 ms</source>
        <translation>Éxitos %1 · errores %2%3 · ejecución media %4 ms</translation>
    </message>
    <message>
        <source> · retries %1</source>
        <translation> · reintentos %1</translation>
    </message>
    <message>
        <source>The moves, for example &quot;A B A B&quot;: a request&apos;s letter moves it one step, ~ lets time pass to the next deadline.</source>
        <translation>Los movimientos, por ejemplo &quot;A B A B&quot;: la letra de una petición la avanza un paso, ~ deja pasar el tiempo hasta el siguiente plazo.</translation>
    </message>
    <message>
        <source>MOVES</source>
        <translation>MOVIMIENTOS</translation>
    </message>
    <message>
        <source>interleave-cli: step: missing --schedule (for example --schedule &quot;A B A B&quot;)</source>
        <translation>interleave-cli: step: falta --schedule (por ejemplo --schedule &quot;A B A B&quot;)</translation>
    </message>
    <message>
        <source>Schedule: %1</source>
        <translation>Planificación: %1</translation>
    </message>
    <message>
        <source>(no moves)</source>
        <translation>(sin movimientos)</translation>
    </message>
    <message>
        <source>Final state (t=%1 ms):</source>
        <translation>Estado final (t=%1 ms):</translation>
    </message>
    <message>
        <source>      broken at step %1: %2</source>
        <translation>      incumplida en el paso %1: %2</translation>
    </message>
    <message>
        <source>  lost update: step %1 (%2) overwrote step %3 (%4)</source>
        <translation>  actualización perdida: el paso %1 (%2) sobrescribió el paso %3 (%4)</translation>
    </message>
    <message>
        <source>  deadlock: %1 wait for each other; the database rolled back %2</source>
        <translation>  interbloqueo: %1 se esperan mutuamente; la base de datos revirtió %2</translation>
    </message>
    <message>
        <source>  deadlock: %1 wait for each other forever</source>
        <translation>  interbloqueo: %1 se esperan mutuamente para siempre</translation>
    </message>
    <message numerus="yes">
        <source>Finished after %n move(s): %1</source>
        <translation>
            <numerusform>Terminado tras %n movimiento: %1</numerusform>
            <numerusform>Terminado tras %n movimientos: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stuck after %n move(s): every request that is left waits forever.</source>
        <translation>
            <numerusform>Atascado tras %n movimiento: todas las peticiones que quedan esperan para siempre.</numerusform>
            <numerusform>Atascado tras %n movimientos: todas las peticiones que quedan esperan para siempre.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not finished after %n move(s). Possible next moves: %1</source>
        <translation>
            <numerusform>Sin terminar tras %n movimiento. Posibles movimientos siguientes: %1</numerusform>
            <numerusform>Sin terminar tras %n movimientos. Posibles movimientos siguientes: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>still running</source>
        <translation>sigue en ejecución</translation>
    </message>
    <message>
        <source>done</source>
        <translation>terminó</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>falló</translation>
    </message>
    <message>
        <source>%1 = %2 (one per server instance)</source>
        <translation>%1 = %2 (uno por instancia de servidor)</translation>
    </message>
    <message>
        <source>%1: %2 (expected %3)</source>
        <translation>%1: %2 (se esperaba %3)</translation>
    </message>
    <message>
        <source>Export a timeline (PNG, SVG, PDF), a Perfetto trace or the wait-for graph (DOT) without a window.</source>
        <translation>Exportar una línea de tiempo (PNG, SVG, PDF), una traza de Perfetto o el grafo de espera (DOT) sin ventana.</translation>
    </message>
    <message>
        <source>missing verb (expected %1; see interleave-cli --help)</source>
        <translation>falta el verbo (se esperaba %1; consulta interleave-cli --help)</translation>
    </message>
    <message>
        <source>  ← overwrites step %1, a write it never saw: lost update</source>
        <translation>  ← sobrescribe el paso %1, una escritura que nunca vio: actualización perdida</translation>
    </message>
    <message>
        <source>  ← lost: step %1 overwrites it</source>
        <translation>  ← perdida: el paso %1 la sobrescribe</translation>
    </message>
    <message>
        <source>Rules (checked now, before the run has finished):</source>
        <translation>Reglas (comprobadas ahora, antes de que termine la ejecución):</translation>
    </message>
    <message>
        <source>interleave-cli: --%1 &quot;%2&quot;: expected a whole number from %3 to %4</source>
        <translation>interleave-cli: --%1 &quot;%2&quot;: se esperaba un número entero de %3 a %4</translation>
    </message>
    <message>
        <source>Follow only schedules with at most N preemptions, like LOOM_MAX_PREEMPTIONS (default: no bound).</source>
        <translation>Seguir solo planificaciones con como mucho N expropiaciones, como LOOM_MAX_PREEMPTIONS (por defecto: sin límite).</translation>
    </message>
    <message>
        <source>Stop after N distinct states and report what was covered (default 5000000; 0: no limit).</source>
        <translation>Parar tras N estados distintos e informar de lo cubierto (por defecto 5000000; 0: sin límite).</translation>
    </message>
    <message>
        <source>Stop after MS milliseconds and report what was covered (default: no limit).</source>
        <translation>Parar tras MS milisegundos e informar de lo cubierto (por defecto: sin límite).</translation>
    </message>
    <message>
        <source>exploring: %1 states, %2 moves… (Ctrl+C stops and shows what was covered)</source>
        <translation>explorando: %1 estados, %2 movimientos… (Ctrl+C detiene y muestra lo cubierto)</translation>
    </message>
    <message>
        <source>%1 distinct states, %2 moves in %3 ms%4</source>
        <translation>%1 estados distintos, %2 movimientos en %3 ms%4</translation>
    </message>
    <message>
        <source> · at most %1 preemptions</source>
        <translation> · como mucho %1 expropiaciones</translation>
    </message>
    <message>
        <source>Interleavings: %1%2</source>
        <translation>Entrelazados: %1%2</translation>
    </message>
    <message>
        <source> (complete: every schedule followed to its end)</source>
        <translation> (completo: cada planificación seguida hasta el final)</translation>
    </message>
    <message>
        <source>Some counts exceed 2^128 and are shown as &quot;more than&quot;; they never wrap round.</source>
        <translation>Algunos recuentos superan 2^128 y se muestran como «más de»; nunca desbordan.</translation>
    </message>
    <message>
        <source>%1, then round and round: %2</source>
        <translation>%1, y luego una y otra vez: %2</translation>
    </message>
    <message>
        <source>  simplest: 1 preemption</source>
        <translation>  la más simple: 1 expropiación</translation>
    </message>
    <message>
        <source>  simplest: %1 preemptions</source>
        <translation>  la más simple: %1 expropiaciones</translation>
    </message>
    <message>
        <source>  none finished within the budget</source>
        <translation>  ninguna terminó dentro del presupuesto</translation>
    </message>
    <message>
        <source>1 preemption</source>
        <translation>1 expropiación</translation>
    </message>
    <message>
        <source>%1 preemptions</source>
        <translation>%1 expropiaciones</translation>
    </message>
    <message>
        <source>Simplest counterexample: %1 (%2, %3 moves): %4</source>
        <translation>Contraejemplo más simple: %1 (%2, %3 movimientos): %4</translation>
    </message>
    <message>
        <source>File to write (required). Its suffix picks the format unless --format is given.</source>
        <translation>Archivo que escribir (obligatorio). Su extensión elige el formato salvo que se indique --format.</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>ARCHIVO</translation>
    </message>
    <message>
        <source>png, svg, pdf (the timeline with caption and legend), perfetto (trace JSON for ui.perfetto.dev) or dot (the wait-for graph).</source>
        <translation>png, svg, pdf (la línea de tiempo con título y leyenda), perfetto (JSON de traza para ui.perfetto.dev) o dot (el grafo de espera).</translation>
    </message>
    <message>
        <source>FORMAT</source>
        <translation>FORMATO</translation>
    </message>
    <message>
        <source>Moves to replay, for example &quot;A B A ~ B&quot; (default: every request in turn).</source>
        <translation>Movimientos que reproducir, por ejemplo &quot;A B A ~ B&quot; (por defecto: cada petición por turnos).</translation>
    </message>
    <message>
        <source>Replay the explorer&apos;s simplest schedule that breaks a rule.</source>
        <translation>Reproducir la planificación más simple del explorador que incumple una regla.</translation>
    </message>
    <message>
        <source>PNG resolution: device pixels per pixel, 1 to 4 (default 2; use 3 for large slides).</source>
        <translation>Resolución del PNG: píxeles del dispositivo por píxel, de 1 a 4 (por defecto 2; usa 3 para diapositivas grandes).</translation>
    </message>
    <message>
        <source>light (default) or presenter (large type, high contrast, thick lines).</source>
        <translation>light (por defecto) o presenter (letra grande, alto contraste, líneas gruesas).</translation>
    </message>
    <message>
        <source>THEME</source>
        <translation>TEMA</translation>
    </message>
    <message>
        <source>Only logical steps FROM to TO of the timeline, for example 2:6 (default: all).</source>
        <translation>Solo los pasos lógicos DESDE a HASTA de la línea de tiempo, por ejemplo 2:6 (por defecto: todos).</translation>
    </message>
    <message>
        <source>FROM:TO</source>
        <translation>DESDE:HASTA</translation>
    </message>
    <message>
        <source>Show the state after N moves: the timeline&apos;s cursor and the wait-for graph (default: the end).</source>
        <translation>Mostrar el estado tras N movimientos: el cursor de la línea de tiempo y el grafo de espera (por defecto: el final).</translation>
    </message>
    <message>
        <source>Picture width in pixels (default: fits the timeline).</source>
        <translation>Ancho de la imagen en píxeles (por defecto: el que necesite la línea de tiempo).</translation>
    </message>
    <message>
        <source>PIXELS</source>
        <translation>PÍXELES</translation>
    </message>
    <message>
        <source>needs a QGuiApplication (internal error)</source>
        <translation>necesita una QGuiApplication (error interno)</translation>
    </message>
    <message>
        <source>cannot tell the format from &quot;%1&quot;: give --format png|svg|pdf|perfetto|dot</source>
        <translation>no se puede deducir el formato a partir de &quot;%1&quot;: indica --format png|svg|pdf|perfetto|dot</translation>
    </message>
    <message>
        <source>--scale &quot;%1&quot;: expected a number from 1 to 4</source>
        <translation>--scale &quot;%1&quot;: se esperaba un número de 1 a 4</translation>
    </message>
    <message>
        <source>--theme &quot;%1&quot;: expected light or presenter</source>
        <translation>--theme &quot;%1&quot;: se esperaba light o presenter</translation>
    </message>
    <message>
        <source>--width &quot;%1&quot;: expected pixels from 200 to 20000</source>
        <translation>--width &quot;%1&quot;: se esperaban de 200 a 20000 píxeles</translation>
    </message>
    <message>
        <source>no schedule breaks a rule under %1 · %2: nothing to show as a counterexample</source>
        <translation>ninguna planificación incumple una regla con %1 · %2: no hay contraejemplo que mostrar</translation>
    </message>
    <message>
        <source>--cursor &quot;%1&quot;: expected a move number from 0 to %2</source>
        <translation>--cursor &quot;%1&quot;: se esperaba un número de movimiento de 0 a %2</translation>
    </message>
    <message numerus="yes">
        <source>%n trace event(s)</source>
        <translation>
            <numerusform>%n evento de traza</numerusform>
            <numerusform>%n eventos de traza</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>wait-for graph after %n move(s)</source>
        <translation>
            <numerusform>grafo de espera tras %n movimiento</numerusform>
            <numerusform>grafo de espera tras %n movimientos</numerusform>
        </translation>
    </message>
    <message>
        <source>--range &quot;%1&quot;: expected FROM:TO with FROM &lt; TO, for example 2:6</source>
        <translation>--range &quot;%1&quot;: se esperaba DESDE:HASTA con DESDE &lt; HASTA, por ejemplo 2:6</translation>
    </message>
    <message>
        <source>%1 × %2 px</source>
        <translation>%1 × %2 px</translation>
    </message>
    <message>
        <source>Wrote %1 (%2; schedule %3)</source>
        <translation>Escrito %1 (%2; planificación %3)</translation>
    </message>
    <message>
        <source>Export a saved session (.interleave): its scenario, fix, model, parameters, moves and cursor.</source>
        <translation>Exportar una sesión guardada (.interleave): su escenario, solución, modelo, parámetros, movimientos y cursor.</translation>
    </message>
    <message>
        <source>give one of --schedule, --counterexample and --session-file</source>
        <translation>indica una sola de --schedule, --counterexample y --session-file</translation>
    </message>
    <message>
        <source>Replay an example: %1</source>
        <translation>Reproducir un ejemplo: %1</translation>
    </message>
    <message>
        <source>interleave-cli: --%1 &quot;%2&quot;: expected a size from 1M to 1024T, for example 512M or 2G</source>
        <translation>interleave-cli: --%1 «%2»: se esperaba un tamaño de 1M a 1024T, por ejemplo 512M o 2G</translation>
    </message>
    <message>
        <source>Stop before the explorer uses more than SIZE (512M, 2G…) and report what was covered (default: half the physical memory).</source>
        <translation>Detenerse antes de que el explorador use más de TAMAÑO (512M, 2G…) e informar de lo cubierto (por defecto: la mitad de la memoria física).</translation>
    </message>
    <message>
        <source>SIZE</source>
        <translation>TAMAÑO</translation>
    </message>
    <message>
        <source>Replay it: %1</source>
        <translation>Reprodúcelo: %1</translation>
    </message>
    <message>
        <source>Database: mysql (InnoDB) or postgres (default: the scenario&apos;s, usually mysql).</source>
        <translation>Base de datos: mysql (InnoDB) o postgres (por defecto: la del escenario, normalmente mysql).</translation>
    </message>
    <message>
        <source>FLAVOUR</source>
        <translation>BASE</translation>
    </message>
    <message>
        <source>Isolation level: ru, rc, rr or ser (default: the scenario&apos;s, usually rr).</source>
        <translation>Nivel de aislamiento: ru, rc, rr o ser (por defecto: el del escenario, normalmente rr).</translation>
    </message>
    <message>
        <source>LEVEL</source>
        <translation>NIVEL</translation>
    </message>
    <message>
        <source>
Options every verb takes: --scenario ID|FILE, --strategy ID, --model MODEL, --db FLAVOUR, --isolation LEVEL,
--param NAME=VALUE, --json.
Run &quot;interleave-cli &lt;verb&gt; --help&quot; for a verb&apos;s own options.
</source>
        <translation>
Opciones que acepta todo verbo: --scenario ID|ARCHIVO, --strategy ID, --model MODELO, --db BASE, --isolation NIVEL,
--param NOMBRE=VALOR, --json.
Ejecuta &quot;interleave-cli &lt;verbo&gt; --help&quot; para ver las opciones propias de un verbo.
</translation>
    </message>
    <message>
        <source>Explore Hermitage&apos;s anomalies under every database and isolation level: the Markdown table of docs/isolation-table.md.</source>
        <translation>Explorar las anomalías de Hermitage con cada base de datos y nivel de aislamiento: la tabla Markdown de docs/isolation-table.md.</translation>
    </message>
    <message>
        <source>possible</source>
        <translation>posible</translation>
    </message>
    <message>
        <source>prevented</source>
        <translation>impedida</translation>
    </message>
    <message>
        <source>prevented (%1)</source>
        <translation>impedida (%1)</translation>
    </message>
    <message>
        <source>Anomaly</source>
        <translation>Anomalía</translation>
    </message>
    <message>
        <source>%1&lt;br&gt;Hermitage: %2</source>
        <translation>%1&lt;br&gt;Hermitage: %2</translation>
    </message>
    <message>
        <source>The model agrees with every result Hermitage published.</source>
        <translation>El modelo coincide con todos los resultados que publicó Hermitage.</translation>
    </message>
    <message>
        <source>Differences from Hermitage: %1</source>
        <translation>Diferencias con Hermitage: %1</translation>
    </message>
    <message>
        <source>Cannot go wrong here: %1.</source>
        <translation>Aquí no puede salir mal: %1.</translation>
    </message>
    <message>
        <source>Handout: a title page and one page per move of the schedule, as a PDF (out.pdf) or a numbered PNG series (a folder, or out-%03d.png).</source>
        <translation>Material impreso: una portada y una página por movimiento de la planificación, como PDF (out.pdf) o serie numerada de PNG (una carpeta, o out-%03d.png).</translation>
    </message>
    <message>
        <source>FILE|DIR</source>
        <translation>ARCHIVO|CARPETA</translation>
    </message>
    <message>
        <source>Exercise sheet: the code and an empty move grid to draw a schedule on (PDF or PNG).</source>
        <translation>Hoja de ejercicios: el código y una cuadrícula de movimientos vacía para dibujar una planificación (PDF o PNG).</translation>
    </message>
    <message>
        <source>Answer sheet: every outcome that breaks a rule with its simplest schedule (explores every interleaving; PDF or PNG).</source>
        <translation>Hoja de soluciones: cada resultado que incumple una regla con su planificación más sencilla (explora todos los entrelazados; PDF o PNG).</translation>
    </message>
    <message>
        <source>Handout paper: a4 or letter (default: letter in the United States, a4 elsewhere).</source>
        <translation>Papel del material impreso: a4 o letter (por defecto: letter en Estados Unidos, a4 en los demás países).</translation>
    </message>
    <message>
        <source>Wrote %1 (%2, pages: %3)</source>
        <translation>Escrito %1 (%2, páginas: %3)</translation>
    </message>
    <message>
        <source>%1 … %2</source>
        <translation>%1 … %2</translation>
    </message>
    <message>
        <source>missing -o FILE (or --pages, --worksheet, --answers)</source>
        <translation>falta -o ARCHIVO (o --pages, --worksheet, --answers)</translation>
    </message>
    <message>
        <source>The built-in course of challenges: list, show ID, check ID --schedule MOVES or --predict VALUES, hint ID.</source>
        <translation>El curso incorporado de retos: list, show ID, check ID --schedule MOVIMIENTOS o --predict VALORES, hint ID.</translation>
    </message>
    <message>
        <source>Forecast: %1</source>
        <translation>Pronóstico: %1</translation>
    </message>
    <message>
        <source>Point of no return: %1</source>
        <translation>Punto de no retorno: %1</translation>
    </message>
    <message>
        <source>list, show ID, check ID or hint ID.</source>
        <translation>list, show ID, check ID o hint ID.</translation>
    </message>
    <message>
        <source>check: the moves, for example &quot;A B A B&quot; (~ lets time pass).</source>
        <translation>check: los movimientos, por ejemplo &quot;A B A B&quot; (~ deja pasar el tiempo).</translation>
    </message>
    <message>
        <source>check: every final value you think is possible, for example &quot;1100, 1200&quot;.</source>
        <translation>check: cada valor final que creas posible, por ejemplo &quot;1100, 1200&quot;.</translation>
    </message>
    <message>
        <source>VALUES</source>
        <translation>VALORES</translation>
    </message>
    <message>
        <source>check: which of the offered variants the schedule runs on (1, 2, …), for a &quot;make the fix fail&quot; challenge.</source>
        <translation>check: en cuál de las variantes ofrecidas se ejecuta la planificación (1, 2, …), para un reto «haz fallar la corrección».</translation>
    </message>
    <message>
        <source>hint: 1 names the line where the race is, 2 the simplest counterexample&apos;s first preemption, higher levels the challenge&apos;s own hints.</source>
        <translation>hint: 1 nombra la línea de la carrera, 2 la primera interrupción del contraejemplo más simple, los niveles superiores las pistas propias del reto.</translation>
    </message>
    <message>
        <source>Goal: %1</source>
        <translation>Objetivo: %1</translation>
    </message>
    <message>
        <source>Scenario: %1</source>
        <translation>Escenario: %1</translation>
    </message>
    <message>
        <source>What it teaches: %1</source>
        <translation>Qué enseña: %1</translation>
    </message>
    <message>
        <source>interleave-cli: challenge: warning: %1</source>
        <translation>interleave-cli: challenge: aviso: %1</translation>
    </message>
    <message>
        <source>Solved.</source>
        <translation>Resuelto.</translation>
    </message>
    <message>
        <source>Not yet.</source>
        <translation>Todavía no.</translation>
    </message>
    <message>
        <source>this challenge is solved with --predict &quot;VALUES&quot;</source>
        <translation>este reto se resuelve con --predict &quot;VALORES&quot;</translation>
    </message>
    <message>
        <source>this challenge is solved with --schedule &quot;MOVES&quot;</source>
        <translation>este reto se resuelve con --schedule &quot;MOVIMIENTOS&quot;</translation>
    </message>
    <message>
        <source>--choice: must be a number from 1 to %1</source>
        <translation>--choice: debe ser un número de 1 a %1</translation>
    </message>
    <message>
        <source>--level: must be a number from 1 to %1</source>
        <translation>--level: debe ser un número de 1 a %1</translation>
    </message>
    <message>
        <source>expected list, show ID, check ID or hint ID</source>
        <translation>se esperaba list, show ID, check ID o hint ID</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelado</translation>
    </message>
    <message>
        <source>Observed on real servers</source>
        <translation>Observado en servidores reales</translation>
    </message>
    <message>
        <source>Observed on %1</source>
        <translation>Observado en %1</translation>
    </message>
    <message>
        <source>--db-url: the isolation table needs MariaDB or PostgreSQL</source>
        <translation>--db-url: la tabla de aislamiento necesita MariaDB o PostgreSQL</translation>
    </message>
    <message>
        <source>not run (use --servers or --db-url)</source>
        <translation>no ejecutado (use --servers o --db-url)</translation>
    </message>
    <message>
        <source>differs: %1</source>
        <translation>difiere: %1</translation>
    </message>
    <message>
        <source>Also run Hermitage&apos;s schedules on private MariaDB and PostgreSQL servers and compare.</source>
        <translation>Ejecutar también los órdenes de Hermitage en servidores privados de MariaDB y PostgreSQL y comparar.</translation>
    </message>
    <message>
        <source>Run on this server instead of a private one: mysql://…, postgres://… or a socket path (repeatable).</source>
        <translation>Ejecutar en este servidor en lugar de uno privado: mysql://…, postgres://… o la ruta de un socket (repetible).</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>The real servers agree with the model on every Hermitage schedule: the same values read, the same waits, the same errors and the same final rows.</source>
        <translation>Los servidores reales coinciden con el modelo en cada orden de Hermitage: los mismos valores leídos, las mismas esperas, los mismos errores y las mismas filas finales.</translation>
    </message>
    <message>
        <source>Where the real servers differ from the model: %1</source>
        <translation>Donde los servidores reales difieren del modelo: %1</translation>
    </message>
    <message>
        <source>the trials that ran are above</source>
        <translation>los ensayos realizados están arriba</translation>
    </message>
    <message>
        <source>what was explored until then is above</source>
        <translation>lo explorado hasta entonces está arriba</translation>
    </message>
    <message>
        <source>%1 not written</source>
        <translation>no se ha escrito %1</translation>
    </message>
    <message>
        <source>cancelled by %1; %2</source>
        <translation>cancelado con %1; %2</translation>
    </message>
    <message>
        <source>%1 (no SQL yet for %2)</source>
        <translation>%1 (aún sin SQL para %2)</translation>
    </message>
    <message>
        <source>agrees (%1 of %2)</source>
        <translation>coincide (%1 de %2)</translation>
    </message>
    <message>
        <source>not run: %1</source>
        <translation>no ejecutado: %1</translation>
    </message>
    <message>
        <source>Not run on the real servers (a step has no SQL translation yet): %1 of the schedules.</source>
        <translation>No ejecutado en los servidores reales (un paso aún no tiene traducción a SQL): %1 de las planificaciones.</translation>
    </message>
    <message>
        <source>not run: no SQL yet for %1</source>
        <translation>no ejecutado: aún no hay SQL para %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has no SQL translation yet</source>
        <translation>«%1» aún no tiene traducción a SQL</translation>
    </message>
    <message>
        <source>the step has no SQL translation</source>
        <translation>el paso no tiene traducción a SQL</translation>
    </message>
    <message>
        <source>line %1 &quot;%2&quot;</source>
        <translation>línea %1 «%2»</translation>
    </message>
    <message>
        <source>Where the database steps run: model (default), mariadb or postgres (a private server is started unless --db-url names one).</source>
        <translation>Dónde se ejecutan los pasos de base de datos: model (predeterminado), mariadb o postgres (se inicia un servidor privado salvo que --db-url indique uno).</translation>
    </message>
    <message>
        <source>BACKEND</source>
        <translation>BACKEND</translation>
    </message>
    <message>
        <source>A running server to use instead of a private one: mysql://user:password@host:port/db, postgres://…, or a socket path.</source>
        <translation>Un servidor en marcha en lugar de uno privado: mysql://usuario:contraseña@host:puerto/db, postgres://… o la ruta de un socket.</translation>
    </message>
    <message>
        <source>Ran on %1, %2.</source>
        <translation>Ejecutado en %1, %2.</translation>
    </message>
    <message>
        <source>--backend &quot;%1&quot;: expected model, mariadb or postgres</source>
        <translation>--backend «%1»: se esperaba model, mariadb o postgres</translation>
    </message>
    <message>
        <source>--db-url: run and step need MariaDB or PostgreSQL, not Redis</source>
        <translation>--db-url: run y step necesitan MariaDB o PostgreSQL, no Redis</translation>
    </message>
    <message>
        <source>--db-url needs --backend mariadb or postgres, not model</source>
        <translation>--db-url necesita --backend mariadb o postgres, no model</translation>
    </message>
    <message>
        <source>--db-url is a %1 server, but --backend is %2</source>
        <translation>--db-url es un servidor %1, pero --backend es %2</translation>
    </message>
    <message>
        <source>--backend %1 runs the %2 flavour of the model; --db %3 does not match (leave --db out, or choose the other backend)</source>
        <translation>--backend %1 ejecuta la variante %2 del modelo; --db %3 no coincide (omita --db o elija el otro backend)</translation>
    </message>
    <message>
        <source>%1 runs it, so the model runs the %2 flavour too (as --db %3).</source>
        <translation>Lo ejecuta %1, así que el modelo también usa la variante %2 (como --db %3).</translation>
    </message>
    <message>
        <source>move %1 (%2, %3): %4</source>
        <translation>movimiento %1 (%2, %3): %4</translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation>%1, %2: %3</translation>
    </message>
    <message>
        <source>this variant has no database steps: there is nothing for a server to run (use the model: --backend model)</source>
        <translation>esta variante no tiene pasos de base de datos: un servidor no tendría nada que ejecutar (use el modelo: --backend model)</translation>
    </message>
    <message>
        <source>--backend %1: %2 (./setup test installs the servers; or give a running one with --db-url)</source>
        <translation>--backend %1: %2 (./setup test instala los servidores; o indique uno en marcha con --db-url)</translation>
    </message>
    <message>
        <source>--backend %1: %2</source>
        <translation>--backend %1: %2</translation>
    </message>
    <message>
        <source>a private server (started in %1 s, removed at exit)</source>
        <translation>un servidor privado (iniciado en %1 s, eliminado al salir)</translation>
    </message>
    <message>
        <source>--db-url: %1 does not answer: %2</source>
        <translation>--db-url: %1 no responde: %2</translation>
    </message>
    <message numerus="yes">
        <source>✓ %1 agrees with the model on all %n observation(s): values read, rows changed, waits, errors and final rows.</source>
        <translation>
            <numerusform>✓ %1 coincide con el modelo en la única observación: valores leídos, filas cambiadas, esperas, errores y filas finales.</numerusform>
            <numerusform>✓ %1 coincide con el modelo en las %n observaciones: valores leídos, filas cambiadas, esperas, errores y filas finales.</numerusform>
        </translation>
    </message>
    <message>
        <source>✗✗ MODEL ERROR: %1 did not do what the model says. The server is the truth:</source>
        <translation>✗✗ ERROR DEL MODELO: %1 no hizo lo que dice el modelo. El servidor es la verdad:</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n trial(s), e.g. [%2])</source>
        <translation>
            <numerusform>%1 (una prueba, p. ej. [%2])</numerusform>
            <numerusform>%1 (%n pruebas, p. ej. [%2])</numerusform>
        </translation>
    </message>
    <message>
        <source>On %1: %2 trials in %3 s, %4 trials per second; every statement in lockstep with the model.</source>
        <translation>En %1: %2 pruebas en %3 s, %4 pruebas por segundo; cada sentencia al paso del modelo.</translation>
    </message>
    <message>
        <source>  The server could not run a trial: %1</source>
        <translation>  El servidor no pudo ejecutar una prueba: %1</translation>
    </message>
    <message>
        <source>  ✓ In every trial the server read, changed, waited and failed as the model did, and ended with the same rows.</source>
        <translation>  ✓ En cada prueba el servidor leyó, cambió, esperó y falló como el modelo, y terminó con las mismas filas.</translation>
    </message>
    <message numerus="yes">
        <source>  ✓ Each of the %n observed outcome(s) is one the explorer says is possible (it finds %1).</source>
        <translation>
            <numerusform>  ✓ El único resultado observado es posible según el explorador (encuentra %1).</numerusform>
            <numerusform>  ✓ Cada uno de los %n resultados observados es posible según el explorador (encuentra %1).</numerusform>
        </translation>
    </message>
    <message>
        <source>  ✗✗ MODEL ERROR: observed, but the explorer says it is impossible: %1</source>
        <translation>  ✗✗ ERROR DEL MODELO: observado, pero según el explorador es imposible: %1</translation>
    </message>
    <message>
        <source>  The explorer could not list every possible outcome (%1 states in %2 s); of the %3 observed outcomes %4 are among those it reached and %5 more replay in the model from their own schedule.</source>
        <translation>  El explorador no pudo enumerar todos los resultados posibles (%1 estados en %2 s); de los %3 resultados observados, %4 están entre los que alcanzó y %5 más se reproducen en el modelo desde su propia planificación.</translation>
    </message>
    <message>
        <source>  ✗✗ MODEL ERROR: in %1 trials the server did not do what the model says; the server is the truth. First of them, outcome %2, schedule [%3]:</source>
        <translation>  ✗✗ ERROR DEL MODELO: en %1 pruebas el servidor no hizo lo que dice el modelo; el servidor es la verdad. La primera, resultado %2, planificación [%3]:</translation>
    </message>
</context>
<context>
    <name>CodePanel</name>
    <message>
        <source>Step %1   [%2]</source>
        <translation>Avanzar %1   [%2]</translation>
    </message>
    <message>
        <source>Step %1</source>
        <translation>Avanzar %1</translation>
    </message>
    <message>
        <source>✓ finished</source>
        <translation>✓ terminada</translation>
    </message>
    <message>
        <source>✗ failed: %1</source>
        <translation>✗ fallida: %1</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>lista</translation>
    </message>
    <message>
        <source>Run %1 up to its next scheduling point</source>
        <translation>Ejecutar %1 hasta su siguiente punto de planificación</translation>
    </message>
    <message>
        <source>ready to run line %1</source>
        <translation>lista para ejecutar la línea %1</translation>
    </message>
    <message>
        <source>◷ waiting for time: %1</source>
        <translation>◷ esperando al tiempo: %1</translation>
    </message>
    <message>
        <source>❚❚ blocked: %1</source>
        <translation>❚❚ bloqueada: %1</translation>
    </message>
</context>
<context>
    <name>CodePanelStrip</name>
    <message>
        <source>Let time pass  [~]</source>
        <translation>Dejar pasar el tiempo  [~]</translation>
    </message>
    <message>
        <source>Advance the clock to the next deadline: a pause or timer ends, a lock&apos;s TTL runs out, a lock wait times out.</source>
        <translation>Adelantar el reloj hasta el siguiente plazo: termina una pausa o un temporizador, se agota el TTL de un bloqueo, una espera de bloqueo excede su tiempo límite.</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Deshacer</translation>
    </message>
    <message>
        <source>Take back the last move (Ctrl+Z or Backspace)</source>
        <translation>Deshacer el último movimiento (Ctrl+Z o Retroceso)</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Rehacer</translation>
    </message>
    <message>
        <source>Replay the move taken back (Ctrl+Y)</source>
        <translation>Rehacer el movimiento deshecho (Ctrl+Y)</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Reiniciar</translation>
    </message>
    <message>
        <source>Back to the start, keeping the moves for redo (Home)</source>
        <translation>Volver al principio, conservando los movimientos para rehacer (Inicio)</translation>
    </message>
    <message>
        <source>Schedule: (no moves yet)</source>
        <translation>Planificación: (vacía)</translation>
    </message>
    <message>
        <source>Schedule: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Planificación: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Nobody can move and no deadline lies ahead: every remaining request waits forever.</source>
        <translation>Nadie puede moverse y no queda ningún plazo por delante: todas las peticiones restantes esperan para siempre.</translation>
    </message>
    <message>
        <source>Nobody can run until time passes: press ~ or T.</source>
        <translation>Nadie puede ejecutarse hasta que pase el tiempo: pulsa ~ o T.</translation>
    </message>
    <message numerus="yes">
        <source>Schedule (%n moves): … &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>
            <numerusform>Planificación (%n movimiento): … &lt;b&gt;%1&lt;/b&gt;</numerusform>
            <numerusform>Planificación (%n movimientos): … &lt;b&gt;%1&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;You are the scheduler:&lt;/b&gt; press Step (or 1–9) for whoever runs next, or &lt;b&gt;Show me the bug&lt;/b&gt;.</source>
        <translation>&lt;b&gt;Tú eres el planificador:&lt;/b&gt; pulsa Avanzar (o 1–9) para quien se ejecute a continuación, o &lt;b&gt;Muéstrame el error&lt;/b&gt;.</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>Business rules</source>
        <translation>Reglas de negocio</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Base de datos</translation>
    </message>
    <message>
        <source>Cell</source>
        <translation>Celda</translation>
    </message>
    <message>
        <source>Committed value</source>
        <translation>Valor confirmado</translation>
    </message>
    <message>
        <source>expected %1</source>
        <translation>esperado %1</translation>
    </message>
    <message>
        <source>✓ as expected</source>
        <translation>✓ lo esperado</translation>
    </message>
    <message>
        <source>✗ %1 missing</source>
        <translation>✗ faltan %1</translation>
    </message>
    <message>
        <source>✗ %1 too many</source>
        <translation>✗ %1 de más</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#666&apos;&gt;&lt;b&gt;…&lt;/b&gt; %1 &lt;i&gt;(checked when every request has finished)&lt;/i&gt;&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#666&apos;&gt;&lt;b&gt;…&lt;/b&gt; %1 &lt;i&gt;(se comprueba cuando todas las peticiones han terminado)&lt;/i&gt;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>broken at &lt;a href=&apos;event:%1&apos;&gt;move %2&lt;/a&gt;: %3</source>
        <translation>incumplida en el &lt;a href=&apos;event:%1&apos;&gt;movimiento %2&lt;/a&gt;: %3</translation>
    </message>
    <message>
        <source>Lost updates: &lt;b&gt;0&lt;/b&gt;</source>
        <translation>Actualizaciones perdidas: &lt;b&gt;0&lt;/b&gt;</translation>
    </message>
    <message>
        <source>%1&apos;s %2 = %3, overwritten by %4</source>
        <translation>%2 = %3 de %1, sobrescrito por %4</translation>
    </message>
    <message>
        <source>Lost updates: &lt;b&gt;%1&lt;/b&gt; — %2</source>
        <translation>Actualizaciones perdidas: &lt;b&gt;%1&lt;/b&gt; — %2</translation>
    </message>
    <message>
        <source>Written in the last move</source>
        <translation>Escrito en el último movimiento</translation>
    </message>
    <message>
        <source>%1 (instance %2 memory)</source>
        <translation>%1 (memoria de la instancia %2)</translation>
    </message>
    <message>
        <source>%1 (process memory)</source>
        <translation>%1 (memoria del proceso)</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2): %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2): %3</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>vacío</translation>
    </message>
    <message>
        <source>checked when every request has finished</source>
        <translation>se comprueba cuando todas las peticiones han terminado</translation>
    </message>
    <message>
        <source>✗ its rule is broken</source>
        <translation>✗ su regla está incumplida</translation>
    </message>
    <message>
        <source>… at the end</source>
        <translation>… al final</translation>
    </message>
</context>
<context>
    <name>EngineJobs</name>
    <message>
        <source>Exploring every interleaving…</source>
        <translation>Exploración de todos los entrelazados…</translation>
    </message>
    <message>
        <source>Running trials on real threads…</source>
        <translation>Ensayos en hilos reales…</translation>
    </message>
    <message>
        <source>Running once on real threads…</source>
        <translation>Una ejecución en hilos reales…</translation>
    </message>
    <message>
        <source>Comparing the fixes under load…</source>
        <translation>Comparación de las soluciones bajo carga…</translation>
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
        <translation>W %1=%2 token %3 rechazado</translation>
    </message>
    <message>
        <source>W %1=%2 rejected (token %3)</source>
        <translation>W %1=%2 rechazado (token %3)</translation>
    </message>
    <message>
        <source>W %1=%2 token %3</source>
        <translation>W %1=%2 token %3</translation>
    </message>
    <message>
        <source>W %1=%2 (token %3)</source>
        <translation>W %1=%2 (token %3)</translation>
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
        <translation>U %1: 0 filas</translation>
    </message>
    <message>
        <source>INSERT %1</source>
        <translation>INSERT %1</translation>
    </message>
    <message>
        <source>INSERT %1 duplicate</source>
        <translation>INSERT %1 duplicado</translation>
    </message>
    <message>
        <source>INSERT %1 into %2</source>
        <translation>INSERT %1 en %2</translation>
    </message>
    <message>
        <source>INSERT %1 into %2: duplicate</source>
        <translation>INSERT %1 en %2: duplicado</translation>
    </message>
    <message>
        <source>find %1: yes</source>
        <translation>buscar %1: sí</translation>
    </message>
    <message>
        <source>find %1: no</source>
        <translation>buscar %1: no</translation>
    </message>
    <message>
        <source>find %1 in %2: found</source>
        <translation>buscar %1 en %2: encontrado</translation>
    </message>
    <message>
        <source>find %1 in %2: none</source>
        <translation>buscar %1 en %2: ninguno</translation>
    </message>
    <message>
        <source>compute = %1</source>
        <translation>calcular = %1</translation>
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
        <translation>en pausa %1 ms</translation>
    </message>
    <message>
        <source>CPU %1 ms</source>
        <translation>CPU %1 ms</translation>
    </message>
    <message>
        <source>pause (%1 ms)</source>
        <translation>pausa (%1 ms)</translation>
    </message>
    <message>
        <source>CPU work (%1 ms)</source>
        <translation>trabajo de CPU (%1 ms)</translation>
    </message>
    <message>
        <source>resumes</source>
        <translation>continúa</translation>
    </message>
    <message>
        <source>resume</source>
        <translation>continuar</translation>
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
        <translation>espera %1</translation>
    </message>
    <message>
        <source>wait for %1</source>
        <translation>esperar a %1</translation>
    </message>
    <message>
        <source>acquire %1</source>
        <translation>obtener %1</translation>
    </message>
    <message>
        <source>lock %1 token %2</source>
        <translation>bloqueo %1 token %2</translation>
    </message>
    <message>
        <source>connection</source>
        <translation>conexión</translation>
    </message>
    <message>
        <source>lock %1</source>
        <translation>bloqueo %1</translation>
    </message>
    <message>
        <source>release %1</source>
        <translation>liberar %1</translation>
    </message>
    <message>
        <source>release conn.</source>
        <translation>liberar con.</translation>
    </message>
    <message>
        <source>unlock %1</source>
        <translation>desbloquear %1</translation>
    </message>
    <message>
        <source>release refused %1</source>
        <translation>liberación rechazada %1</translation>
    </message>
    <message>
        <source>denied %1</source>
        <translation>%1 denegado</translation>
    </message>
    <message>
        <source>%1 not its own</source>
        <translation>%1 no es suyo</translation>
    </message>
    <message>
        <source>%1 no longer held</source>
        <translation>%1 ya no lo tiene</translation>
    </message>
    <message>
        <source>%1 busy</source>
        <translation>%1 ocupado</translation>
    </message>
    <message>
        <source>%1 expired</source>
        <translation>%1 caducado</translation>
    </message>
    <message>
        <source>lease %1 expired</source>
        <translation>lease %1 caducado</translation>
    </message>
    <message>
        <source>enqueue</source>
        <translation>encolar</translation>
    </message>
    <message>
        <source>enqueue on %1</source>
        <translation>encolar en %1</translation>
    </message>
    <message>
        <source>job done</source>
        <translation>trabajo hecho</translation>
    </message>
    <message>
        <source>job done on %1</source>
        <translation>trabajo hecho en %1</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>error: %1</translation>
    </message>
    <message>
        <source>done</source>
        <translation>terminó</translation>
    </message>
    <message>
        <source>DEADLOCK: victim</source>
        <translation>INTERBLOQUEO: víctima</translation>
    </message>
    <message>
        <source>deadlock: victim</source>
        <translation>interbloqueo: víctima</translation>
    </message>
    <message>
        <source>timeout</source>
        <translation>tiempo agotado</translation>
    </message>
    <message>
        <source>lock wait timeout</source>
        <translation>tiempo de espera de bloqueo agotado</translation>
    </message>
    <message>
        <source>RULE BROKEN: %1</source>
        <translation>REGLA INCUMPLIDA: %1</translation>
    </message>
    <message>
        <source>rule broken: %1</source>
        <translation>regla incumplida: %1</translation>
    </message>
    <message>
        <source>RULE BROKEN</source>
        <translation>REGLA INCUMPLIDA</translation>
    </message>
    <message>
        <source>rule broken</source>
        <translation>regla incumplida</translation>
    </message>
    <message>
        <source>stale write!</source>
        <translation>¡escritura obsoleta!</translation>
    </message>
    <message>
        <source>stale write after lease expiry</source>
        <translation>escritura obsoleta tras caducar el lease</translation>
    </message>
    <message>
        <source>deleted another&apos;s lock!</source>
        <translation>¡borró el bloqueo de otro!</translation>
    </message>
    <message>
        <source>released a lock it did not own</source>
        <translation>liberó un bloqueo que no era suyo</translation>
    </message>
    <message>
        <source>stale token rejected</source>
        <translation>token obsoleto rechazado</translation>
    </message>
    <message>
        <source>anomaly</source>
        <translation>anomalía</translation>
    </message>
</context>
<context>
    <name>ExplorerResult</name>
    <message>
        <source>The explorer ran out of memory.</source>
        <translation>El explorador se quedó sin memoria.</translation>
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
        <translation>se canceló</translation>
    </message>
    <message>
        <source>the state budget ran out</source>
        <translation>se agotó el presupuesto de estados</translation>
    </message>
    <message>
        <source>the time budget ran out</source>
        <translation>se agotó el presupuesto de tiempo</translation>
    </message>
    <message>
        <source>the memory ran out</source>
        <translation>se agotó la memoria</translation>
    </message>
    <message>
        <source>the memory budget of %1 was reached</source>
        <translation>se alcanzó el presupuesto de memoria de %1</translation>
    </message>
    <message>
        <source>schedules with more than 1 preemption were not followed</source>
        <translation>no se siguieron las planificaciones con más de 1 expropiación</translation>
    </message>
    <message>
        <source>schedules with more than %1 preemptions were not followed</source>
        <translation>no se siguieron las planificaciones con más de %1 expropiaciones</translation>
    </message>
    <message>
        <source>Incomplete: %1. Covered %2 states; the interleavings were not counted.</source>
        <translation>Incompleto: %1. Se cubrieron %2 estados; los entrelazados no se contaron.</translation>
    </message>
    <message>
        <source>Incomplete: %1. Covered %2 states; %3 interleavings were followed to their end.</source>
        <translation>Incompleto: %1. Se cubrieron %2 estados; %3 entrelazados se siguieron hasta el final.</translation>
    </message>
    <message>
        <source>%1 schedule prefixes were left unexplored.</source>
        <translation>%1 prefijos de planificación quedaron sin explorar.</translation>
    </message>
    <message>
        <source>%1 moves beyond the preemption bound were not taken.</source>
        <translation>No se hicieron %1 movimientos más allá del límite de expropiaciones.</translation>
    </message>
    <message>
        <source>%1 of %2 outcomes reached so far break a rule.</source>
        <translation>%1 de los %2 resultados alcanzados hasta ahora violan una regla.</translation>
    </message>
    <message>
        <source>Infinitely many interleavings (a cycle can repeat forever); none breaks a rule.</source>
        <translation>Infinitos entrelazados (un ciclo puede repetirse para siempre); ninguno incumple una regla.</translation>
    </message>
    <message>
        <source>Infinitely many interleavings: a cycle can repeat forever (livelock), and some break a rule.</source>
        <translation>Infinitos entrelazados: un ciclo puede repetirse para siempre (livelock), y algunos incumplen una regla.</translation>
    </message>
    <message>
        <source>%1 of %2 interleavings break a rule.</source>
        <translation>%1 de %2 entrelazados incumplen una regla.</translation>
    </message>
</context>
<context>
    <name>ExplorerSearch</name>
    <message>
        <source>The explorer cannot handle this scenario: it needs 1 to 120 requests.</source>
        <translation>El explorador no puede con este escenario: necesita de 1 a 120 peticiones.</translation>
    </message>
    <message>
        <source>livelock: a cycle of moves that can repeat for ever, so the run never ends</source>
        <translation>livelock: un ciclo de movimientos que puede repetirse para siempre, así que la ejecución nunca termina</translation>
    </message>
</context>
<context>
    <name>ExportCaption</name>
    <message>
        <source>Schedule: %1</source>
        <translation>Planificación: %1</translation>
    </message>
    <message>
        <source>Outcome: %1</source>
        <translation>Resultado: %1</translation>
    </message>
    <message>
        <source>✗ Rule broken: %1</source>
        <translation>✗ Regla incumplida: %1</translation>
    </message>
    <message>
        <source>(no moves yet)</source>
        <translation>(aún sin movimientos)</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>(broken at move %1: %2)</source>
        <translation>(incumplida en el paso %1: %2)</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>Exportar</translation>
    </message>
    <message>
        <source>The whole timeline</source>
        <translation>Toda la línea de tiempo</translation>
    </message>
    <message>
        <source>The visible part of the timeline</source>
        <translation>La parte visible de la línea de tiempo</translation>
    </message>
    <message>
        <source>The dashboard and its charts</source>
        <translation>El panel y sus gráficos</translation>
    </message>
    <message>
        <source>The wait-for graph</source>
        <translation>El grafo de espera</translation>
    </message>
    <message>
        <source>The trace, for Perfetto (JSON)</source>
        <translation>La traza, para Perfetto (JSON)</translation>
    </message>
    <message>
        <source>The wait-for graph, for Graphviz (DOT)</source>
        <translation>El grafo de espera, para Graphviz (DOT)</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>Imagen PNG</translation>
    </message>
    <message>
        <source>SVG vector image</source>
        <translation>Imagen vectorial SVG</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>Documento PDF</translation>
    </message>
    <message>
        <source>1× (screen)</source>
        <translation>1× (pantalla)</translation>
    </message>
    <message>
        <source>2× (slides)</source>
        <translation>2× (diapositivas)</translation>
    </message>
    <message>
        <source>3× (large projection, print)</source>
        <translation>3× (proyección grande, impresión)</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <source>Presenter (large type, high contrast)</source>
        <translation>Presentación (letra grande, alto contraste)</translation>
    </message>
    <message>
        <source>&amp;What:</source>
        <translation>&amp;Qué:</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Formato:</translation>
    </message>
    <message>
        <source>&amp;Resolution:</source>
        <translation>&amp;Resolución:</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Tema:</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportar…</translation>
    </message>
    <message>
        <source>There is nothing of this kind to export yet.</source>
        <translation>Todavía no hay nada de este tipo que exportar.</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Error al exportar</translation>
    </message>
    <message>
        <source>Exporting… (Cancel stops it; nothing is written)</source>
        <translation>Exportando… (Cancelar lo detiene; entonces no se escribe nada)</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written.</source>
        <translation>Exportación cancelada; no se escribió nada.</translation>
    </message>
    <message>
        <source>Handout: one page per move</source>
        <translation>Material impreso: una página por movimiento</translation>
    </message>
    <message>
        <source>Handout: exercise sheet</source>
        <translation>Material impreso: hoja de ejercicios</translation>
    </message>
    <message>
        <source>Handout: answer sheet</source>
        <translation>Material impreso: hoja de soluciones</translation>
    </message>
    <message>
        <source>A4</source>
        <translation>A4</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>Carta (EE. UU.)</translation>
    </message>
    <message>
        <source>&amp;Paper:</source>
        <translation>&amp;Papel:</translation>
    </message>
    <message>
        <source>%1 (Cancel stops it; nothing is written)</source>
        <translation>%1 (Cancelar lo detiene; no se escribe nada)</translation>
    </message>
</context>
<context>
    <name>Exporter</name>
    <message>
        <source>no output file given</source>
        <translation>no se ha indicado ningún archivo de salida</translation>
    </message>
    <message>
        <source>%1: is a folder, not a file</source>
        <translation>%1: es una carpeta, no un archivo</translation>
    </message>
    <message>
        <source>%1: cannot write: %2</source>
        <translation>%1: no se puede escribir: %2</translation>
    </message>
    <message>
        <source>unknown format &quot;%1&quot; (expected png, svg, pdf, perfetto or dot)</source>
        <translation>formato desconocido &quot;%1&quot; (se esperaba png, svg, pdf, perfetto o dot)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>Imagen PNG (*.png)</translation>
    </message>
    <message>
        <source>SVG vector image (*.svg)</source>
        <translation>Imagen vectorial SVG (*.svg)</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>Documento PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Perfetto / Chrome trace (*.json)</source>
        <translation>Traza de Perfetto / Chrome (*.json)</translation>
    </message>
    <message>
        <source>Graphviz graph (*.dot *.gv)</source>
        <translation>Grafo de Graphviz (*.dot *.gv)</translation>
    </message>
    <message>
        <source>%1 is not an image format</source>
        <translation>%1 no es un formato de imagen</translation>
    </message>
    <message>
        <source>Exported from Interleave</source>
        <translation>Exportado desde Interleave</translation>
    </message>
    <message>
        <source>%1: export cancelled; nothing written</source>
        <translation>%1: exportación cancelada; no se ha escrito nada</translation>
    </message>
    <message>
        <source>%1: cannot write PNG: %2</source>
        <translation>%1: no se puede escribir el PNG: %2</translation>
    </message>
    <message>
        <source>%1: cannot write SVG</source>
        <translation>%1: no se puede escribir el SVG</translation>
    </message>
    <message>
        <source>%1: cannot write PDF</source>
        <translation>%1: no se puede escribir el PDF</translation>
    </message>
    <message>
        <source>nothing to export: no timeline</source>
        <translation>nada que exportar: no hay línea de tiempo</translation>
    </message>
</context>
<context>
    <name>Expression</name>
    <message>
        <source>unexpected &apos;%1&apos;</source>
        <translation>&apos;%1&apos; inesperado</translation>
    </message>
    <message>
        <source>in expression &quot;%1&quot; at column %2: %3</source>
        <translation>en la expresión &quot;%1&quot;, columna %2: %3</translation>
    </message>
    <message>
        <source>unterminated string</source>
        <translation>cadena sin terminar</translation>
    </message>
    <message>
        <source>expected &apos;%1&apos;</source>
        <translation>se esperaba &apos;%1&apos;</translation>
    </message>
    <message>
        <source>unknown text &apos;%1&apos;</source>
        <translation>texto desconocido &apos;%1&apos;</translation>
    </message>
    <message>
        <source>unexpected end</source>
        <translation>final inesperado</translation>
    </message>
    <message>
        <source>unknown function %1() with %2 argument(s)</source>
        <translation>función desconocida %1() con %2 argumento(s)</translation>
    </message>
    <message>
        <source>expected a column name after &apos;.&apos;</source>
        <translation>se esperaba un nombre de columna después de &apos;.&apos;</translation>
    </message>
    <message>
        <source>unknown cell %1[…].%2</source>
        <translation>celda desconocida %1[…].%2</translation>
    </message>
    <message>
        <source>expected a name after &apos;.&apos;</source>
        <translation>se esperaba un nombre después de &apos;.&apos;</translation>
    </message>
    <message>
        <source>unknown name &apos;%1&apos;</source>
        <translation>nombre desconocido &apos;%1&apos;</translation>
    </message>
    <message>
        <source>longer than %1 characters</source>
        <translation>más de %1 caracteres</translation>
    </message>
    <message>
        <source>in expression &quot;%1&quot;: needs %2 values pending at once, more than the %3 allowed; split it</source>
        <translation>en la expresión &quot;%1&quot;: necesita %2 valores pendientes a la vez, más de los %3 permitidos; divídala</translation>
    </message>
</context>
<context>
    <name>Forecast</name>
    <message>
        <source>The forecast was cancelled.</source>
        <translation>El pronóstico se canceló.</translation>
    </message>
    <message>
        <source>The forecast stopped at %1 states: this variant has too many to keep.</source>
        <translation>El pronóstico se detuvo en %1 estados: esta variante tiene demasiados para guardarlos.</translation>
    </message>
    <message>
        <source>never ends: the requests go round a cycle forever</source>
        <translation>nunca termina: las peticiones dan vueltas en un ciclo para siempre</translation>
    </message>
    <message>
        <source>No forecast for this state.</source>
        <translation>No hay pronóstico para este estado.</translation>
    </message>
    <message>
        <source>The run has ended: %1.</source>
        <translation>La ejecución ha terminado: %1.</translation>
    </message>
    <message>
        <source>From here: one way on, and it ends %1.</source>
        <translation>Desde aquí: un solo camino, y termina con %1.</translation>
    </message>
    <message>
        <source>From here: all %1 continuations break a rule.</source>
        <translation>Desde aquí: las %1 continuaciones rompen una regla.</translation>
    </message>
    <message>
        <source>From here: none of the %1 continuations breaks a rule.</source>
        <translation>Desde aquí: ninguna de las %1 continuaciones rompe una regla.</translation>
    </message>
    <message>
        <source>From here: %1 of %2 continuations break a rule.</source>
        <translation>Desde aquí: %1 de %2 continuaciones rompen una regla.</translation>
    </message>
    <message>
        <source>a broken rule</source>
        <translation>una regla rota</translation>
    </message>
    <message>
        <source>breaking %1</source>
        <translation>romper %1</translation>
    </message>
    <message>
        <source>after move %1, %2 is certain: %3</source>
        <translation>tras el movimiento %1, %2 es seguro: %3</translation>
    </message>
    <message>
        <source>after move %1, no rule can break any more: %2</source>
        <translation>tras el movimiento %1, ya no puede romperse ninguna regla: %2</translation>
    </message>
    <message>
        <source>both %1 and %2 have read %3 = %4.</source>
        <translation>tanto %1 como %2 han leído %3 = %4.</translation>
    </message>
    <message>
        <source>%1 have all read %2 = %3.</source>
        <translation>%1 han leído todos %2 = %3.</translation>
    </message>
</context>
<context>
    <name>ForecastPresenter</name>
    <message>
        <source>Point of no return: %1</source>
        <translation>Punto sin retorno: %1</translation>
    </message>
    <message>
        <source>no return</source>
        <translation>sin retorno</translation>
    </message>
    <message>
        <source>now safe</source>
        <translation>ya seguro</translation>
    </message>
    <message>
        <source>What the explorer says can still happen from this state, and which move decided it.</source>
        <translation>Lo que según el explorador aún puede pasar desde este estado, y qué movimiento lo decidió.</translation>
    </message>
</context>
<context>
    <name>Handout</name>
    <message>
        <source>%1: export cancelled; nothing written</source>
        <translation>%1: exportación cancelada; no se ha escrito nada</translation>
    </message>
    <message>
        <source>unknown paper size &quot;%1&quot; (expected a4 or letter)</source>
        <translation>tamaño de papel desconocido «%1» (se espera a4 o letter)</translation>
    </message>
    <message>
        <source>Exploring every interleaving: %1 states</source>
        <translation>Explorando todos los entrelazados: %1 estados</translation>
    </message>
    <message>
        <source>exploration cancelled</source>
        <translation>exploración cancelada</translation>
    </message>
    <message>
        <source>no output file given</source>
        <translation>no se ha indicado archivo de salida</translation>
    </message>
    <message>
        <source>%1: is a folder, not a file</source>
        <translation>%1: es una carpeta, no un archivo</translation>
    </message>
    <message>
        <source>%1: cannot write: %2</source>
        <translation>%1: no se puede escribir: %2</translation>
    </message>
    <message>
        <source>%1: cannot write PDF</source>
        <translation>%1: no se puede escribir el PDF</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Página %1 de %2</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>Escrito</translation>
    </message>
    <message>
        <source>%1: expected one page number such as %03d in a .png name</source>
        <translation>%1: se espera un único número de página como %03d en un nombre .png</translation>
    </message>
    <message>
        <source>cannot tell the format from &quot;%1&quot;: give a .pdf file, a folder, or a .png name (with %03d for the page number)</source>
        <translation>no se deduce el formato de «%1»: indique un archivo .pdf, una carpeta o un nombre .png (con %03d para el número de página)</translation>
    </message>
    <message>
        <source>%1: cannot create the folder</source>
        <translation>%1: no se puede crear la carpeta</translation>
    </message>
    <message>
        <source>%1: cannot write PNG: %2</source>
        <translation>%1: no se puede escribir el PNG: %2</translation>
    </message>
    <message>
        <source>Interleave · %1 · page %2 of %3 · schedule %4</source>
        <translation>Interleave · %1 · página %2 de %3 · planificación %4</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>Solución</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Base de datos</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parámetros</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Planificación</translation>
    </message>
    <message>
        <source>(no moves)</source>
        <translation>(sin movimientos)</translation>
    </message>
    <message>
        <source>Moves</source>
        <translation>Movimientos</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Handout: one page per move</source>
        <translation>Material impreso: una página por movimiento</translation>
    </message>
    <message>
        <source>Each page shows the timeline up to one move, the code with the line that move ran (▶, in a box; letters mark the line each request runs next), what happened, and which rules hold.</source>
        <translation>Cada página muestra la línea de tiempo hasta un movimiento, el código con la línea que ejecutó ese movimiento (▶, en un recuadro; las letras marcan la línea que cada petición ejecuta a continuación), lo que ocurrió y qué reglas se cumplen.</translation>
    </message>
    <message>
        <source>✓ holds: %1</source>
        <translation>✓ se cumple: %1</translation>
    </message>
    <message>
        <source>… checked when every request has finished: %1</source>
        <translation>… se comprueba cuando todas las peticiones han terminado: %1</translation>
    </message>
    <message>
        <source>✗ BROKEN at move %1: %2</source>
        <translation>✗ INCUMPLIDA en el movimiento %1: %2</translation>
    </message>
    <message>
        <source>✗ BROKEN: %1</source>
        <translation>✗ INCUMPLIDA: %1</translation>
    </message>
    <message>
        <source>%1 (expected %2: ✓)</source>
        <translation>%1 (se espera %2: ✓)</translation>
    </message>
    <message>
        <source>%1 (expected %2: ✗ wrong)</source>
        <translation>%1 (se espera %2: ✗ incorrecto)</translation>
    </message>
    <message>
        <source>%1 (expected %2 at the end)</source>
        <translation>%1 (se espera %2 al final)</translation>
    </message>
    <message>
        <source>Outcome: %1</source>
        <translation>Resultado: %1</translation>
    </message>
    <message>
        <source>time passes (~)</source>
        <translation>pasa el tiempo (~)</translation>
    </message>
    <message>
        <source>Move %1 of %2: %3</source>
        <translation>Movimiento %1 de %2: %3</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Código</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Qué ocurrió</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Veredicto</translation>
    </message>
    <message>
        <source>the schedule has %1 moves; a handout has one page per move, at most %2</source>
        <translation>la planificación tiene %1 movimientos; el material impreso tiene una página por movimiento, como mucho %2</translation>
    </message>
    <message>
        <source>%1 — one page per move</source>
        <translation>%1 — una página por movimiento</translation>
    </message>
    <message>
        <source>Exercise: %1</source>
        <translation>Ejercicio: %1</translation>
    </message>
    <message>
        <source>Exercise sheet</source>
        <translation>Hoja de ejercicios</translation>
    </message>
    <message>
        <source>Find a schedule that breaks a rule. Draw it in the grid: in each move&apos;s column, circle the request that moves and write the number of the line it runs.</source>
        <translation>Encuentra una planificación que incumpla una regla. Dibújala en la cuadrícula: en la columna de cada movimiento, rodea la petición que se mueve y escribe el número de la línea que ejecuta.</translation>
    </message>
    <message>
        <source>When no request moves and time passes instead, use the last row.</source>
        <translation>Cuando ninguna petición se mueve y en su lugar pasa el tiempo, usa la última fila.</translation>
    </message>
    <message>
        <source>(Requests left out of the grid, which run the same code: %1.)</source>
        <translation>(Peticiones que no caben en la cuadrícula y ejecutan el mismo código: %1.)</translation>
    </message>
    <message>
        <source>Which rules break?</source>
        <translation>¿Qué reglas se incumplen?</translation>
    </message>
    <message>
        <source>Final values:</source>
        <translation>Valores finales:</translation>
    </message>
    <message>
        <source>Interleave · %1 · exercise sheet · answers on the answer sheet</source>
        <translation>Interleave · %1 · hoja de ejercicios · soluciones en la hoja de soluciones</translation>
    </message>
    <message>
        <source>Breaks: %1</source>
        <translation>Incumple: %1</translation>
    </message>
    <message>
        <source>Every request left waits for another: stuck for ever (a deadlock).</source>
        <translation>Cada petición que queda espera a otra: bloqueadas para siempre (un interbloqueo).</translation>
    </message>
    <message>
        <source>Happens in %1 of %2 interleavings (%3 %).</source>
        <translation>Ocurre en %1 de %2 entrelazados (%3 %).</translation>
    </message>
    <message>
        <source>Simplest schedule: %1 (moves: %2, preemptions: %3)</source>
        <translation>Planificación más sencilla: %1 (movimientos: %2, expropiaciones: %3)</translation>
    </message>
    <message>
        <source>(a schedule, not proven the simplest: the space was too large)</source>
        <translation>(una planificación, sin garantía de ser la más sencilla: el espacio era demasiado grande)</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>No schedule breaks a rule under this variant.</source>
        <translation>Ninguna planificación incumple una regla en esta variante.</translation>
    </message>
    <message>
        <source>Outcomes that break no rule</source>
        <translation>Resultados que no incumplen ninguna regla</translation>
    </message>
    <message>
        <source>%1 — exercise sheet</source>
        <translation>%1 — hoja de ejercicios</translation>
    </message>
    <message>
        <source>%1 — answer sheet</source>
        <translation>%1 — hoja de soluciones</translation>
    </message>
    <message>
        <source>Answers: %1</source>
        <translation>Soluciones: %1</translation>
    </message>
    <message>
        <source>Answer sheet</source>
        <translation>Hoja de soluciones</translation>
    </message>
    <message>
        <source>Interleave · answer sheet · page %1 of %2</source>
        <translation>Interleave · hoja de soluciones · página %1 de %2</translation>
    </message>
    <message>
        <source>%1 and %2 more</source>
        <translation>%1 y %2 más</translation>
    </message>
    <message>
        <source>move</source>
        <translation>movimiento</translation>
    </message>
</context>
<context>
    <name>HelpDialogs</name>
    <message>
        <source>Keyboard reference</source>
        <translation>Referencia de teclado</translation>
    </message>
    <message>
        <source>1 … 9</source>
        <translation>1 … 9</translation>
    </message>
    <message>
        <source>step request 1 … 9 (A … I) to its next scheduling point</source>
        <translation>avanzar la petición 1 … 9 (A … I) hasta su siguiente punto de planificación</translation>
    </message>
    <message>
        <source>~ or T</source>
        <translation>~ o T</translation>
    </message>
    <message>
        <source>let time pass: a pause or timer ends, a lock&apos;s TTL runs out, a wait times out</source>
        <translation>dejar pasar el tiempo: termina una pausa o un temporizador, se agota el TTL de un bloqueo, una espera excede su tiempo límite</translation>
    </message>
    <message>
        <source>Ctrl+Z or Backspace</source>
        <translation>Ctrl+Z o Retroceso</translation>
    </message>
    <message>
        <source>undo the last move</source>
        <translation>deshacer el último movimiento</translation>
    </message>
    <message>
        <source>Ctrl+Y or Ctrl+Shift+Z</source>
        <translation>Ctrl+Y o Ctrl+Mayús+Z</translation>
    </message>
    <message>
        <source>redo</source>
        <translation>rehacer</translation>
    </message>
    <message>
        <source>Home / End</source>
        <translation>Inicio / Fin</translation>
    </message>
    <message>
        <source>back to the start / redo every move</source>
        <translation>volver al principio / rehacer todos los movimientos</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>Espacio</translation>
    </message>
    <message>
        <source>play or pause (policy and speed in the Run toolbar)</source>
        <translation>reproducir o pausar (criterio y velocidad en la barra «Ejecutar»)</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>show me the bug: play the simplest schedule that breaks a rule</source>
        <translation>muéstrame el error: reproducir la planificación más simple que incumple una regla</translation>
    </message>
    <message>
        <source>E</source>
        <translation>E</translation>
    </message>
    <message>
        <source>explore all interleavings (outcome histogram)</source>
        <translation>explorar todos los entrelazados (histograma de resultados)</translation>
    </message>
    <message>
        <source>R</source>
        <translation>R</translation>
    </message>
    <message>
        <source>run once on real threads (timeline in wall time)</source>
        <translation>ejecutar una vez en hilos reales (línea de tiempo en tiempo real)</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>run N trials on real threads (outcome histogram)</source>
        <translation>ejecutar N ensayos en hilos reales (histograma de resultados)</translation>
    </message>
    <message>
        <source>C</source>
        <translation>C</translation>
    </message>
    <message>
        <source>compare the fixes under the same load test</source>
        <translation>comparar las soluciones con la misma prueba de carga</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>cancel the running job</source>
        <translation>cancelar la tarea en curso</translation>
    </message>
    <message>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <source>presenter mode: full screen, everything larger, high contrast; code, timeline and verdict only</source>
        <translation>modo presentación: pantalla completa, todo más grande, alto contraste; solo código, línea de tiempo y veredicto</translation>
    </message>
    <message>
        <source>F2 / F3 / F4</source>
        <translation>F2 / F3 / F4</translation>
    </message>
    <message>
        <source>show or hide the dashboard / the narration / the outcomes (also in presenter mode)</source>
        <translation>mostrar u ocultar el panel / la narración / los resultados (también en modo presentación)</translation>
    </message>
    <message>
        <source>F9 / F12</source>
        <translation>F9 / F12</translation>
    </message>
    <message>
        <source>show or hide the scenario list / the toolbars</source>
        <translation>mostrar u ocultar la lista de escenarios / las barras de herramientas</translation>
    </message>
    <message>
        <source>F6 / F7</source>
        <translation>F6 / F7</translation>
    </message>
    <message>
        <source>predict, then reveal: hide the outcome while students guess, then check their guess</source>
        <translation>predecir y luego revelar: ocultar el resultado mientras los estudiantes adivinan y luego comprobar su respuesta</translation>
    </message>
    <message>
        <source>F8</source>
        <translation>F8</translation>
    </message>
    <message>
        <source>side by side: the same schedule under another fix, stepping together</source>
        <translation>lado a lado: el mismo orden con otra corrección, avanzando a la vez</translation>
    </message>
    <message>
        <source>Ctrl+O</source>
        <translation>Ctrl+O</translation>
    </message>
    <message>
        <source>open your own scenario file (or drop it on the window)</source>
        <translation>abrir tu propio archivo de escenario (o soltarlo en la ventana)</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>export the timeline, dashboard or wait-for graph for slides</source>
        <translation>exportar la línea de tiempo, el panel o el grafo de espera para diapositivas</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S / Ctrl+Shift+O</source>
        <translation>Ctrl+Mayús+S / Ctrl+Mayús+O</translation>
    </message>
    <message>
        <source>save the session / open a saved session where it was left</source>
        <translation>guardar la sesión / abrir una sesión guardada donde se dejó</translation>
    </message>
    <message>
        <source>Ctrl+ + / Ctrl+ − / Ctrl+0</source>
        <translation>Ctrl+ + / Ctrl+ − / Ctrl+0</translation>
    </message>
    <message>
        <source>zoom the timeline in / out / fit</source>
        <translation>ampliar / reducir / ajustar la línea de tiempo</translation>
    </message>
    <message>
        <source>In the timeline</source>
        <translation>En la línea de tiempo</translation>
    </message>
    <message>
        <source>wheel zooms, drag pans, Shift+drag zooms to a range, +/− zoom, ←/→ pan, F fit, click selects an event; with more requests than fit, PageUp/PageDown or the wheel over their names scroll</source>
        <translation>la rueda amplía, arrastrar desplaza, Mayús+arrastrar amplía un intervalo, +/− zoom, ←/→ desplazar, F ajustar, clic selecciona un evento; con más peticiones de las que caben, RePág/AvPág o la rueda sobre sus nombres desplazan</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>this reference</source>
        <translation>esta referencia</translation>
    </message>
    <message>
        <source>About Interleave</source>
        <translation>Acerca de Interleave</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Interleave %1&lt;/h3&gt;&lt;p&gt;Teaches concurrency bugs by showing them happen: lost updates, check-then-act, double withdrawals, deadlocks, lease expiry — and the fixes from the teaching texts, switched on against the very same schedule.&lt;/p&gt;&lt;p&gt;You are the scheduler: step the requests one at a time, or let Interleave explore every interleaving, or run them on real threads.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Interleave %1&lt;/h3&gt;&lt;p&gt;Enseña los errores de concurrencia mostrando cómo ocurren: actualizaciones perdidas, comprobar-y-actuar, retiradas dobles, interbloqueos, leases caducados, y las soluciones de los textos didácticos, activadas frente a exactamente la misma planificación.&lt;/p&gt;&lt;p&gt;Tú eres el planificador: avanza las peticiones una a una, deja que Interleave explore todos los entrelazados o ejecútalas en hilos reales.&lt;/p&gt;&lt;p&gt;Creado con Qt %2.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Ctrl+→ / Ctrl+← in the timeline</source>
        <translation>Ctrl+→ / Ctrl+← en la línea de tiempo</translation>
    </message>
    <message>
        <source>walk the events one by one: each is selected, its line in the narration follows, a screen reader reads it</source>
        <translation>recorrer los eventos uno a uno: cada uno queda seleccionado, su línea en la narración lo sigue, un lector de pantalla lo lee</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab</translation>
    </message>
    <message>
        <source>move between the timeline, the Step buttons, the code and the narration</source>
        <translation>pasar entre la línea de tiempo, los botones de paso, el código y la narración</translation>
    </message>
    <message>
        <source>Alt+F, R</source>
        <translation>Alt+A, R</translation>
    </message>
    <message>
        <source>open a recent scenario or session file (File › Open Recent, then 1 … 9)</source>
        <translation>abrir un archivo de escenario o de sesión reciente (Archivo › Abrir reciente, luego 1 … 9)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Mayús+E</translation>
    </message>
    <message>
        <source>export a handout: one page per move, an exercise sheet or its answer sheet</source>
        <translation>exportar material impreso: una página por movimiento, una hoja de ejercicios o su hoja de soluciones</translation>
    </message>
    <message>
        <source>Ctrl+1 … Ctrl+9</source>
        <translation>Ctrl+1 … Ctrl+9</translation>
    </message>
    <message>
        <source>choose fix 1 … 9 (the Fix toolbar&apos;s buttons, left to right)</source>
        <translation>elegir la solución 1 … 9 (los botones de la barra de soluciones, de izquierda a derecha)</translation>
    </message>
    <message>
        <source>PageDown / PageUp in presenter mode</source>
        <translation>AvPág / RePág en modo presentación</translation>
    </message>
    <message>
        <source>the next / previous moment of the open lesson</source>
        <translation>el momento siguiente / anterior de la lección abierta</translation>
    </message>
    <message>
        <source>Ctrl+G / Ctrl+Shift+G</source>
        <translation>Ctrl+G / Ctrl+Mayús+G</translation>
    </message>
    <message>
        <source>challenges: the course / open a challenge file</source>
        <translation>retos: el curso / abrir un archivo de reto</translation>
    </message>
    <message>
        <source>Ctrl+Enter / Ctrl+H</source>
        <translation>Ctrl+Intro / Ctrl+H</translation>
    </message>
    <message>
        <source>in a challenge: check the run or the prediction / the next hint</source>
        <translation>en un reto: comprobar la ejecución o la predicción / la siguiente pista</translation>
    </message>
    <message>
        <source>Ctrl+N / Ctrl+Shift+L</source>
        <translation>Ctrl+N / Ctrl+Mayús+L</translation>
    </message>
    <message>
        <source>the next challenge / leave challenge mode</source>
        <translation>el siguiente reto / salir del modo reto</translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Mayús+R</translation>
    </message>
    <message>
        <source>reset the progress through the challenges (asks first)</source>
        <translation>reiniciar el progreso en los retos (pregunta antes)</translation>
    </message>
</context>
<context>
    <name>InterleavingCount</name>
    <message>
        <source>infinite</source>
        <translation>infinito</translation>
    </message>
    <message>
        <source>more than %1</source>
        <translation>más de %1</translation>
    </message>
</context>
<context>
    <name>JobStatus</name>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Stop the running job (Esc)</source>
        <translation>Detener la tarea en curso (Esc)</translation>
    </message>
    <message>
        <source>Exploring every interleaving… %L1 states</source>
        <translation>Explorando todos los entrelazados… %L1 estados</translation>
    </message>
    <message>
        <source>%1 cancelled.</source>
        <translation>Cancelado: %1.</translation>
    </message>
</context>
<context>
    <name>JsonInput</name>
    <message>
        <source>must be a whole number</source>
        <translation>debe ser un número entero</translation>
    </message>
    <message>
        <source>must be a whole number, not %1</source>
        <translation>debe ser un número entero, no %1</translation>
    </message>
    <message>
        <source>%1 is outside the 64-bit range</source>
        <translation>%1 está fuera del rango de 64 bits</translation>
    </message>
    <message>
        <source>%1 is not exactly representable (above 2^53 = %2)</source>
        <translation>%1 no es representable con exactitud (por encima de 2^53 = %2)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a whole number</source>
        <translation>&quot;%1&quot; no es un número entero</translation>
    </message>
    <message>
        <source>nested more than %1 levels deep</source>
        <translation>anidado a más de %1 niveles de profundidad</translation>
    </message>
</context>
<context>
    <name>JsonReader</name>
    <message>
        <source>missing required field &quot;%1&quot;</source>
        <translation>falta el campo obligatorio &quot;%1&quot;</translation>
    </message>
    <message>
        <source>must be a string</source>
        <translation>debe ser una cadena</translation>
    </message>
    <message>
        <source>must not be empty</source>
        <translation>no debe estar vacío</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>debe ser true o false</translation>
    </message>
    <message>
        <source>must be a list [ … ]</source>
        <translation>debe ser una lista [ … ]</translation>
    </message>
    <message>
        <source>must be an object { … }</source>
        <translation>debe ser un objeto { … }</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot;</source>
        <translation>campo desconocido &quot;%1&quot;</translation>
    </message>
</context>
<context>
    <name>LanguageManager</name>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>System default (%1)</source>
        <translation>Predeterminado del sistema (%1)</translation>
    </message>
</context>
<context>
    <name>Lesson</name>
    <message>
        <source>must be an object with a scenario, strategy, model and schedule</source>
        <translation>debe ser un objeto con escenario, estrategia, modelo y planificación</translation>
    </message>
    <message>
        <source>unknown field</source>
        <translation>campo desconocido</translation>
    </message>
    <message>
        <source>must be a string</source>
        <translation>debe ser un texto</translation>
    </message>
    <message>
        <source>must be a list of %1</source>
        <translation>debe ser una lista de %1</translation>
    </message>
    <message>
        <source>not a panel; one of %1</source>
        <translation>no es un panel; uno de %1</translation>
    </message>
    <message>
        <source>not an Interleave lesson (expected &quot;%1&quot;)</source>
        <translation>no es una lección de Interleave (se esperaba &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>must be %1</source>
        <translation>debe ser %1</translation>
    </message>
    <message>
        <source>missing, or not a list of moments</source>
        <translation>falta o no es una lista de momentos</translation>
    </message>
    <message>
        <source>more than %1 moments</source>
        <translation>más de %1 momentos</translation>
    </message>
    <message>
        <source>not a lesson file (JSON error at byte %1: %2)</source>
        <translation>no es un archivo de lección (error JSON en el byte %1: %2)</translation>
    </message>
    <message>
        <source>not a lesson file (expected one JSON object)</source>
        <translation>no es un archivo de lección (se esperaba un objeto JSON)</translation>
    </message>
    <message>
        <source>%1: cannot write: %2</source>
        <translation>%1: no se puede escribir: %2</translation>
    </message>
    <message>
        <source>%1: no lesson file under 16 MiB to read</source>
        <translation>%1: no hay un archivo de lección legible de menos de 16 MiB</translation>
    </message>
    <message>
        <source>the scenario has no figure &quot;%1&quot; (it has %2)</source>
        <translation>el escenario no tiene la cifra «%1» (tiene %2)</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>falta</translation>
    </message>
    <message>
        <source>must not be empty</source>
        <translation>no debe estar vacío</translation>
    </message>
</context>
<context>
    <name>LessonBanner</name>
    <message>
        <source>&lt;span style=&apos;color:#b00020&apos;&gt;&lt;b&gt;✗ This can go wrong here.&lt;/b&gt;&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#b00020&apos;&gt;&lt;b&gt;✗ Aquí puede salir mal.&lt;/b&gt;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#1b6e20&apos;&gt;&lt;b&gt;✓ This fix holds here.&lt;/b&gt;&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#1b6e20&apos;&gt;&lt;b&gt;✓ Esta solución funciona aquí.&lt;/b&gt;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#1b6e20&apos;&gt;&lt;b&gt;✓ This cannot go wrong here.&lt;/b&gt;&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#1b6e20&apos;&gt;&lt;b&gt;✓ Aquí no puede salir mal.&lt;/b&gt;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>on one event loop a request runs without a break from one await to the next, and this code has no await between its check and its write</source>
        <translation>en un único event loop una petición corre sin pausa de un await al siguiente, y este código no tiene ningún await entre la comprobación y la escritura</translation>
    </message>
    <message>
        <source>each request has its own thread, so one request&apos;s CPU work does not hold up the others</source>
        <translation>cada petición tiene su propio hilo, así que el trabajo de CPU de una no retrasa a las demás</translation>
    </message>
    <message>
        <source>every request runs in one process, so its lock and its memory are shared by all of them; with several server instances each has its own</source>
        <translation>todas las peticiones corren en un proceso, así que comparten su cerrojo y su memoria; con varias instancias del servidor cada una tiene los suyos</translation>
    </message>
    <message>
        <source>this model gives the requests no chance to interleave where it matters</source>
        <translation>este modelo no deja que las peticiones se intercalen donde importa</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#1b6e20&apos;&gt;&lt;b&gt;Cannot go wrong on %1:&lt;/b&gt;&lt;/span&gt; %2. &lt;b&gt;Switch the model to see the bug.&lt;/b&gt;</source>
        <translation>&lt;span style=&apos;color:#1b6e20&apos;&gt;&lt;b&gt;No puede salir mal en %1:&lt;/b&gt;&lt;/span&gt; %2. &lt;b&gt;Cambie el modelo para ver el error.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;i&gt;Predict first: can it go wrong?&lt;/i&gt;</source>
        <translation>&lt;i&gt;Primero prediga: ¿puede salir mal?&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#1b6e20&apos;&gt;&lt;b&gt;✓ This fix holds here:&lt;/b&gt;&lt;/span&gt; %1.</source>
        <translation>&lt;span style=&apos;color:#1b6e20&apos;&gt;&lt;b&gt;✓ Esta solución aguanta aquí:&lt;/b&gt;&lt;/span&gt; %1.</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#1b6e20&apos;&gt;&lt;b&gt;✓ This cannot go wrong here:&lt;/b&gt;&lt;/span&gt; %1.</source>
        <translation>&lt;span style=&apos;color:#1b6e20&apos;&gt;&lt;b&gt;✓ Aquí no puede salir mal:&lt;/b&gt;&lt;/span&gt; %1.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Shown:&lt;/b&gt; %1 on %2. %3</source>
        <translation>&lt;b&gt;Se muestra:&lt;/b&gt; %1 en %2. %3</translation>
    </message>
    <message>
        <source>&lt;i&gt;Whether it can go wrong here is yours to find out.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Si aquí puede salir mal, descúbralo usted.&lt;/i&gt;</translation>
    </message>
</context>
<context>
    <name>LessonPlayer</name>
    <message>
        <source>Open &amp;lesson…</source>
        <translation>Abrir &amp;lección…</translation>
    </message>
    <message>
        <source>Open a lesson: prepared moments that PageDown and PageUp step through in presenter mode</source>
        <translation>Abrir una lección: momentos preparados que AvPág y RePág recorren en el modo presentación</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>Abrir lección</translation>
    </message>
    <message>
        <source>Interleave lessons (*.lesson);;All files (*)</source>
        <translation>Lecciones de Interleave (*.lesson);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Save as lesson &amp;moment</source>
        <translation>Guardar como &amp;momento de la lección</translation>
    </message>
    <message>
        <source>Add the scenario, fix, schedule, cursor and panels on screen to the open lesson</source>
        <translation>Añadir a la lección abierta el escenario, la solución, la planificación, la posición y los paneles en pantalla</translation>
    </message>
    <message>
        <source>New lesson</source>
        <translation>Nueva lección</translation>
    </message>
    <message>
        <source>Interleave lessons (*.lesson)</source>
        <translation>Lecciones de Interleave (*.lesson)</translation>
    </message>
    <message>
        <source>Next lesson moment</source>
        <translation>Siguiente momento de la lección</translation>
    </message>
    <message>
        <source>Previous lesson moment</source>
        <translation>Momento anterior de la lección</translation>
    </message>
    <message>
        <source>Nothing to save: no scenario is loaded.</source>
        <translation>Nada que guardar: no hay ningún escenario cargado.</translation>
    </message>
    <message>
        <source>Moment %1 of %2</source>
        <translation>Momento %1 de %2</translation>
    </message>
    <message>
        <source>Moment %1 of %2: %3</source>
        <translation>Momento %1 de %2: %3</translation>
    </message>
    <message>
        <source>Speaker note</source>
        <translation>Nota del orador</translation>
    </message>
</context>
<context>
    <name>Machine</name>
    <message>
        <source>unknown model &quot;%1&quot; (expected threads, eventloop or instances:N with N from 1 to 16)</source>
        <translation>modelo desconocido &quot;%1&quot; (se esperaba threads, eventloop o instances:N con N de 1 a 16)</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>Hilos</translation>
    </message>
    <message>
        <source>Node.js event loop</source>
        <translation>Bucle de eventos Node.js</translation>
    </message>
    <message numerus="yes">
        <source>%n server instance(s)</source>
        <translation>
            <numerusform>%n instancia de servidor</numerusform>
            <numerusform>%n instancias de servidor</numerusform>
        </translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a constant built from parameters</source>
        <translation>&quot;%1&quot; debe ser una constante construida a partir de parámetros</translation>
    </message>
    <message>
        <source>scenario &quot;%1&quot; has no strategy &quot;%2&quot; (it has %3)</source>
        <translation>el escenario &quot;%1&quot; no tiene ninguna estrategia &quot;%2&quot; (tiene %3)</translation>
    </message>
    <message>
        <source>scenario &quot;%1&quot; has no parameter &quot;%2&quot; (it has %3)</source>
        <translation>el escenario &quot;%1&quot; no tiene ningún parámetro &quot;%2&quot; (tiene %3)</translation>
    </message>
    <message>
        <source>%1 = %2 is outside the allowed range %3…%4</source>
        <translation>%1 = %2 está fuera del rango permitido %3…%4</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>debe ser true o false</translation>
    </message>
    <message>
        <source>must be a whole number of milliseconds from 0 to 86400000</source>
        <translation>debe ser un número entero de milisegundos de 0 a 86400000</translation>
    </message>
    <message>
        <source>unknown database setting &quot;%1&quot; (expected deadlockDetection, lockWaitTimeoutMs or unique)</source>
        <translation>ajuste de base de datos desconocido &quot;%1&quot; (se esperaba deadlockDetection, lockWaitTimeoutMs o unique)</translation>
    </message>
    <message>
        <source>local &quot;%1&quot; has the name of a parameter; rename one of them</source>
        <translation>la variable local &quot;%1&quot; tiene el nombre de un parámetro; renombra uno de los dos</translation>
    </message>
    <message>
        <source>%1 actors is outside 0…200</source>
        <translation>%1 actores está fuera de 0…200</translation>
    </message>
    <message>
        <source>strategy &quot;%1&quot; has no program &quot;%2&quot;</source>
        <translation>la estrategia &quot;%1&quot; no tiene ningún programa &quot;%2&quot;</translation>
    </message>
    <message>
        <source>no actors with these parameters</source>
        <translation>no hay actores con estos parámetros</translation>
    </message>
    <message>
        <source>must be a list of key table names</source>
        <translation>debe ser una lista de nombres de tablas de claves</translation>
    </message>
    <message>
        <source>no key table &quot;%1&quot; in state.tables</source>
        <translation>no hay ninguna tabla de claves &quot;%1&quot; en state.tables</translation>
    </message>
    <message>
        <source>at most 60 rules</source>
        <translation>como mucho 60 reglas</translation>
    </message>
    <message>
        <source>ER_LOCK_DEADLOCK: Deadlock found when trying to get lock; try restarting transaction</source>
        <translation>ER_LOCK_DEADLOCK: interbloqueo al intentar obtener el bloqueo; reinicia la transacción</translation>
    </message>
    <message>
        <source>ER_LOCK_WAIT_TIMEOUT: Lock wait timeout exceeded; try restarting transaction</source>
        <translation>ER_LOCK_WAIT_TIMEOUT: se superó el tiempo de espera del bloqueo; reinicia la transacción</translation>
    </message>
    <message>
        <source>Storage rejected the write: its fencing token is older than one already seen</source>
        <translation>El almacenamiento rechazó la escritura: su fencing token es más antiguo que uno ya visto</translation>
    </message>
    <message>
        <source>Storage rejected the read: its fencing token is older than one already seen</source>
        <translation>El almacenamiento rechazó la lectura: su fencing token es más antiguo que uno ya visto</translation>
    </message>
    <message>
        <source>No such row</source>
        <translation>No existe esa fila</translation>
    </message>
    <message>
        <source>Model limit: table is full</source>
        <translation>Límite del modelo: la tabla está llena</translation>
    </message>
    <message>
        <source>Model limit: more than 10,000 local steps without touching shared state</source>
        <translation>Límite del modelo: más de 10.000 pasos locales sin tocar el estado compartido</translation>
    </message>
    <message>
        <source>Pool exhausted: timed out waiting for a connection</source>
        <translation>Pool agotado: se agotó el tiempo de espera de una conexión</translation>
    </message>
    <message>
        <source>Model limit: a request waits in one queue at a time; it enqueued again before its dequeue</source>
        <translation>Límite del modelo: una petición espera en una sola cola a la vez; volvió a encolarse antes de su dequeue</translation>
    </message>
    <message>
        <source>model limit: more than %1 distinct error messages</source>
        <translation>límite del modelo: más de %1 mensajes de error distintos</translation>
    </message>
    <message>
        <source>unknown state field &quot;%1&quot; (expected tables, memory, mutexes, leases, queues or pools)</source>
        <translation>campo de estado desconocido &quot;%1&quot; (se esperaba tables, memory, mutexes, leases, queues o pools)</translation>
    </message>
    <message>
        <source>must be a list of names</source>
        <translation>debe ser una lista de nombres</translation>
    </message>
    <message>
        <source>must be a name</source>
        <translation>debe ser un nombre</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is declared twice</source>
        <translation>&quot;%1&quot; está declarado dos veces</translation>
    </message>
    <message>
        <source>a row needs a numeric &quot;id&quot;</source>
        <translation>una fila necesita un &quot;id&quot; numérico</translation>
    </message>
    <message>
        <source>duplicate row id %1</source>
        <translation>id de fila duplicado %1</translation>
    </message>
    <message>
        <source>table &quot;%1&quot; has no column &quot;%2&quot;</source>
        <translation>la tabla &quot;%1&quot; no tiene ninguna columna &quot;%2&quot;</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot;</source>
        <translation>campo desconocido &quot;%1&quot;</translation>
    </message>
    <message>
        <source>a table needs a &quot;name&quot;</source>
        <translation>una tabla necesita un &quot;name&quot;</translation>
    </message>
    <message>
        <source>table &quot;%1&quot; is declared twice</source>
        <translation>la tabla &quot;%1&quot; está declarada dos veces</translation>
    </message>
    <message>
        <source>table &quot;%1&quot; has the name of a parameter; rename one of them</source>
        <translation>la tabla &quot;%1&quot; tiene el nombre de un parámetro; renombra uno de los dos</translation>
    </message>
    <message>
        <source>must list at least one column name</source>
        <translation>debe indicar al menos un nombre de columna</translation>
    </message>
    <message>
        <source>model limit: at most %1 columns</source>
        <translation>límite del modelo: como máximo %1 columnas</translation>
    </message>
    <message>
        <source>a table with columns needs at least one row</source>
        <translation>una tabla con columnas necesita al menos una fila</translation>
    </message>
    <message>
        <source>must be a list of tables</source>
        <translation>debe ser una lista de tablas</translation>
    </message>
    <message>
        <source>model limit: at most %1 tables</source>
        <translation>límite del modelo: como máximo %1 tablas</translation>
    </message>
    <message>
        <source>must be an object { … }</source>
        <translation>debe ser un objeto { … }</translation>
    </message>
    <message>
        <source>must be an object of name: value</source>
        <translation>debe ser un objeto de nombre: valor</translation>
    </message>
    <message>
        <source>model limit: at most %1 memory cells</source>
        <translation>límite del modelo: como máximo %1 celdas de memoria</translation>
    </message>
    <message>
        <source>must be an object of name: size</source>
        <translation>debe ser un objeto de nombre: tamaño</translation>
    </message>
    <message>
        <source>a pool needs at least one connection</source>
        <translation>un pool necesita al menos una conexión</translation>
    </message>
    <message>
        <source>step &quot;%1&quot; needs &quot;%2&quot;</source>
        <translation>el paso &quot;%1&quot; necesita &quot;%2&quot;</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is a parameter and cannot be assigned</source>
        <translation>&quot;%1&quot; es un parámetro y no se le puede asignar un valor</translation>
    </message>
    <message>
        <source>missing &quot;%1&quot;</source>
        <translation>falta &quot;%1&quot;</translation>
    </message>
    <message>
        <source>no %1 &quot;%2&quot; is declared in state</source>
        <translation>no hay ningún %1 &quot;%2&quot; declarado en state</translation>
    </message>
    <message>
        <source>no memory cell &quot;%1&quot; in state.memory</source>
        <translation>no hay ninguna celda de memoria &quot;%1&quot; en state.memory</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a cell; write table[id].column or mem.name</source>
        <translation>&quot;%1&quot; no es una celda; escribe table[id].column o mem.name</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a row; write table[id]</source>
        <translation>&quot;%1&quot; no es una fila; escribe table[id]</translation>
    </message>
    <message>
        <source>no table &quot;%1&quot; with columns in state.tables</source>
        <translation>no hay ninguna tabla &quot;%1&quot; con columnas en state.tables</translation>
    </message>
    <message>
        <source>only database rows can be read FOR UPDATE</source>
        <translation>solo las filas de la base de datos pueden leerse FOR UPDATE</translation>
    </message>
    <message>
        <source>only database rows check fencing tokens</source>
        <translation>solo las filas de la base de datos comprueban fencing tokens</translation>
    </message>
    <message>
        <source>model limit: at most %1 lines in a program</source>
        <translation>límite del modelo: como máximo %1 líneas en un programa</translation>
    </message>
    <message>
        <source>label &quot;%1&quot; is used twice</source>
        <translation>la etiqueta &quot;%1&quot; se usa dos veces</translation>
    </message>
    <message>
        <source>goto to unknown label &quot;%1&quot;</source>
        <translation>goto a una etiqueta desconocida &quot;%1&quot;</translation>
    </message>
    <message>
        <source>the program has no steps; add &quot;steps&quot; to at least one line</source>
        <translation>el programa no tiene pasos; añade &quot;steps&quot; al menos a una línea</translation>
    </message>
    <message>
        <source>Waits in queue %1 until the worker finishes %2&apos;s job.</source>
        <translation>Espera en la cola %1 hasta que el worker termine el trabajo de %2.</translation>
    </message>
    <message>
        <source>Waits for the row lock on %1, held by %2.</source>
        <translation>Espera el bloqueo de fila sobre %1, en poder de %2.</translation>
    </message>
    <message>
        <source>Waits for the shared lock on %1 that %2&apos;s SELECT holds.</source>
        <translation>Espera al bloqueo compartido sobre %1 que tiene el SELECT de %2.</translation>
    </message>
    <message>
        <source>Waits: %1 inserted the same key %2 into %3 and has not committed yet.</source>
        <translation>Espera: %1 insertó la misma clave %2 en %3 y aún no ha hecho commit.</translation>
    </message>
    <message>
        <source>Waits for mutex %1, which it already holds itself: it will wait forever.</source>
        <translation>Espera el mutex %1, que ya tiene en su poder: esperará para siempre.</translation>
    </message>
    <message>
        <source>Waits for mutex %1, held by %2.</source>
        <translation>Espera el mutex %1, en poder de %2.</translation>
    </message>
    <message>
        <source>Waits for lock %1, held by %2 until t=%3 ms.</source>
        <translation>Espera el bloqueo %1, en poder de %2 hasta t=%3 ms.</translation>
    </message>
    <message>
        <source>Waits for a free connection in pool %1.</source>
        <translation>Espera una conexión libre en el pool %1.</translation>
    </message>
    <message>
        <source>%1 has finished.</source>
        <translation>%1 ha terminado.</translation>
    </message>
    <message>
        <source>%1 has failed: %2</source>
        <translation>%1 ha fallado: %2</translation>
    </message>
    <message>
        <source>Busy or paused until t=%1 ms; advance time to wake it.</source>
        <translation>Ocupada o en pausa hasta t=%1 ms; deja pasar el tiempo para despertarla.</translation>
    </message>
    <message>
        <source>The event loop is busy running %1; nothing else on it can run.</source>
        <translation>El bucle de eventos está ocupado ejecutando %1; nada más puede ejecutarse en él.</translation>
    </message>
    <message>
        <source>stuck: every request waits forever</source>
        <translation>atascado: todas las peticiones esperan para siempre</translation>
    </message>
    <message>
        <source>clock</source>
        <translation>reloj</translation>
    </message>
    <message>
        <source>unknown database &quot;%1&quot; (expected mysql or postgres)</source>
        <translation>base de datos desconocida «%1» (se esperaba mysql o postgres)</translation>
    </message>
    <message>
        <source>unknown isolation level &quot;%1&quot; (expected ru, rc, rr or ser)</source>
        <translation>nivel de aislamiento desconocido «%1» (se esperaba ru, rc, rr o ser)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a database variant such as &quot;mysql/rr&quot;</source>
        <translation>«%1» no es una variante de base de datos como «mysql/rr»</translation>
    </message>
    <message>
        <source>ER_DUP_ENTRY: Duplicate entry for key</source>
        <translation>ER_DUP_ENTRY: entrada duplicada para la clave</translation>
    </message>
    <message>
        <source>40P01: deadlock detected</source>
        <translation>40P01: interbloqueo detectado</translation>
    </message>
    <message>
        <source>55P03: canceling statement due to lock timeout</source>
        <translation>55P03: sentencia cancelada por tiempo de espera de bloqueo</translation>
    </message>
    <message>
        <source>40001: could not serialize access due to concurrent update</source>
        <translation>40001: no se pudo serializar el acceso debido a una actualización concurrente</translation>
    </message>
    <message>
        <source>40001: could not serialize access due to read/write dependencies among transactions</source>
        <translation>40001: no se pudo serializar el acceso debido a dependencias de lectura/escritura entre transacciones</translation>
    </message>
    <message>
        <source>23505: duplicate key value violates unique constraint</source>
        <translation>23505: el valor de clave duplicado viola la restricción de unicidad</translation>
    </message>
    <message>
        <source>%1 is modelled for at most %2 requests and %2 rows; this variant has %3 requests and %4 rows (choose another isolation level or fewer requests)</source>
        <translation>%1 está modelado para un máximo de %2 peticiones y %2 filas; esta variante tiene %3 peticiones y %4 filas (elija otro nivel de aislamiento o menos peticiones)</translation>
    </message>
    <message>
        <source>The clock</source>
        <translation>El reloj</translation>
    </message>
    <message>
        <source>%1 locks and reads %2 = %3 (SELECT … FOR UPDATE).</source>
        <translation>%1 bloquea y lee %2 = %3 (SELECT … FOR UPDATE).</translation>
    </message>
    <message>
        <source>%1 reads %2 = %3.</source>
        <translation>%1 lee %2 = %3.</translation>
    </message>
    <message>
        <source>%1 tries to write %2 = %3 with fencing token %4; storage has seen a newer token and rejects it.</source>
        <translation>%1 intenta escribir %2 = %3 con el fencing token %4; el almacenamiento ha visto un token más nuevo y lo rechaza.</translation>
    </message>
    <message>
        <source>%1 writes %2 = %3 with fencing token %4.</source>
        <translation>%1 escribe %2 = %3 con el fencing token %4.</translation>
    </message>
    <message>
        <source>%1 writes %2 = %3.</source>
        <translation>%1 escribe %2 = %3.</translation>
    </message>
    <message>
        <source>%1 updates %2 to %3 in one atomic statement (1 row affected).</source>
        <translation>%1 actualiza %2 a %3 en una sola sentencia atómica (1 fila afectada).</translation>
    </message>
    <message>
        <source>%1&apos;s atomic update of %2 matches no row (0 rows affected): its condition is false.</source>
        <translation>La actualización atómica de %2 por parte de %1 no coincide con ninguna fila (0 filas afectadas): su condición es falsa.</translation>
    </message>
    <message>
        <source>%1 inserts key %2 into %3.</source>
        <translation>%1 inserta la clave %2 en %3.</translation>
    </message>
    <message>
        <source>%1 tries to insert key %2 into %3, but the unique key rejects the duplicate.</source>
        <translation>%1 intenta insertar la clave %2 en %3, pero la clave única rechaza el duplicado.</translation>
    </message>
    <message>
        <source>%1 looks for key %2 in %3 and finds it.</source>
        <translation>%1 busca la clave %2 en %3 y la encuentra.</translation>
    </message>
    <message>
        <source>%1 looks for key %2 in %3 and does not find it.</source>
        <translation>%1 busca la clave %2 en %3 y no la encuentra.</translation>
    </message>
    <message>
        <source>%1 begins a transaction.</source>
        <translation>%1 inicia una transacción.</translation>
    </message>
    <message>
        <source>%1 commits: its changes become visible and its row locks are released.</source>
        <translation>%1 hace commit: sus cambios se hacen visibles y sus bloqueos de fila se liberan.</translation>
    </message>
    <message>
        <source>%1 rolls back: its uncommitted changes are discarded.</source>
        <translation>%1 revierte: sus cambios sin confirmar se descartan.</translation>
    </message>
    <message>
        <source>%1 must wait for %2.</source>
        <translation>%1 debe esperar a %2.</translation>
    </message>
    <message>
        <source>%1 must wait for %2, held by %3.</source>
        <translation>%1 debe esperar a %2, en poder de %3.</translation>
    </message>
    <message>
        <source>%1 acquires lock %2 (SET NX PX) with fencing token %3; it expires at t=%4 ms.</source>
        <translation>%1 obtiene el bloqueo %2 (SET NX PX) con el fencing token %3; expira en t=%4 ms.</translation>
    </message>
    <message>
        <source>%1 takes a connection from pool %2 (%3 left).</source>
        <translation>%1 toma una conexión del pool %2 (quedan %3).</translation>
    </message>
    <message>
        <source>%1 acquires the lock on %2.</source>
        <translation>%1 obtiene el bloqueo sobre %2.</translation>
    </message>
    <message>
        <source>%1 deletes lock %2 without checking its owner, but the lock now belongs to %3!</source>
        <translation>%1 borra el bloqueo %2 sin comprobar su propietario, ¡pero el bloqueo ahora pertenece a %3!</translation>
    </message>
    <message>
        <source>%1 releases %2.</source>
        <translation>%1 libera %2.</translation>
    </message>
    <message>
        <source>%1 deletes lock %2, but it is already gone: nothing to delete.</source>
        <translation>%1 borra el bloqueo %2, pero ya no existe: no hay nada que borrar.</translation>
    </message>
    <message>
        <source>%1 leaves lock %2 alone: it no longer holds it (the lease expired), and the owner check deletes only its own lock.</source>
        <translation>%1 deja en paz el bloqueo %2: ya no lo tiene (el lease expiró), y la comprobación del propietario solo borra su propio bloqueo.</translation>
    </message>
    <message>
        <source>%1 leaves lock %2 alone: it now belongs to %3, and the owner check deletes only its own lock.</source>
        <translation>%1 deja en paz el bloqueo %2: ahora pertenece a %3, y la comprobación del propietario solo borra su propio bloqueo.</translation>
    </message>
    <message>
        <source>%1 finds lock %2 held by %3.</source>
        <translation>%1 encuentra el bloqueo %2 en poder de %3.</translation>
    </message>
    <message>
        <source>%1 cannot take %2: it is already taken.</source>
        <translation>%1 no puede tomar %2: ya está ocupado.</translation>
    </message>
    <message>
        <source>Lock %1 of %2 expires (TTL ran out). Its holder is not told.</source>
        <translation>El bloqueo %1 de %2 expira (se agotó el TTL). A su poseedor no se le avisa.</translation>
    </message>
    <message>
        <source>%1 puts its job on queue %2.</source>
        <translation>%1 pone su trabajo en la cola %2.</translation>
    </message>
    <message>
        <source>The worker finishes %1&apos;s job from queue %2.</source>
        <translation>El worker termina el trabajo de %1 de la cola %2.</translation>
    </message>
    <message>
        <source>%1 waits %2 ms (setTimeout); other threads keep running.</source>
        <translation>%1 espera %2 ms (setTimeout); los demás hilos siguen ejecutándose.</translation>
    </message>
    <message>
        <source>%1 resumes after awaiting a %2 ms timer; meanwhile the event loop was free for other requests.</source>
        <translation>%1 continúa tras esperar con await un temporizador de %2 ms; mientras tanto, el bucle de eventos estuvo libre para otras peticiones.</translation>
    </message>
    <message>
        <source>%1 is paused for %2 ms (for example a GC pause); it does not notice.</source>
        <translation>%1 se pausa durante %2 ms (por ejemplo, una pausa del GC); no se da cuenta.</translation>
    </message>
    <message>
        <source>%1 does %2 ms of CPU work.</source>
        <translation>%1 hace %2 ms de trabajo de CPU.</translation>
    </message>
    <message>
        <source>%1 resumes.</source>
        <translation>%1 continúa.</translation>
    </message>
    <message>
        <source>%1 computes %2 = %3.</source>
        <translation>%1 calcula %2 = %3.</translation>
    </message>
    <message>
        <source>%1 fails: %2</source>
        <translation>%1 falla: %2</translation>
    </message>
    <message>
        <source>%1 finishes successfully.</source>
        <translation>%1 termina con éxito.</translation>
    </message>
    <message>
        <source>Deadlock: %1 requests wait for each other in a cycle. The database picks %2 as the victim and rolls it back.</source>
        <translation>Interbloqueo: %1 peticiones se esperan mutuamente en un ciclo. La base de datos elige a %2 como víctima y revierte su transacción.</translation>
    </message>
    <message>
        <source>%1 has waited too long for %2 and gives up.</source>
        <translation>%1 ha esperado demasiado a %2 y se rinde.</translation>
    </message>
    <message>
        <source>Rule broken: %1. %2</source>
        <translation>Regla incumplida: %1. %2</translation>
    </message>
    <message>
        <source>A rule is broken.</source>
        <translation>Se ha incumplido una regla.</translation>
    </message>
    <message>
        <source>%1 writes although it no longer holds its lock (the lease expired or was deleted): nothing stops this stale write.</source>
        <translation>%1 escribe aunque ya no tiene su bloqueo (el lease expiró o se borró): nada detiene esta escritura obsoleta.</translation>
    </message>
    <message>
        <source>%1 released a lock it no longer owned.</source>
        <translation>%1 liberó un bloqueo que ya no le pertenecía.</translation>
    </message>
    <message>
        <source>Anomaly.</source>
        <translation>Anomalía.</translation>
    </message>
    <message>
        <source>Time passes: the clock is now t=%1 ms.</source>
        <translation>Pasa el tiempo: el reloj marca ahora t=%1 ms.</translation>
    </message>
    <message>
        <source>only a table that some step inserts into can have an absent row</source>
        <translation>solo una tabla en la que algún paso inserta puede tener una fila ausente</translation>
    </message>
    <message>
        <source>an absent row has no values: its insert gives them</source>
        <translation>una fila ausente no tiene valores: se los da su INSERT</translation>
    </message>
    <message>
        <source>step &quot;%1&quot; needs &quot;set&quot;: { column: expression }</source>
        <translation>el paso &quot;%1&quot; necesita &quot;set&quot;: { columna: expresión }</translation>
    </message>
    <message>
        <source>only &quot;select&quot; sums rows</source>
        <translation>solo &quot;select&quot; suma filas</translation>
    </message>
    <message>
        <source>only &quot;begin&quot; retries its transaction</source>
        <translation>solo &quot;begin&quot; reintenta su transacción</translation>
    </message>
    <message>
        <source>%1 gets %2 and retries its transaction from BEGIN.</source>
        <translation>%1 recibe %2 y reintenta su transacción desde BEGIN.</translation>
    </message>
    <message>
        <source>model limit: at most %1 actors in all</source>
        <translation>límite del modelo: como máximo %1 actores en total</translation>
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
        <translation>Escenarios</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Panel</translation>
    </message>
    <message>
        <source>Outcomes</source>
        <translation>Resultados</translation>
    </message>
    <message>
        <source>Compare fixes</source>
        <translation>Comparar</translation>
    </message>
    <message>
        <source>Who waits for whom</source>
        <translation>¿Quién espera?</translation>
    </message>
    <message>
        <source>What happens</source>
        <translation>Qué ocurre</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Open scenario file…</source>
        <translation>&amp;Abrir archivo de escenario…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Step</source>
        <translation>&amp;Pasos</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Ejecutar</translation>
    </message>
    <message>
        <source>Cancel running job</source>
        <translation>Cancelar la tarea en curso</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>Fit timeline to window</source>
        <translation>Ajustar la línea de tiempo a la ventana</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Ampliar</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Reducir</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <source>&amp;Keyboard reference</source>
        <translation>&amp;Referencia de teclado</translation>
    </message>
    <message>
        <source>&amp;About Interleave</source>
        <translation>&amp;Acerca de Interleave</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Acerca de &amp;Qt</translation>
    </message>
    <message>
        <source>No built-in scenario &quot;%1&quot; and no such file.</source>
        <translation>No hay ningún escenario integrado «%1» ni ningún archivo con ese nombre.</translation>
    </message>
    <message>
        <source>Open scenario</source>
        <translation>Abrir escenario</translation>
    </message>
    <message>
        <source>Scenario files (*.json);;All files (*)</source>
        <translation>Archivos de escenario (*.json);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Ran once on real threads in %1 ms: %2</source>
        <translation>Ejecutado una vez en hilos reales en %1 ms: %2</translation>
    </message>
    <message>
        <source>Loaded the schedule %1. Undo (Backspace) to step back through it.</source>
        <translation>Planificación %1 cargada. Usa Deshacer (Retroceso) para recorrerla hacia atrás.</translation>
    </message>
    <message>
        <source>Execution model</source>
        <translation>Modelo de ejecución</translation>
    </message>
    <message>
        <source>Predict, then reveal</source>
        <translation>Predecir y luego revelar</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportar…</translation>
    </message>
    <message>
        <source>The timeline, dashboard or wait-for graph as PNG, SVG or PDF; the trace for Perfetto; the graph as DOT</source>
        <translation>La línea de tiempo, el panel o el grafo de espera como PNG, SVG o PDF; la traza para Perfetto; el grafo como DOT</translation>
    </message>
    <message>
        <source>&amp;Classroom</source>
        <translation>Au&amp;la</translation>
    </message>
    <message>
        <source>Export the visible range…</source>
        <translation>Exportar el tramo visible…</translation>
    </message>
    <message>
        <source>Export the whole timeline…</source>
        <translation>Exportar toda la línea de tiempo…</translation>
    </message>
    <message>
        <source>Export the trace for Perfetto…</source>
        <translation>Exportar la traza para Perfetto…</translation>
    </message>
    <message>
        <source>Fit to window</source>
        <translation>Ajustar a la ventana</translation>
    </message>
    <message>
        <source>Opened the session %1.</source>
        <translation>Se ha abierto la sesión %1.</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>Lado a lado</translation>
    </message>
    <message>
        <source>Interleave — %1 · %2 · %3 · %4</source>
        <translation>Interleave — %1 · %2 · %3 · %4</translation>
    </message>
    <message>
        <source>Export &amp;handout…</source>
        <translation>Exportar &amp;material impreso…</translation>
    </message>
    <message>
        <source>For class, on paper: one page per move, an exercise sheet, its answer sheet</source>
        <translation>Para clase, en papel: una página por movimiento, una hoja de ejercicios, su hoja de soluciones</translation>
    </message>
    <message>
        <source>Challenge</source>
        <translation>Reto</translation>
    </message>
    <message>
        <source>Challen&amp;ges</source>
        <translation>&amp;Retos</translation>
    </message>
    <message>
        <source>%1 (Esc cancels)</source>
        <translation>%1 (Esc cancela)</translation>
    </message>
</context>
<context>
    <name>ModelBar</name>
    <message>
        <source>Runs on:</source>
        <translation>Se ejecuta en:</translation>
    </message>
    <message>
        <source>Execution model: OS threads interleave at every shared step; a Node.js event loop only at await; several server instances each have their own memory and in-process locks.</source>
        <translation>Modelo de ejecución: los hilos del SO se entrelazan en cada paso sobre estado compartido; un bucle de eventos de Node.js solo en await; varias instancias de servidor tienen cada una su propia memoria y sus propios bloqueos en el proceso.</translation>
    </message>
    <message>
        <source>×</source>
        <translation>×</translation>
    </message>
    <message>
        <source>How many server instances</source>
        <translation>Cuántas instancias de servidor</translation>
    </message>
    <message>
        <source>Several server instances</source>
        <translation>Varias instancias</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Base de datos:</translation>
    </message>
    <message>
        <source>Which database runs the SQL, and at which isolation level: what a plain SELECT sees, which statements wait, and which fail with a deadlock or serialization error.</source>
        <translation>Qué base de datos ejecuta el SQL y con qué nivel de aislamiento: qué ve un SELECT simple, qué sentencias esperan y cuáles fallan con un interbloqueo o un error de serialización.</translation>
    </message>
    <message>
        <source>Instances</source>
        <translation>Instancias</translation>
    </message>
    <message>
        <source>Event loop</source>
        <translation>Bucle de eventos</translation>
    </message>
</context>
<context>
    <name>MoveStatus</name>
    <message>
        <source>Move %1 of %2 · t = %3 ms</source>
        <translation>Movimiento %1 de %2 · t = %3 ms</translation>
    </message>
    <message>
        <source>Every request has finished. Undo (Backspace) to try another order.</source>
        <translation>Todas terminaron. Deshaz (Retroceso) para otro orden.</translation>
    </message>
</context>
<context>
    <name>NarrationModel</name>
    <message>
        <source>someone</source>
        <translation>alguien</translation>
    </message>
    <message>
        <source>This value goes stale: %1 writes %2 (move %3) before %4 writes back.</source>
        <translation>Este valor queda obsoleto: %1 escribe %2 (movimiento %3) antes de que %4 escriba de vuelta.</translation>
    </message>
    <message>
        <source> %1 computed %2 from the value it read at move %3, before %4 wrote.</source>
        <translation> %1 calculó %2 a partir del valor que leyó en el movimiento %3, antes de que %4 escribiera.</translation>
    </message>
    <message>
        <source>⚠ Lost update: %1&apos;s write (%2) is gone, overwritten by %3.</source>
        <translation>⚠ Actualización perdida: la escritura de %1 (%2) ha desaparecido, sobrescrita por %3.</translation>
    </message>
    <message>
        <source>⚠ Why: each transaction holds a lock the other one needs, and neither lets go. If every transaction takes its locks in the same order (for example sorted by id), this cycle cannot form.</source>
        <translation>⚠ Por qué: cada transacción tiene un bloqueo que la otra necesita, y ninguna lo suelta. Si todas las transacciones toman sus bloqueos en el mismo orden (por ejemplo ordenados por id), este ciclo no puede formarse.</translation>
    </message>
</context>
<context>
    <name>OutcomeChart</name>
    <message>
        <source>Press &lt;b&gt;Explore all&lt;/b&gt; to count every possible interleaving, or &lt;b&gt;Run ×N&lt;/b&gt; for trials on real threads.</source>
        <translation>Pulsa &lt;b&gt;Explorar todo&lt;/b&gt; para contar todos los entrelazados posibles, o &lt;b&gt;Ejecutar ×N&lt;/b&gt; para ensayos en hilos reales.</translation>
    </message>
    <message>
        <source>%1
%2 — click to load its schedule: %3</source>
        <translation>%1
%2 — haz clic para cargar su planificación: %3</translation>
    </message>
    <message>
        <source>✗ Breaks a rule</source>
        <translation>✗ Incumple una regla</translation>
    </message>
    <message>
        <source>✗ Breaks: %1</source>
        <translation>✗ Incumple: %1</translation>
    </message>
    <message>
        <source>✓ Every rule holds</source>
        <translation>✓ Se cumplen todas las reglas</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message numerus="yes">
        <source>%n other outcome(s), %1 breaking a rule — click to show them all</source>
        <translation>
            <numerusform>%n resultado más, %1 incumple una regla — haz clic para verlos todos</numerusform>
            <numerusform>%n resultados más, %1 incumplen una regla — haz clic para verlos todos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OutcomeLabels</name>
    <message>
        <source>all but %1: %2</source>
        <translation>todos menos %1: %2</translation>
    </message>
    <message>
        <source>no request failed</source>
        <translation>ninguna petición falló</translation>
    </message>
    <message>
        <source>same figures, other state</source>
        <translation>mismas cifras, otro estado</translation>
    </message>
</context>
<context>
    <name>OutcomesPresenter</name>
    <message>
        <source>The trials above were for another variant. Press &lt;b&gt;Run ×N&lt;/b&gt; again.</source>
        <translation>Los ensayos de arriba eran de otra variante. Vuelve a pulsar &lt;b&gt;Ejecutar ×N&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>deadlock</source>
        <translation>interbloqueo</translation>
    </message>
    <message>
        <source>deadlock: %1</source>
        <translation>interbloqueo: %1</translation>
    </message>
    <message>
        <source>livelock: %1</source>
        <translation>livelock: %1</translation>
    </message>
    <message>
        <source>%1 of %2 interleavings</source>
        <translation>%1 de %2 entrelazados</translation>
    </message>
    <message>
        <source>On threads a move runs a request to its next access to shared state.</source>
        <translation>Con hilos, un paso lleva una petición hasta su siguiente acceso al estado compartido.</translation>
    </message>
    <message>
        <source>On an event loop a move runs a request from one await to the next, so there are fewer moves, and fewer interleavings, than on threads.</source>
        <translation>En un event loop, un paso lleva una petición de un await al siguiente; por eso hay menos pasos, y menos intercalados, que con hilos.</translation>
    </message>
    <message>
        <source>%L1 distinct states, %2 s. Click a bar to step through one schedule that ends there.</source>
        <translation>%L1 estados distintos, %2 s. Haz clic en una barra para recorrer paso a paso una planificación que acaba ahí.</translation>
    </message>
    <message>
        <source>%1 of %2 trials</source>
        <translation>%1 de %2 ensayos</translation>
    </message>
    <message>
        <source>%1 of %2 trials on real threads broke a rule.</source>
        <translation>%1 de %2 ensayos en hilos reales incumplieron una regla.</translation>
    </message>
    <message>
        <source>%1 ms in all. Threads interleave differently each run; Explore all counts every possibility.</source>
        <translation>%1 ms en total. Los hilos se entrelazan de forma distinta en cada ejecución; «Explorar todo» cuenta todas las posibilidades.</translation>
    </message>
    <message>
        <source>Cancelled after %1 of %2 trials. </source>
        <translation>Cancelado tras %1 de %2 ensayos. </translation>
    </message>
    <message>
        <source>reached; not counted</source>
        <translation>alcanzado; sin contar</translation>
    </message>
</context>
<context>
    <name>ParameterBar</name>
    <message>
        <source>Parameters</source>
        <translation>Parámetros</translation>
    </message>
</context>
<context>
    <name>PlayController</name>
    <message>
        <source>No interleaving breaks a rule here: there is no bug to show.</source>
        <translation>Aquí ningún entrelazado incumple una regla: no hay ningún error que mostrar.</translation>
    </message>
    <message>
        <source>Playing the simplest schedule that breaks a rule: %1</source>
        <translation>Reproduciendo la planificación más simple que incumple una regla: %1</translation>
    </message>
</context>
<context>
    <name>PredictionCheck</name>
    <message>
        <source>&quot;%1&quot; is not a whole number; write the values separated by commas, for example 1100, 1300</source>
        <translation>«%1» no es un número entero; escribe los valores separados por comas, por ejemplo 1100, 1300</translation>
    </message>
    <message>
        <source>write at least one value, for example 1300</source>
        <translation>escribe al menos un valor, por ejemplo 1300</translation>
    </message>
    <message>
        <source>%1 (%2 interleavings)</source>
        <translation>%1 (%2 entrelazados)</translation>
    </message>
    <message>
        <source>Possible final values of %1: %2.</source>
        <translation>Valores finales posibles de %1: %2.</translation>
    </message>
    <message>
        <source>Your prediction is exactly right.</source>
        <translation>Tu predicción es exactamente correcta.</translation>
    </message>
    <message>
        <source>You predicted %1 correctly.</source>
        <translation>Predijiste correctamente %1.</translation>
    </message>
    <message>
        <source>You missed %1.</source>
        <translation>Se te escapó %1.</translation>
    </message>
    <message>
        <source>%1 cannot happen in any interleaving.</source>
        <translation>%1 no puede ocurrir en ningún entrelazado.</translation>
    </message>
    <message>
        <source>The exploration was incomplete: other values may also be possible.</source>
        <translation>La exploración fue incompleta: también podrían ser posibles otros valores.</translation>
    </message>
    <message>
        <source>Some interleavings never end.</source>
        <translation>Algunos entrelazados nunca terminan.</translation>
    </message>
</context>
<context>
    <name>PredictionPanel</name>
    <message>
        <source>Hidden: predict first, then reveal (F7)</source>
        <translation>Oculto: primero predice, luego revela (F7)</translation>
    </message>
    <message>
        <source>Checking every interleaving…</source>
        <translation>Comprobando todos los entrelazados…</translation>
    </message>
    <message>
        <source>&amp;Predict, then reveal</source>
        <translation>Pre&amp;decir y luego revelar</translation>
    </message>
    <message>
        <source>Hide the final state and the histogram while students predict (F6)</source>
        <translation>Ocultar el estado final y el histograma mientras los estudiantes predicen (F6)</translation>
    </message>
    <message>
        <source>&amp;Reveal</source>
        <translation>&amp;Revelar</translation>
    </message>
    <message>
        <source>Check the prediction against every interleaving and show the outcomes (F7)</source>
        <translation>Comprobar la predicción con todos los entrelazados y mostrar los resultados (F7)</translation>
    </message>
    <message>
        <source>Which final values are possible? Pick the figure, type every value you expect, then reveal.</source>
        <translation>¿Qué valores finales son posibles? Elige la cifra, escribe todos los valores que esperas y luego revela.</translation>
    </message>
    <message>
        <source>for example 1100, 1200, 1300</source>
        <translation>por ejemplo 1100, 1200, 1300</translation>
    </message>
    <message>
        <source>Reveal (F7)</source>
        <translation>Revelar (F7)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#1b6e20&apos;&gt;✓ Exactly right.&lt;/b&gt;</source>
        <translation>&lt;b style=&apos;color:#1b6e20&apos;&gt;✓ Exactamente.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#b00020&apos;&gt;✗ Not quite.&lt;/b&gt;</source>
        <translation>&lt;b style=&apos;color:#b00020&apos;&gt;✗ No del todo.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Predicted correctly: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Predicho correctamente: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Missed: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>No previsto: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Impossible: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Imposible: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>PresenterMode</name>
    <message>
        <source>&amp;Presenter mode</source>
        <translation>Modo &amp;presentación</translation>
    </message>
    <message>
        <source>Full screen, everything larger, high contrast; code, timeline and verdict only (F5)</source>
        <translation>Pantalla completa, todo más grande, alto contraste; solo código, línea de tiempo y veredicto (F5)</translation>
    </message>
    <message>
        <source>Show the toolbars</source>
        <translation>Mostrar las barras de herramientas</translation>
    </message>
</context>
<context>
    <name>PrivateServer</name>
    <message>
        <source>%1 is not installed: the program %2 is missing (Debian package %3)</source>
        <translation>%1 no está instalado: falta el programa %2 (paquete Debian %3)</translation>
    </message>
    <message>
        <source>Starting %1…</source>
        <translation>Iniciando %1…</translation>
    </message>
    <message>
        <source>Waiting for %1 to answer…</source>
        <translation>Esperando a que %1 responda…</translation>
    </message>
    <message>
        <source>%1 is ready (%2 s).</source>
        <translation>%1 está listo (%2 s).</translation>
    </message>
    <message>
        <source>cannot create a temporary directory: %1</source>
        <translation>no se puede crear un directorio temporal: %1</translation>
    </message>
    <message>
        <source>cannot give %1 to the user nobody, as PostgreSQL will not run as root</source>
        <translation>no se puede ceder %1 al usuario nobody, y PostgreSQL no se ejecuta como root</translation>
    </message>
    <message>
        <source>Creating the %1 data directory…</source>
        <translation>Creando el directorio de datos de %1…</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelado</translation>
    </message>
    <message>
        <source>%1 did not finish within 60 s</source>
        <translation>%1 no terminó en 60 s</translation>
    </message>
    <message>
        <source>%1 failed (exit code %2): %3</source>
        <translation>%1 falló (código de salida %2): %3</translation>
    </message>
    <message>
        <source>%1 did not start: %2</source>
        <translation>%1 no se inició: %2</translation>
    </message>
    <message>
        <source>%1 stopped while starting: %2</source>
        <translation>%1 se detuvo al iniciarse: %2</translation>
    </message>
    <message>
        <source>%1 did not answer within 60 s: %2</source>
        <translation>%1 no respondió en 60 s: %2</translation>
    </message>
    <message>
        <source>no log</source>
        <translation>sin registro</translation>
    </message>
</context>
<context>
    <name>RecentFiles</name>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Abrir &amp;reciente</translation>
    </message>
    <message>
        <source>%1 is no longer there; it was taken off the recent files.</source>
        <translation>%1 ya no existe; se ha quitado de los archivos recientes.</translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation>&amp;Vaciar lista</translation>
    </message>
</context>
<context>
    <name>RedisLeases</name>
    <message>
        <source>cannot reach Redis at %1: %2</source>
        <translation>no se puede contactar con Redis en %1: %2</translation>
    </message>
    <message>
        <source>out of memory</source>
        <translation>sin memoria</translation>
    </message>
    <message>
        <source>Redis at %1 refused the password: %2</source>
        <translation>Redis en %1 rechazó la contraseña: %2</translation>
    </message>
    <message>
        <source>Redis at %1 does not answer: %2</source>
        <translation>Redis en %1 no responde: %2</translation>
    </message>
    <message>
        <source>built without hiredis (Debian package libhiredis-dev): lease steps cannot run on Redis</source>
        <translation>compilado sin hiredis (paquete de Debian libhiredis-dev): los pasos de lease no pueden ejecutarse en Redis</translation>
    </message>
    <message>
        <source>an unknown owner (%1)</source>
        <translation>un propietario desconocido (%1)</translation>
    </message>
    <message>
        <source>Redis stopped answering: %1</source>
        <translation>Redis dejó de responder: %1</translation>
    </message>
    <message>
        <source>%1 acquires %2, token %3</source>
        <translation>%1 obtiene %2, token %3</translation>
    </message>
    <message>
        <source>%1 waits for %2, held by %3</source>
        <translation>%1 espera %2, en manos de %3</translation>
    </message>
    <message>
        <source>%1 releases %2: deletes nothing</source>
        <translation>%1 libera %2: no borra nada</translation>
    </message>
    <message>
        <source>%1 is refused %2, held by %3</source>
        <translation>a %1 se le niega %2, en manos de %3</translation>
    </message>
    <message>
        <source>%1 releases %2: deletes %3&apos;s lock</source>
        <translation>%1 libera %2: borra el bloqueo de %3</translation>
    </message>
    <message>
        <source>%1 runs out, held by %2</source>
        <translation>%1 caduca, en manos de %2</translation>
    </message>
    <message>
        <source>%1 is still held by %2 %3 ms after its TTL</source>
        <translation>%1 sigue en manos de %2 %3 ms después de su TTL</translation>
    </message>
    <message>
        <source>a lock wait timeout on the model&apos;s clock</source>
        <translation>un tiempo de espera de bloqueo en el reloj del modelo</translation>
    </message>
    <message>
        <source>%1 is held by %2</source>
        <translation>%1 está en manos de %2</translation>
    </message>
    <message>
        <source>%1 is free</source>
        <translation>%1 está libre</translation>
    </message>
    <message>
        <source>the runner took longer than %1&apos;s real TTL (%2 ms per model second)</source>
        <translation>la ejecución tardó más que el TTL real de %1 (%2 ms por segundo del modelo)</translation>
    </message>
</context>
<context>
    <name>RunToolBar</name>
    <message>
        <source>Run</source>
        <translation>Ejecutar</translation>
    </message>
    <message>
        <source>▶ Play</source>
        <translation>▶ Reproducir</translation>
    </message>
    <message>
        <source>Step automatically with the chosen policy (Space)</source>
        <translation>Avanzar automáticamente con el criterio elegido (Espacio)</translation>
    </message>
    <message>
        <source>random, seed</source>
        <translation>aleatorio, semilla</translation>
    </message>
    <message>
        <source>round-robin</source>
        <translation>round-robin</translation>
    </message>
    <message>
        <source>show me the bug</source>
        <translation>muéstrame el error</translation>
    </message>
    <message>
        <source>How Play chooses the next move</source>
        <translation>Cómo elige Reproducir el siguiente movimiento</translation>
    </message>
    <message>
        <source>Seed of the random policy: the same seed plays the same schedule</source>
        <translation>Semilla del criterio aleatorio: la misma semilla reproduce la misma planificación</translation>
    </message>
    <message>
        <source>Play speed: moves per second</source>
        <translation>Velocidad de reproducción: movimientos por segundo</translation>
    </message>
    <message>
        <source>Show me the bug</source>
        <translation>Muéstrame el error</translation>
    </message>
    <message>
        <source>Play the simplest schedule that breaks a rule, found by exploring every interleaving (B)</source>
        <translation>Reproducir la planificación más simple que incumple una regla, hallada explorando todos los entrelazados (B)</translation>
    </message>
    <message>
        <source>Explore all</source>
        <translation>Explorar todo</translation>
    </message>
    <message>
        <source>Count every possible interleaving and its outcome (E)</source>
        <translation>Contar todos los entrelazados posibles y su resultado (E)</translation>
    </message>
    <message>
        <source>Run on threads</source>
        <translation>Ejecutar en hilos</translation>
    </message>
    <message>
        <source>Run once on real threads; the timeline shows wall time (R)</source>
        <translation>Ejecutar una vez en hilos reales; la línea de tiempo muestra tiempo real (R)</translation>
    </message>
    <message>
        <source>Run ×N</source>
        <translation>Ejecutar ×N</translation>
    </message>
    <message>
        <source>Run many trials on real threads and count their outcomes (N)</source>
        <translation>Ejecutar muchos ensayos en hilos reales y contar sus resultados (N)</translation>
    </message>
    <message>
        <source>How many trials</source>
        <translation>Cuántos ensayos</translation>
    </message>
    <message>
        <source>Compare fixes</source>
        <translation>Comparar</translation>
    </message>
    <message>
        <source>The same load test on real threads under every fix (C)</source>
        <translation>La misma prueba de carga en hilos reales con cada solución (C)</translation>
    </message>
    <message>
        <source>❚❚ Pause</source>
        <translation>❚❚ Pausa</translation>
    </message>
</context>
<context>
    <name>SafetyReason</name>
    <message>
        <source>every request waits for mutex %1 (line %2) before it reads %3 on line %4 and holds it past the write on line %5</source>
        <translation>cada petición espera al mutex %1 (línea %2) antes de leer %3 en la línea %4 y lo mantiene hasta después de la escritura de la línea %5</translation>
    </message>
    <message>
        <source>%1; all requests run in one process, so they share that one mutex</source>
        <translation>%1; todas las peticiones se ejecutan en un proceso, así que comparten ese único mutex</translation>
    </message>
    <message>
        <source>SELECT … FOR UPDATE on line %1 locks the row until the commit, so no other request reads %2 between this read and the write on line %3</source>
        <translation>SELECT … FOR UPDATE en la línea %1 bloquea la fila hasta el commit, así que ninguna otra petición lee %2 entre esta lectura y la escritura de la línea %3</translation>
    </message>
    <message>
        <source>the write on line %1 succeeds only if %2 is unchanged since the read on line %3; a request that read a stale value retries instead of writing it</source>
        <translation>la escritura de la línea %1 solo tiene éxito si %2 no ha cambiado desde la lectura de la línea %3; una petición que leyó un valor obsoleto reintenta en lugar de escribirlo</translation>
    </message>
    <message>
        <source>the requests line up in queue %1 (line %2) and run one at a time, so none reads %3 between another&apos;s read on line %4 and its write on line %5</source>
        <translation>las peticiones hacen cola en %1 (línea %2) y se ejecutan de una en una, así que ninguna lee %3 entre la lectura de otra en la línea %4 y su escritura en la línea %5</translation>
    </message>
    <message>
        <source>on one event loop no request runs between the read of %1 on line %2 and its write on line %3: there is no await between them</source>
        <translation>en un solo bucle de eventos ninguna petición se ejecuta entre la lectura de %1 en la línea %2 y su escritura en la línea %3: no hay ningún await entre ellas</translation>
    </message>
    <message>
        <source>every request locks the rows in the same order (line %1), so no two can wait for each other in a circle</source>
        <translation>cada petición bloquea las filas en el mismo orden (línea %1), así que no pueden esperarse dos en círculo</translation>
    </message>
    <message>
        <source>line %1 reads and writes %2 in one statement, which no other request can come between</source>
        <translation>la línea %1 lee y escribe %2 en una sola sentencia, entre la que no puede colarse ninguna otra petición</translation>
    </message>
    <message>
        <source>the database lets only one insert of the same key into %1 (line %2) succeed and refuses the second</source>
        <translation>la base de datos solo deja que tenga éxito una inserción de la misma clave en %1 (línea %2) y rechaza la segunda</translation>
    </message>
    <message>
        <source>the storage rejects the write on line %1 when its fencing token is older than one it has already seen, so a request whose lease ran out cannot overwrite the newer holder</source>
        <translation>el almacenamiento rechaza la escritura de la línea %1 cuando su fencing token es más antiguo que uno ya visto, así que una petición cuyo lease caducó no puede sobrescribir al nuevo titular</translation>
    </message>
    <message>
        <source>the limiter %1 (line %2) lets no more requests reach %3 (line %4) at once than it has connections, so no request waits for a connection or fails for want of one</source>
        <translation>el limitador %1 (línea %2) no deja llegar a %3 (línea %4) más peticiones a la vez de las conexiones que tiene, así que ninguna petición espera una conexión ni falla por falta de una</translation>
    </message>
    <message>
        <source>line %1 runs the CPU work on a worker thread, so the event loop keeps serving the other requests</source>
        <translation>la línea %1 hace el trabajo de CPU en un hilo worker, así que el bucle de eventos sigue atendiendo a las demás peticiones</translation>
    </message>
    <message>
        <source>each request has its own thread, so the CPU work on line %1 does not hold up the others</source>
        <translation>cada petición tiene su propio hilo, así que el trabajo de CPU de la línea %1 no retrasa a las demás</translation>
    </message>
</context>
<context>
    <name>Scenario</name>
    <message>
        <source>Double withdraw: check, then act</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Retirada doble: comprobar y luego actuar</translation>
    </message>
    <message>
        <source>Two withdrawals of 60 both see a balance of 100, both pass the check, and the account goes to −20.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Dos retiradas de 60 ven ambas un saldo de 100, ambas superan la comprobación y la cuenta queda en −20.</translation>
    </message>
    <message>
        <source>Each request checks that the balance covers the amount and then debits it. The check and the debit are separate steps: when both requests check before either debits, both pass on the same balance and both withdraw, so the account is overdrawn (seed 001: &quot;both reading a balance, both seeing $100, both debiting $60, and both succeeding&quot;). The seeds recommend making the check part of the write: UPDATE … SET balance = balance − ? WHERE balance &gt;= ? and look at the affected rows. Optimistic locking with a version column and pessimistic locking with SELECT … FOR UPDATE also hold. An in-process mutex holds only inside one process. Seed 002&apos;s in-memory Express handler has no await at all: on Node&apos;s event loop it runs to completion before the next request starts, so it cannot interleave; on threads it can, and with two server instances each process has its own balance.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Cada petición comprueba que el saldo cubre el importe y luego lo carga. La comprobación y el cargo son pasos separados: cuando ambas peticiones comprueban antes de que cualquiera cargue, ambas superan la comprobación con el mismo saldo y ambas retiran, así que la cuenta queda en descubierto (texto 001: «both reading a balance, both seeing $100, both debiting $60, and both succeeding»). Los textos recomiendan que la comprobación forme parte de la escritura: UPDATE … SET balance = balance − ? WHERE balance &gt;= ? y mirar las filas afectadas. El bloqueo optimista con una columna de versión y el bloqueo pesimista con SELECT … FOR UPDATE también funcionan. Un mutex en el proceso solo protege dentro de un proceso. El handler de Express en memoria del texto 002 no tiene ningún await: en el bucle de eventos de Node se ejecuta hasta el final antes de que empiece la siguiente petición, así que no puede entrelazarse; en hilos sí puede, y con dos instancias de servidor cada proceso tiene su propio saldo.</translation>
    </message>
    <message>
        <source>Seed 002, example 5: two simultaneous requests on the synchronous handler both read balance = 100 and both pass the check.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Texto 002, ejemplo 5: dos peticiones simultáneas al handler síncrono leen ambas balance = 100 y ambas superan la comprobación.</translation>
    </message>
    <message>
        <source>The handler has no await: on Node&apos;s single event loop each request runs from the check to res.send without stopping, so the two requests cannot interleave at all. Select the event loop model: every interleaving is one request after the other. They can interleave on threads (select the threads model), and with two server instances each process has its own `balance` variable.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>El handler no tiene ningún await: en el único bucle de eventos de Node cada petición se ejecuta sin detenerse desde la comprobación hasta res.send, así que las dos peticiones no pueden entrelazarse en absoluto. Elige el modelo de bucle de eventos: cada entrelazado es una petición tras otra. En hilos sí pueden entrelazarse (elige el modelo de hilos), y con dos instancias de servidor cada proceso tiene su propia variable `balance`.</translation>
    </message>
    <message>
        <source>Seed 002, example 5: &quot;Final result: balance = 0. Expected: balance = 50. Bug: race condition.&quot;</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Texto 002, ejemplo 5: «Final result: balance = 0. Expected: balance = 50. Bug: race condition.»</translation>
    </message>
    <message>
        <source>100 − 50 − 50 = 0 is the correct result: both withdrawals of 50 were covered. The bugs a race really causes are a lost update (both read 100, both write 50: 100 paid out, balance 50) and, when the amounts together exceed the balance, an overdraft. That is why this scenario withdraws 60 twice by default; set the amount to 50 to replay the seed&apos;s numbers.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>100 − 50 − 50 = 0 es el resultado correcto: las dos retiradas de 50 estaban cubiertas. Los errores que una condición de carrera causa de verdad son una actualización perdida (ambas leen 100, ambas escriben 50: se pagan 100 y el saldo queda en 50) y, cuando los importes juntos superan el saldo, un descubierto. Por eso este escenario retira 60 dos veces por defecto; pon el importe en 50 para reproducir las cifras del texto.</translation>
    </message>
    <message>
        <source>Seed 001, withdrawOptimistic: throws &quot;Concurrent update detected — retry&quot;.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Texto 001, withdrawOptimistic: lanza «Concurrent update detected — retry».</translation>
    </message>
    <message>
        <source>The function never retries: the losing request simply fails, even when the money would have covered it (try two withdrawals of 30). A retry loop would be the caller&apos;s job.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>La función nunca reintenta: la petición que pierde simplemente falla, aunque el dinero habría alcanzado (prueba dos retiradas de 30). Un bucle de reintentos sería tarea de quien la llama.</translation>
    </message>
    <message>
        <source>Requests</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Peticiones</translation>
    </message>
    <message>
        <source>How many withdrawals run at once</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Cuántas retiradas se ejecutan a la vez</translation>
    </message>
    <message>
        <source>Initial balance</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Saldo inicial</translation>
    </message>
    <message>
        <source>Seed 001 and seed 002: 100</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Texto 001 y texto 002: 100</translation>
    </message>
    <message>
        <source>Amount per withdrawal</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Importe por retirada</translation>
    </message>
    <message>
        <source>Seed 001 debits 60; seed 002 hard-codes 50</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>El texto 001 carga 60; el texto 002 fija 50 en el código</translation>
    </message>
    <message>
        <source>Withdrawal %1</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Retirada %1</translation>
    </message>
    <message>
        <source>No fix (check, then update)</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Sin solución (comprobar y luego actualizar)</translation>
    </message>
    <message>
        <source>Seed 001&apos;s withdrawUnsafe: SELECT the balance, throw &quot;Insufficient funds&quot; if it is too low, otherwise UPDATE balance = balance − amount. Both requests can pass the check on the same balance.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>withdrawUnsafe del texto 001: leer el saldo con SELECT, lanzar «Fondos insuficientes» si es demasiado bajo y, si no, UPDATE balance = balance − amount. Ambas peticiones pueden superar la comprobación con el mismo saldo.</translation>
    </message>
    <message>
        <source>Insufficient funds</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Fondos insuficientes</translation>
    </message>
    <message>
        <source>Conditional atomic update</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>UPDATE atómico condicional</translation>
    </message>
    <message>
        <source>Seed 001&apos;s withdrawAtomic (and seed 002&apos;s UPDATE accounts SET balance = balance − 50 WHERE balance &gt;= 50): the check is part of the UPDATE, which the database runs as one statement under the row lock. A withdrawal that no longer fits affects 0 rows and fails with &quot;Insufficient funds&quot;.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>withdrawAtomic del texto 001 (y UPDATE accounts SET balance = balance − 50 WHERE balance &gt;= 50 del texto 002): la comprobación forma parte del UPDATE, que la base de datos ejecuta como una sola sentencia bajo el bloqueo de fila. Una retirada que ya no cabe afecta a 0 filas y falla con «Fondos insuficientes».</translation>
    </message>
    <message>
        <source>Optimistic locking (version)</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Bloqueo optimista (versión)</translation>
    </message>
    <message>
        <source>Seed 001&apos;s withdrawOptimistic: read balance and version, check, then UPDATE … WHERE version = ?. If another withdrawal wrote first, the UPDATE affects 0 rows and the request fails with &quot;Concurrent update detected — retry&quot;. The seed does not retry, so the loser fails even when the money would have been enough.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>withdrawOptimistic del texto 001: leer saldo y versión, comprobar y luego UPDATE … WHERE version = ?. Si otra retirada escribió antes, el UPDATE afecta a 0 filas y la petición falla con «Actualización concurrente detectada: vuelve a intentarlo». El texto no reintenta, así que la petición que pierde falla aunque el dinero habría bastado.</translation>
    </message>
    <message>
        <source>Concurrent update detected — retry</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Actualización concurrente detectada: vuelve a intentarlo</translation>
    </message>
    <message>
        <source>Pessimistic locking (SELECT … FOR UPDATE)</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Bloqueo pesimista (SELECT … FOR UPDATE)</translation>
    </message>
    <message>
        <source>The check runs inside a transaction on a locked row: SELECT … FOR UPDATE makes the second withdrawal wait until the first commits, and then it reads the new balance and fails the check. An error rolls the transaction back.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>La comprobación se ejecuta dentro de una transacción sobre una fila bloqueada: SELECT … FOR UPDATE hace que la segunda retirada espere hasta que la primera haga commit; entonces lee el nuevo saldo y no supera la comprobación. Un error revierte la transacción.</translation>
    </message>
    <message>
        <source>In-process mutex</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Mutex del proceso</translation>
    </message>
    <message>
        <source>withdrawUnsafe wrapped in an async mutex. Safe on threads and on one event loop; with two server instances each process has its own mutex and both withdrawals pass the check again (seed 001: a mutex inside one process doesn&apos;t prevent another server from running the same code).</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>withdrawUnsafe envuelto en un mutex asíncrono. Seguro en hilos y en un solo bucle de eventos; con dos instancias de servidor cada proceso tiene su propio mutex y ambas retiradas vuelven a superar la comprobación (texto 001: un mutex dentro de un proceso no impide que otro servidor ejecute el mismo código).</translation>
    </message>
    <message>
        <source>Seed 002: in-memory handler, no await</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Texto 002: handler en memoria, sin await</translation>
    </message>
    <message>
        <source>Seed 002, example 4: `let balance = 100` in process memory and a handler that checks and subtracts with no await in between. On Node&apos;s event loop the whole handler runs without a break, so requests cannot interleave. On threads, `balance -= amount` is a read and a write that another thread can come between. With two server instances each process has its own `balance`, and both pay out.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Texto 002, ejemplo 4: `let balance = 100` en la memoria del proceso y un handler que comprueba y resta sin ningún await entre medias. En el bucle de eventos de Node el handler entero se ejecuta sin pausa, así que las peticiones no pueden entrelazarse. En hilos, `balance -= amount` es una lectura y una escritura entre las que puede colarse otro hilo. Con dos instancias de servidor cada proceso tiene su propio `balance`, y ambas pagan.</translation>
    </message>
    <message>
        <source>balance ≥ 0</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>saldo ≥ 0</translation>
    </message>
    <message>
        <source>The bank must never pay out money the account does not have. (The database strategies keep the balance in the accounts table, seed 002&apos;s handler in process memory; the rule looks at whichever went down.)</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>El banco nunca debe pagar dinero que la cuenta no tiene. (Las estrategias con base de datos guardan el saldo en la tabla accounts, el handler del texto 002 en la memoria del proceso; la regla mira el que haya bajado.)</translation>
    </message>
    <message>
        <source>balance = initial − every withdrawal paid out</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>saldo = inicial − todas las retiradas pagadas</translation>
    </message>
    <message>
        <source>Every withdrawal that was paid out must be taken off the balance exactly once; otherwise money was created (a lost update) or paid twice. With two server instances each process has its own balance, so two payouts of 60 from an account of 100 break this rule.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Cada retirada pagada debe descontarse del saldo exactamente una vez; si no, se ha creado dinero (una actualización perdida) o se ha pagado dos veces. Con dos instancias de servidor cada proceso tiene su propio saldo, así que dos pagos de 60 de una cuenta de 100 incumplen esta regla.</translation>
    </message>
    <message>
        <source>money paid out ≤ initial balance</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>dinero pagado ≤ saldo inicial</translation>
    </message>
    <message>
        <source>Together the withdrawals must not take out more than was in the account.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Juntas, las retiradas no deben sacar más de lo que había en la cuenta.</translation>
    </message>
    <message>
        <source>Balance</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Saldo</translation>
    </message>
    <message>
        <source>Paid out</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Pagado</translation>
    </message>
    <message>
        <source>Withdrawals paid out</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Retiradas pagadas</translation>
    </message>
    <message>
        <source>Requests refused</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation>Peticiones rechazadas</translation>
    </message>
    <message>
        <source>Last seat: overselling</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Último asiento: sobreventa</translation>
    </message>
    <message>
        <source>Two students try to book the last seat on a trip; both see one seat left and both book it.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Dos estudiantes intentan reservar el último asiento de un viaje; ambos ven que queda un asiento y ambos lo reservan.</translation>
    </message>
    <message>
        <source>Booking is check-then-act: look at the seats left, then take one. If both students check before either takes the seat, both pass and the trip is oversold: seats = −1 and two bookings for one seat (seed 003). Where the two can come between the check and the act depends on the code and on how it runs. In the seed&apos;s tracker the check and the decrement sit after the await with no await between them, so on one Node event loop they cannot be split; on threads they can, and with two server instances each process has its own seat count. With the seats in a database, the SELECT and the UPDATE are two statements and other requests run between them everywhere. The fixes the seed names: an in-memory lock (a Set that rejects with &quot;try later&quot;; it works only inside one process), a database row lock (SELECT … FOR UPDATE in a transaction), and, from the other seeds, a mutex that waits and a conditional atomic UPDATE … WHERE seats &gt; 0.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Reservar es comprobar-y-actuar: mirar los asientos libres y luego tomar uno. Si ambos estudiantes comprueban antes de que cualquiera tome el asiento, ambos superan la comprobación y el viaje queda sobrevendido: seats = −1 y dos reservas para un asiento (texto 003). Que los dos puedan colarse entre la comprobación y la acción depende del código y de cómo se ejecuta. En el tracker del texto, la comprobación y el decremento están después del await sin ningún await entre ellos, así que en un solo bucle de eventos de Node no pueden separarse; en hilos sí, y con dos instancias de servidor cada proceso tiene su propio contador de asientos. Con los asientos en una base de datos, el SELECT y el UPDATE son dos sentencias y otras peticiones se ejecutan entre ellas en todos los casos. Las soluciones que nombra el texto: un bloqueo en memoria (un Set que rechaza con «try later»; solo funciona dentro de un proceso), un bloqueo de fila en la base de datos (SELECT … FOR UPDATE en una transacción) y, de los otros textos, un mutex que espera y un UPDATE … WHERE seats &gt; 0 atómico y condicional.</translation>
    </message>
    <message>
        <source>Seed 003, race.mjs: both students book and &quot;Final Seat Count: -1&quot;.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Texto 003, race.mjs: ambos estudiantes reservan y «Final Seat Count: -1».</translation>
    </message>
    <message>
        <source>Seed 003, locking.mjs: the in-memory Set lock makes booking safe.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Texto 003, locking.mjs: el bloqueo con un Set en memoria hace segura la reserva.</translation>
    </message>
    <message>
        <source>Only inside one process, and only because has() and add() run without an await between them. There is no try/finally: if anything between add() and delete() throws, the trip stays locked forever and every later student is told to try later. With two server instances each has its own Set and both students book. On threads, has() and add() are themselves a check-then-act: both can see the trip unlocked. And the lock rejects instead of waiting, so a student can be refused although seats are left (try capacity = 2).</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Solo dentro de un proceso, y solo porque has() y add() se ejecutan sin un await entre ellos. No hay try/finally: si algo entre add() y delete() lanza una excepción, el viaje queda bloqueado para siempre y a todos los estudiantes posteriores se les dice que lo intenten más tarde. Con dos instancias de servidor cada una tiene su propio Set y ambos estudiantes reservan. En hilos, has() y add() son a su vez un comprobar-y-actuar: ambos pueden ver el viaje sin bloquear. Y el bloqueo rechaza en vez de esperar, así que un estudiante puede ser rechazado aunque queden asientos (prueba capacity = 2).</translation>
    </message>
    <message>
        <source>Students</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Estudiantes</translation>
    </message>
    <message>
        <source>How many students book at once</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Cuántos estudiantes reservan a la vez</translation>
    </message>
    <message>
        <source>Seats</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Asientos</translation>
    </message>
    <message>
        <source>Seats on the trip (the seed: 1)</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Asientos del viaje (en el texto: 1)</translation>
    </message>
    <message>
        <source>Network delay (ms)</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Retardo de red (ms)</translation>
    </message>
    <message>
        <source>The seed waits Math.random() * 1000 ms; the model waits this long</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>El texto espera Math.random() * 1000 ms; el modelo espera este tiempo</translation>
    </message>
    <message>
        <source>Student %1</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Estudiante %1</translation>
    </message>
    <message>
        <source>Seed 003 race.mjs (in memory)</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Texto 003 race.mjs (en memoria)</translation>
    </message>
    <message>
        <source>The seed&apos;s TransportTracker as written: the trip&apos;s seats in process memory, a random await, then check and decrement. On one event loop the check and the decrement cannot be split, so it does not oversell there; on threads and with two instances it does.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>El TransportTracker del texto tal como está escrito: los asientos del viaje en la memoria del proceso, un await aleatorio y luego comprobación y decremento. En un solo bucle de eventos la comprobación y el decremento no pueden separarse, así que ahí no hay sobreventa; en hilos y con dos instancias, sí.</translation>
    </message>
    <message>
        <source>No seats left</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>No quedan asientos</translation>
    </message>
    <message>
        <source>Seed 003 locking.mjs (Set lock, try later)</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Texto 003 locking.mjs (bloqueo con Set, inténtalo más tarde)</translation>
    </message>
    <message>
        <source>The seed&apos;s in-memory lock: if the trip is in the Set, reject with &quot;try later&quot;; otherwise add it, book, and delete it. On one event loop has() and add() run together, so it works. On threads has() and add() race; with two server instances each process has its own Set (and its own seats).</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>El bloqueo en memoria del texto: si el viaje está en el Set, rechazar con «try later»; si no, añadirlo, reservar y quitarlo. En un solo bucle de eventos has() y add() se ejecutan juntos, así que funciona. En hilos has() y add() compiten; con dos instancias de servidor cada proceso tiene su propio Set (y sus propios asientos).</translation>
    </message>
    <message>
        <source>Trip 1 is locked, try later</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>El viaje 1 está bloqueado, inténtalo más tarde</translation>
    </message>
    <message>
        <source>Seats in the database (SELECT, then UPDATE)</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Asientos en la base de datos (SELECT y luego UPDATE)</translation>
    </message>
    <message>
        <source>The same check-then-act with the seats in a database: SELECT seats, and if there is one, UPDATE seats = seats − 1 and INSERT the booking. The SELECT and the UPDATE are two statements; another request runs between them on every model, so two students pass the check and the trip ends at −1.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>El mismo comprobar-y-actuar con los asientos en una base de datos: SELECT seats y, si queda uno, UPDATE seats = seats − 1 e INSERT de la reserva. El SELECT y el UPDATE son dos sentencias; en todos los modelos otra petición puede ejecutarse entre ellas, así que dos estudiantes superan la comprobación y el viaje acaba en −1.</translation>
    </message>
    <message>
        <source>In-process mutex (waits)</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Mutex del proceso (espera)</translation>
    </message>
    <message>
        <source>The seed&apos;s tracker with a mutex that waits instead of rejecting: the second student waits until the first has booked, then sees 0 seats. Safe on threads and on one event loop; with two server instances each process has its own mutex and its own seats.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>El tracker del texto con un mutex que espera en vez de rechazar: el segundo estudiante espera hasta que el primero ha reservado y entonces ve 0 asientos. Seguro en hilos y en un solo bucle de eventos; con dos instancias de servidor cada proceso tiene su propio mutex y sus propios asientos.</translation>
    </message>
    <message>
        <source>UPDATE trips SET seats = seats − 1 WHERE id = ? AND seats &gt; 0: the database checks and decrements in one statement under its row lock. The second student&apos;s UPDATE affects 0 rows and is refused. Safe on every model.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>UPDATE trips SET seats = seats − 1 WHERE id = ? AND seats &gt; 0: la base de datos comprueba y decrementa en una sola sentencia bajo su bloqueo de fila. El UPDATE del segundo estudiante afecta a 0 filas y se rechaza. Seguro en todos los modelos.</translation>
    </message>
    <message>
        <source>Row lock (SELECT … FOR UPDATE)</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Bloqueo de fila (SELECT … FOR UPDATE)</translation>
    </message>
    <message>
        <source>Seed 003&apos;s database row-level lock: in a transaction, SELECT … FOR UPDATE locks the trip&apos;s row, so the second student&apos;s locking read waits until the first commits and then sees 0 seats. The lock lives in the database, so it holds for any number of server instances.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>El bloqueo a nivel de fila en la base de datos del texto 003: en una transacción, SELECT … FOR UPDATE bloquea la fila del viaje, así que la lectura con bloqueo del segundo estudiante espera hasta que el primero hace commit y entonces ve 0 asientos. El bloqueo vive en la base de datos, así que funciona con cualquier número de instancias de servidor.</translation>
    </message>
    <message>
        <source>seats ≥ 0</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>asientos ≥ 0</translation>
    </message>
    <message>
        <source>A trip cannot have fewer than zero seats left. (The seed&apos;s tracker keeps the seats in process memory, the database strategies in the trips table; the rule looks at whichever went down.)</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>A un viaje no le pueden quedar menos de cero asientos. (El tracker del texto guarda los asientos en la memoria del proceso, las estrategias con base de datos en la tabla trips; la regla mira el que haya bajado.)</translation>
    </message>
    <message>
        <source>seats sold ≤ capacity</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>asientos vendidos ≤ capacidad</translation>
    </message>
    <message>
        <source>No more students may hold a booking than the trip has seats.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>No puede haber más estudiantes con reserva que asientos tiene el viaje.</translation>
    </message>
    <message>
        <source>seats left + bookings = capacity</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>asientos libres + reservas = capacidad</translation>
    </message>
    <message>
        <source>Every booking takes exactly one seat. If two bookings took the same seat (a lost decrement) or a process counted seats that another process sold, the numbers no longer add up.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Cada reserva ocupa exactamente un asiento. Si dos reservas ocuparon el mismo asiento (un decremento perdido) o un proceso contó asientos que otro proceso ya vendió, las cuentas dejan de cuadrar.</translation>
    </message>
    <message>
        <source>Seats left</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Asientos libres</translation>
    </message>
    <message>
        <source>Bookings</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Reservas</translation>
    </message>
    <message>
        <source>Students refused</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>Estudiantes rechazados</translation>
    </message>
    <message>
        <source>Lost update: concurrent deposits</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Actualización perdida: depósitos concurrentes</translation>
    </message>
    <message>
        <source>Two deposits read the same balance and both write back; one deposit vanishes.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Dos depósitos leen el mismo saldo y ambos escriben de vuelta; un depósito desaparece.</translation>
    </message>
    <message>
        <source>Each request reads the balance, waits, adds its amount in JavaScript and writes the result back. When both read before either writes, the second write overwrites the first: a lost update (P4 in the isolation literature). With +100 and +200 on 1000 the balance should end at 1300, but 1200 or 1100 are possible. The seeds&apos; first recommendation is to let the database do the read-modify-write in one statement (UPDATE … SET balance = balance + ?). Optimistic locking (a version column with bounded retry) and pessimistic locking (SELECT … FOR UPDATE in a transaction) also work. An in-process mutex works only inside one process: with two server instances each has its own mutex, while the database is shared. A distributed lock with a TTL works across servers only as long as every holder finishes before its lease runs out. A single-worker queue runs the jobs one at a time.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Cada petición lee el saldo, espera, suma su importe en JavaScript y escribe el resultado. Cuando ambas leen antes de que cualquiera escriba, la segunda escritura sobrescribe la primera: una actualización perdida (P4 en la literatura sobre aislamiento). Con +100 y +200 sobre 1000 el saldo debería acabar en 1300, pero 1200 o 1100 son posibles. La primera recomendación de los textos es dejar que la base de datos haga la lectura-modificación-escritura en una sola sentencia (UPDATE … SET balance = balance + ?). El bloqueo optimista (una columna de versión con reintentos limitados) y el bloqueo pesimista (SELECT … FOR UPDATE en una transacción) también funcionan. Un mutex en el proceso solo funciona dentro de un proceso: con dos instancias de servidor cada una tiene su propio mutex, mientras que la base de datos es compartida. Un bloqueo distribuido con TTL funciona entre servidores solo mientras cada poseedor termine antes de que caduque su lease. Una cola con un único worker ejecuta los trabajos de uno en uno.</translation>
    </message>
    <message>
        <source>Seed 004 example 7: optimistic locking under 100 concurrent requests ends with &quot;Success: 100, Errors: 0, Final balance: 2000&quot;.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Texto 004, ejemplo 7: el bloqueo optimista con 100 peticiones concurrentes acaba con «Success: 100, Errors: 0, Final balance: 2000».</translation>
    </message>
    <message>
        <source>Each round only one of the requests that read the same version can win the UPDATE … WHERE version = ?; all the others retry. With maxRetries = 3, a request that loses three times gets 409 Too many conflicts. Under 100 concurrent requests many requests lose three times, so errors are far from 0 and the balance ends at 1000 + 10 × (successful requests), below 2000. Try requests = 100, first deposit = 10, each next deposit adds 0: round-robin scheduling gives 3 successes and 97 rejections.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>En cada ronda solo una de las peticiones que leyeron la misma versión puede ganar el UPDATE … WHERE version = ?; todas las demás reintentan. Con maxRetries = 3, una petición que pierde tres veces recibe «409 Demasiados conflictos». Con 100 peticiones concurrentes muchas pierden tres veces, así que los errores están lejos de 0 y el saldo acaba en 1000 + 10 × (peticiones con éxito), por debajo de 2000. Prueba Peticiones = 100, Primer depósito = 10, Cada depósito siguiente suma 0: la planificación round-robin da 3 éxitos y 97 rechazos.</translation>
    </message>
    <message>
        <source>Seed 004 example 7 counts &quot;Lost updates: (concurrency × 10) − (balance − 1000)&quot;.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>El texto 004, ejemplo 7 cuenta «Lost updates: (concurrency × 10) − (balance − 1000)».</translation>
    </message>
    <message>
        <source>That formula counts every request rejected with 409 as a lost update, although those clients were told their deposit failed and no money they were promised is missing. A real lost update is money a client was told was deposited that is not in the account: initial + successful deposits − balance. The dashboard shows both numbers.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Esa fórmula cuenta como actualización perdida cada petición rechazada con 409, aunque a esos clientes se les dijo que su depósito falló y no falta ningún dinero que se les prometiera. Una actualización perdida de verdad es dinero que a un cliente se le confirmó como depositado y que no está en la cuenta: inicial + depósitos con éxito − saldo. El panel muestra ambas cifras.</translation>
    </message>
    <message>
        <source>Seed 004 example 4&apos;s test: ten concurrent optimistic deposits of 10 end at &quot;1000 + (10 * 10) = 1100, version 10&quot;.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>La prueba del texto 004, ejemplo 4: diez depósitos optimistas concurrentes de 10 acaban en «1000 + (10 * 10) = 1100, version 10».</translation>
    </message>
    <message>
        <source>Only if no request loses the version race three times. With ten requests reading at once, the last ones can exhaust their three attempts and get 409; the balance then ends below 1100 and the version below 10, consistently with each other.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Solo si ninguna petición pierde tres veces la carrera por la versión. Con diez peticiones leyendo a la vez, las últimas pueden agotar sus tres intentos y recibir 409; entonces el saldo acaba por debajo de 1100 y la versión por debajo de 10, de forma coherente entre sí.</translation>
    </message>
    <message>
        <source>Seed 004 example 5: inside withLock &quot;this code runs exclusively across ALL servers&quot;; acquire() throws &quot;Could not acquire lock&quot; when the key is taken.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Texto 004, ejemplo 5: dentro de withLock «this code runs exclusively across ALL servers»; acquire() lanza «Could not acquire lock» cuando la clave está ocupada.</translation>
    </message>
    <message>
        <source>Exclusive only while the lease lasts: if the holder is paused or slow for longer than the TTL (5000 ms), Redis deletes the key and the next request gets the lock while the first is still working, so a deposit can be lost again (seed 001&apos;s caution; let time pass with ~ to see it). As written, acquire() does not wait: a second concurrent deposit fails with 500 &quot;Could not acquire lock&quot;. This strategy retries SET NX until the key is free, as Redlock clients do, to show what the lock protects.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Exclusivo solo mientras dura el lease: si el poseedor está pausado o va lento durante más tiempo que el TTL (5000 ms), Redis borra la clave y la siguiente petición obtiene el bloqueo mientras la primera sigue trabajando, así que un depósito puede volver a perderse (la advertencia del texto 001; deja pasar el tiempo con ~ para verlo). Tal como está escrito, acquire() no espera: un segundo depósito concurrente falla con 500 «Could not acquire lock». Esta estrategia reintenta SET NX hasta que la clave queda libre, como hacen los clientes de Redlock, para mostrar lo que protege el bloqueo.</translation>
    </message>
    <message>
        <source>How many deposits run at once; seed 004 example 7&apos;s load test uses 100</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Cuántos depósitos se ejecutan a la vez; la prueba de carga del texto 004, ejemplo 7 usa 100</translation>
    </message>
    <message>
        <source>First deposit</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Primer depósito</translation>
    </message>
    <message>
        <source>Seed example 1: +100 then +200; the load test: 10 each</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Ejemplo 1 del texto: +100 y luego +200; la prueba de carga: 10 cada uno</translation>
    </message>
    <message>
        <source>Each next deposit adds</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Cada depósito siguiente suma</translation>
    </message>
    <message>
        <source>0 makes every deposit the same amount</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>0 hace que todos los depósitos sean del mismo importe</translation>
    </message>
    <message>
        <source>Processing delay (ms)</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Retardo de procesamiento (ms)</translation>
    </message>
    <message>
        <source>The seed&apos;s setTimeout between read and write</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>El setTimeout del texto entre la lectura y la escritura</translation>
    </message>
    <message>
        <source>Optimistic attempts</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Intentos optimistas</translation>
    </message>
    <message>
        <source>maxRetries in seed example 4; after that 409</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>maxRetries en el ejemplo 4 del texto; después, 409</translation>
    </message>
    <message>
        <source>Retry back-off (ms)</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Espera antes de reintentar (ms)</translation>
    </message>
    <message>
        <source>The seed waits Math.random() * 50 ms before retrying; the model waits this long</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>El texto espera Math.random() * 50 ms antes de reintentar; el modelo espera este tiempo</translation>
    </message>
    <message>
        <source>Lock TTL (ms)</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>TTL del bloqueo (ms)</translation>
    </message>
    <message>
        <source>The distributed lock&apos;s lease (PX); the seed passes 5000</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>El lease del bloqueo distribuido (PX); el texto pasa 5000</translation>
    </message>
    <message>
        <source>Request %1</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Petición %1</translation>
    </message>
    <message>
        <source>No fix (read, then write)</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Sin solución (leer, luego escribir)</translation>
    </message>
    <message>
        <source>Seed 004 example 1: SELECT the balance, wait, compute in JavaScript, UPDATE with the computed value. Another request can read or write between the SELECT and the UPDATE. Seed 000&apos;s counter (getCount, then setCount(current + 1)) is the same bug.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Texto 004, ejemplo 1: leer el saldo con SELECT, esperar, calcular en JavaScript y hacer UPDATE con el valor calculado. Otra petición puede leer o escribir entre el SELECT y el UPDATE. El contador del texto 000 (getCount y luego setCount(current + 1)) tiene el mismo error.</translation>
    </message>
    <message>
        <source>Atomic update</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>UPDATE atómico</translation>
    </message>
    <message>
        <source>Seed 004 example 2 (and seed 000&apos;s db.incrementCount()): UPDATE accounts SET balance = balance + ? lets the database read and write the row in one statement, under its own row lock. Nothing can come between the read and the write.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Texto 004, ejemplo 2 (y db.incrementCount() del texto 000): UPDATE accounts SET balance = balance + ? deja que la base de datos lea y escriba la fila en una sola sentencia, bajo su propio bloqueo de fila. Nada puede colarse entre la lectura y la escritura.</translation>
    </message>
    <message>
        <source>Optimistic locking (version + retry)</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Bloqueo optimista (versión + reintento)</translation>
    </message>
    <message>
        <source>Seed 004 example 4: read balance and version, then UPDATE … WHERE version = ? so that the write only lands if nobody wrote in between. A request whose UPDATE affects 0 rows backs off and retries, at most 3 attempts, then answers 409. No deposit is lost, but under heavy contention requests are rejected.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Texto 004, ejemplo 4: leer saldo y versión y luego UPDATE … WHERE version = ?, para que la escritura solo se aplique si nadie escribió entre medias. Una petición cuyo UPDATE afecta a 0 filas espera un poco y reintenta, como mucho 3 intentos, y después responde 409. No se pierde ningún depósito, pero con mucha contención se rechazan peticiones.</translation>
    </message>
    <message>
        <source>409 Too many conflicts, please retry</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>409 Demasiados conflictos, vuelve a intentarlo</translation>
    </message>
    <message>
        <source>Seed 004 example 3&apos;s pattern applied to a deposit: in a transaction, SELECT … FOR UPDATE locks the row, so a second request&apos;s locking read waits until the first commits, and then reads the new balance.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>El patrón del texto 004, ejemplo 3, aplicado a un depósito: en una transacción, SELECT … FOR UPDATE bloquea la fila, así que la lectura con bloqueo de una segunda petición espera hasta que la primera hace commit y entonces lee el nuevo saldo.</translation>
    </message>
    <message>
        <source>The broken handler wrapped in an async mutex (seed 002, strategy 3: only one request inside the critical section). It works on threads and on one event loop. With two server instances each process has its own mutex, while the database is shared, so the deposits race again (seed 001: a mutex inside one process doesn&apos;t prevent another server from running the same code).</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>El handler defectuoso envuelto en un mutex asíncrono (texto 002, estrategia 3: solo una petición dentro de la sección crítica). Funciona en hilos y en un solo bucle de eventos. Con dos instancias de servidor cada proceso tiene su propio mutex, mientras que la base de datos es compartida, así que los depósitos vuelven a competir (texto 001: un mutex dentro de un proceso no impide que otro servidor ejecute el mismo código).</translation>
    </message>
    <message>
        <source>Distributed lock (Redis, TTL)</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Bloqueo distribuido (Redis, TTL)</translation>
    </message>
    <message>
        <source>Seed 004 example 5: withLock takes SET lock:account:1 &lt;random&gt; PX 5000 NX before the read-modify-write and releases it with an owner-checked Lua script. It works across server instances, but only while the lease lasts: if time passes (a pause, a slow query) until the TTL runs out, the next request gets the lock while the first still works, and a deposit is lost again. Let time pass with ~ to see it; the lease-expiry scenario shows the fencing token that stops it.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Texto 004, ejemplo 5: withLock toma SET lock:account:1 &lt;random&gt; PX 5000 NX antes de la lectura-modificación-escritura y lo libera con un script de Lua que comprueba el propietario. Funciona entre instancias de servidor, pero solo mientras dura el lease: si pasa el tiempo (una pausa, una consulta lenta) hasta que se agota el TTL, la siguiente petición obtiene el bloqueo mientras la primera sigue trabajando, y un depósito vuelve a perderse. Deja pasar el tiempo con ~ para verlo; el escenario de caducidad del lease muestra el fencing token que lo impide.</translation>
    </message>
    <message>
        <source>Queue with one worker</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Cola con un solo worker</translation>
    </message>
    <message>
        <source>Seed 002, strategy 7: Request → Queue → Worker → Safe execution. The requests only enqueue a job; one worker runs the jobs one after the other, so even the broken read-then-write code never overlaps itself. The queue lives outside the server processes, so this holds for any number of instances.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Texto 002, estrategia 7: Request → Queue → Worker → Safe execution. Las peticiones solo encolan un trabajo; un único worker ejecuta los trabajos uno tras otro, así que ni siquiera el código defectuoso de leer y luego escribir se solapa consigo mismo. La cola vive fuera de los procesos del servidor, así que esto vale para cualquier número de instancias.</translation>
    </message>
    <message>
        <source>balance = initial + every successful deposit</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>saldo = inicial + todos los depósitos con éxito</translation>
    </message>
    <message>
        <source>Money that a client was told was deposited must be in the account. A request rejected with an error (409) was told its deposit failed and does not count.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>El dinero que a un cliente se le confirmó como depositado debe estar en la cuenta. Una petición rechazada con un error (409) supo que su depósito falló y no cuenta.</translation>
    </message>
    <message>
        <source>Lost updates (money)</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Actualizaciones perdidas (dinero)</translation>
    </message>
    <message>
        <source>Rejected requests</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Peticiones rechazadas</translation>
    </message>
    <message>
        <source>Seed&apos;s &quot;lost updates&quot; formula</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Fórmula «lost updates» del texto</translation>
    </message>
    <message>
        <source>Version</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Versión</translation>
    </message>
    <message>
        <source>Transfers and deadlock</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Transferencias e interbloqueo</translation>
    </message>
    <message>
        <source>Two transfers in opposite directions: without locks money appears or vanishes; with row locks taken in request order they deadlock.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Dos transferencias en sentidos opuestos: sin bloqueos aparece o desaparece dinero; con bloqueos de fila tomados en el orden de la petición se interbloquean.</translation>
    </message>
    <message>
        <source>A transfer reads two balances and writes both. Without locks, another transfer can read or write between those statements, so one of its writes overwrites the other&apos;s and the total of the two accounts changes: money is created or destroyed. Row locks (SELECT … FOR UPDATE in a transaction) stop that, but Txn 1 locks account 1 and then wants account 2 while Txn 2 locks account 2 and then wants account 1: each waits for the other forever, a deadlock (seed 004 example 8). InnoDB&apos;s deadlock detector notices the cycle and rolls one transaction back with ER_LOCK_DEADLOCK; the other goes on. With the detector switched off, the waits end only when innodb_lock_wait_timeout runs out (ER_LOCK_WAIT_TIMEOUT). The seeds&apos; fix is to take the locks in one consistent order (seed 004 example 3): then one transfer waits for the other, and no cycle can form.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Una transferencia lee dos saldos y escribe ambos. Sin bloqueos, otra transferencia puede leer o escribir entre esas sentencias, así que una de sus escrituras sobrescribe la de la otra y el total de las dos cuentas cambia: se crea o se destruye dinero. Los bloqueos de fila (SELECT … FOR UPDATE en una transacción) lo impiden, pero Txn 1 bloquea la cuenta 1 y luego quiere la cuenta 2, mientras Txn 2 bloquea la cuenta 2 y luego quiere la cuenta 1: cada una espera a la otra para siempre, un interbloqueo (texto 004, ejemplo 8). El detector de interbloqueos de InnoDB nota el ciclo y revierte una transacción con ER_LOCK_DEADLOCK; la otra sigue. Con el detector desactivado, las esperas solo terminan cuando se agota innodb_lock_wait_timeout (ER_LOCK_WAIT_TIMEOUT). La solución de los textos es tomar los bloqueos en un orden coherente (texto 004, ejemplo 3): así una transferencia espera a la otra y no puede formarse ningún ciclo.</translation>
    </message>
    <message>
        <source>Seed 004 example 3: after resetting both balances to 1000 and transferring $500 from Alice to Bob, &quot;Alice: 500, Bob: 2500 ✓&quot;.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Texto 004, ejemplo 3: tras poner ambos saldos a 1000 y transferir $500 de Alice a Bob, «Alice: 500, Bob: 2500 ✓».</translation>
    </message>
    <message>
        <source>Bob ends with 1500: the reset set his balance to 1000 too. 2500 would be his setup balance of 2000 plus 500, but the test resets it first. Total money stays 2000.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Bob acaba con 1500: el reinicio también puso su saldo a 1000. 2500 sería su saldo de preparación de 2000 más 500, pero la prueba lo reinicia antes. El dinero total sigue siendo 2000.</translation>
    </message>
    <message>
        <source>Seed 004 example 3: sorting the ids with [fromId, toId].sort() before SELECT … WHERE id IN (?, ?) FOR UPDATE takes the locks in a consistent order.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Texto 004, ejemplo 3: ordenar los ids con [fromId, toId].sort() antes de SELECT … WHERE id IN (?, ?) FOR UPDATE toma los bloqueos en un orden coherente.</translation>
    </message>
    <message>
        <source>The order of the values in IN (?, ?) does not decide the lock order: InnoDB scans the primary key index and locks the matching rows in index order whatever order the parameters come in. The one statement is what makes the order consistent (the sort is harmless but does nothing). Deadlocks come from two separate statements issued in request order, as in example 8. The model locks the rows in index order.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>El orden de los valores en IN (?, ?) no decide el orden de bloqueo: InnoDB recorre el índice de la clave primaria y bloquea las filas que coinciden en el orden del índice, sea cual sea el orden de los parámetros. Lo que hace coherente el orden es la sentencia única (ordenar no hace daño, pero no sirve de nada). Los interbloqueos vienen de dos sentencias separadas emitidas en el orden de la petición, como en el ejemplo 8. El modelo bloquea las filas en el orden del índice.</translation>
    </message>
    <message>
        <source>Seed 004 example 8&apos;s output: &quot;Txn2 failed: ER_LOCK_DEADLOCK, Txn1: Success!&quot;.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>La salida del texto 004, ejemplo 8: «Txn2 failed: ER_LOCK_DEADLOCK, Txn1: Success!».</translation>
    </message>
    <message>
        <source>Either transaction can be the victim. InnoDB rolls back the transaction it considers cheapest to undo (the one that has modified or locked the fewest rows); with two equal transactions that is not always Txn 2. In this model the victim is the transaction whose lock request closed the cycle, so different schedules show either one failing.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Cualquiera de las dos transacciones puede ser la víctima. InnoDB revierte la transacción que considera más barata de deshacer (la que ha modificado o bloqueado menos filas); con dos transacciones iguales no siempre es Txn 2. En este modelo la víctima es la transacción cuya petición de bloqueo cerró el ciclo, así que distintas planificaciones muestran fallar a una u otra.</translation>
    </message>
    <message>
        <source>Alice&apos;s balance (account 1)</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Saldo de Alice (cuenta 1)</translation>
    </message>
    <message>
        <source>The seed resets both accounts to 1000</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>El texto pone ambas cuentas a 1000</translation>
    </message>
    <message>
        <source>Bob&apos;s balance (account 2)</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Saldo de Bob (cuenta 2)</translation>
    </message>
    <message>
        <source>Amount per transfer</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Importe por transferencia</translation>
    </message>
    <message>
        <source>The seed transfers $500</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>El texto transfiere $500</translation>
    </message>
    <message>
        <source>Delay between the locks (ms)</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Retardo entre los bloqueos (ms)</translation>
    </message>
    <message>
        <source>Seed example 8: sleep(100) to give time for the deadlock to form</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Ejemplo 8 del texto: sleep(100) para dar tiempo a que se forme el interbloqueo</translation>
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
        <translation>Sin bloqueos (leer ambos, escribir ambos)</translation>
    </message>
    <message>
        <source>Each transfer SELECTs both balances, computes in JavaScript and UPDATEs both rows with the computed values, with no transaction. The other transfer can run between any two statements, and its writes get overwritten: money is not conserved.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Cada transferencia hace SELECT de ambos saldos, calcula en JavaScript y hace UPDATE de ambas filas con los valores calculados, sin transacción. La otra transferencia puede ejecutarse entre dos sentencias cualesquiera, y sus escrituras se sobrescriben: el dinero no se conserva.</translation>
    </message>
    <message>
        <source>Row locks in request order (deadlock)</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Bloqueos de fila en el orden de la petición (interbloqueo)</translation>
    </message>
    <message>
        <source>Seed 004 example 8 as a transfer: lock the source row, wait a little, lock the destination row. Txn 1 locks 1 then 2, Txn 2 locks 2 then 1. When both hold their first lock, each waits for the other: a deadlock. InnoDB&apos;s detector rolls one back with ER_LOCK_DEADLOCK and the other commits. Money is conserved, but a transfer fails and must be retried.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Texto 004, ejemplo 8 como transferencia: bloquear la fila de origen, esperar un poco, bloquear la fila de destino. Txn 1 bloquea 1 y luego 2, Txn 2 bloquea 2 y luego 1. Cuando ambas tienen su primer bloqueo, cada una espera a la otra: un interbloqueo. El detector de InnoDB revierte una con ER_LOCK_DEADLOCK y la otra hace commit. El dinero se conserva, pero una transferencia falla y hay que reintentarla.</translation>
    </message>
    <message>
        <source>Locks in sorted id order</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Bloqueos en orden de id</translation>
    </message>
    <message>
        <source>Seed 004 example 3: one SELECT … WHERE id IN (?, ?) FOR UPDATE locks both rows before anything is changed. Both transfers lock account 1 first and account 2 second (InnoDB locks in index order), so the second transfer waits for the first to commit and no cycle can form.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Texto 004, ejemplo 3: un único SELECT … WHERE id IN (?, ?) FOR UPDATE bloquea ambas filas antes de cambiar nada. Ambas transferencias bloquean primero la cuenta 1 y después la cuenta 2 (InnoDB bloquea en el orden del índice), así que la segunda transferencia espera a que la primera haga commit y no puede formarse ningún ciclo.</translation>
    </message>
    <message>
        <source>Deadlock detection off: lock wait timeout</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Detección de interbloqueos desactivada: tiempo de espera de bloqueo</translation>
    </message>
    <message>
        <source>The request-order transfer on a server with innodb_deadlock_detect = OFF. Nobody notices the cycle; both transactions wait until innodb_lock_wait_timeout (50 s by default) runs out for one of them, which then fails with ER_LOCK_WAIT_TIMEOUT and rolls back, and the other goes on. Let time pass with ~ to reach the timeout.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>La transferencia en el orden de la petición en un servidor con innodb_deadlock_detect = OFF. Nadie nota el ciclo; ambas transacciones esperan hasta que innodb_lock_wait_timeout (50 s por defecto) se agota para una de ellas, que entonces falla con ER_LOCK_WAIT_TIMEOUT y se revierte, y la otra sigue. Deja pasar el tiempo con ~ para llegar al límite de espera.</translation>
    </message>
    <message>
        <source>total money conserved</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>el dinero total se conserva</translation>
    </message>
    <message>
        <source>A transfer moves money; it must never create or destroy it. Without locks one transfer&apos;s write overwrites the other&apos;s, and the total changes.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Una transferencia mueve dinero; nunca debe crearlo ni destruirlo. Sin bloqueos, la escritura de una transferencia sobrescribe la de la otra y el total cambia.</translation>
    </message>
    <message>
        <source>No account may be overdrawn.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Ninguna cuenta puede quedar en descubierto.</translation>
    </message>
    <message>
        <source>every transfer completes</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>todas las transferencias se completan</translation>
    </message>
    <message>
        <source>A transfer the customer asked for must go through. A deadlock victim (ER_LOCK_DEADLOCK) or a lock wait timeout (ER_LOCK_WAIT_TIMEOUT) fails and has to be retried; with no detector and no timeout the two would wait forever.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Una transferencia que el cliente pidió debe completarse. Una víctima de interbloqueo (ER_LOCK_DEADLOCK) o una espera de bloqueo agotada (ER_LOCK_WAIT_TIMEOUT) falla y hay que reintentarla; sin detector y sin límite de tiempo, las dos esperarían para siempre.</translation>
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
        <translation>Dinero total</translation>
    </message>
    <message>
        <source>Failed transfers</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation>Transferencias fallidas</translation>
    </message>
    <message>
        <source>Double like: the same user likes a post twice</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>«Me gusta» doble: el mismo usuario da «me gusta» dos veces a una publicación</translation>
    </message>
    <message>
        <source>Two concurrent likes from one user both pass the &quot;already liked?&quot; check; like_count says 2 for one person.</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Dos «me gusta» concurrentes de un mismo usuario superan ambos la comprobación «¿ya le gusta?»; like_count dice 2 para una sola persona.</translation>
    </message>
    <message>
        <source>A double click, a retried request or two open tabs send the same like twice at the same moment. Checking first (SELECT … then INSERT) is check-then-act: both requests can check before either inserts, so both insert a like row and both add 1 to like_count. A transaction alone does not help: a plain SELECT in a transaction does not lock anything, so both transactions still see no like. What helps is a rule the database enforces itself, seed 004 example 6&apos;s UNIQUE (user_id, post_id) key: the second INSERT fails with ER_DUP_ENTRY, which the handler answers with &quot;Already liked&quot;. Inside a transaction (the seed&apos;s code) the second INSERT even waits while the first transaction&apos;s row is not yet committed, then gets the duplicate error, so like_count is only ever added to together with a like row.</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Un doble clic, una petición reintentada o dos pestañas abiertas envían el mismo «me gusta» dos veces en el mismo momento. Comprobar primero (SELECT … y luego INSERT) es comprobar-y-actuar: ambas peticiones pueden comprobar antes de que cualquiera inserte, así que ambas insertan una fila de «me gusta» y ambas suman 1 a like_count. Una transacción sola no ayuda: un SELECT normal dentro de una transacción no bloquea nada, así que ninguna de las dos transacciones ve un «me gusta». Lo que ayuda es una regla que la propia base de datos hace cumplir, la clave UNIQUE (user_id, post_id) del texto 004, ejemplo 6: el segundo INSERT falla con ER_DUP_ENTRY, y el handler responde con «Ya te gusta». Dentro de una transacción (el código del texto) el segundo INSERT incluso espera mientras la fila de la primera transacción aún no está confirmada, y luego recibe el error de duplicado, así que a like_count solo se le suma algo junto con una fila de «me gusta».</translation>
    </message>
    <message>
        <source>Seed 004 example 6&apos;s test: &quot;One succeeds, one returns &apos;Already liked&apos;. Like count is correctly 1&quot;.</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>La prueba del texto 004, ejemplo 6: «One succeeds, one returns &apos;Already liked&apos;. Like count is correctly 1».</translation>
    </message>
    <message>
        <source>True for the seed&apos;s code, because of the UNIQUE key on likes (user_id, post_id), not because of the transaction: the transaction-only strategy here has no unique key and ends with like_count = 2. The seed&apos;s CREATE TABLE is not shown; without that key the same code would insert two rows.</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Es cierto para el código del texto, por la clave UNIQUE en likes (user_id, post_id), no por la transacción: aquí la estrategia que solo usa una transacción no tiene clave única y acaba con like_count = 2. El CREATE TABLE del texto no se muestra; sin esa clave el mismo código insertaría dos filas.</translation>
    </message>
    <message>
        <source>Seed 004 example 6: &quot;Try to insert like (will fail if already exists due to unique constraint)&quot;.</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Texto 004, ejemplo 6: «Try to insert like (will fail if already exists due to unique constraint)».</translation>
    </message>
    <message>
        <source>When the first like is not committed yet, the second INSERT neither fails nor succeeds at once: InnoDB makes it wait for the first transaction. It fails with ER_DUP_ENTRY only after the first commits (and would succeed if the first rolled back).</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Mientras el primer «me gusta» no está confirmado, el segundo INSERT ni falla ni tiene éxito al momento: InnoDB lo hace esperar a la primera transacción. Solo falla con ER_DUP_ENTRY después de que la primera haga commit (y tendría éxito si la primera se revirtiera).</translation>
    </message>
    <message>
        <source>Concurrent likes</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>«Me gusta» concurrentes</translation>
    </message>
    <message>
        <source>How many times the same user&apos;s like arrives at once (a double click sends 2)</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Cuántas veces llega a la vez el «me gusta» del mismo usuario (un doble clic envía 2)</translation>
    </message>
    <message>
        <source>User id</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Id de usuario</translation>
    </message>
    <message>
        <source>The seed&apos;s test posts {&quot;userId&quot;: 1} twice</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>La prueba del texto envía {&quot;userId&quot;: 1} dos veces</translation>
    </message>
    <message>
        <source>Like %1</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Me gusta %1</translation>
    </message>
    <message>
        <source>No fix (check, then insert)</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Sin solución (comprobar y luego insertar)</translation>
    </message>
    <message>
        <source>The handler asks whether the user already liked the post, and inserts the like and adds 1 to like_count if not. The likes table has no unique key. Both requests can pass the check before either inserts.</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>El handler pregunta si al usuario ya le gusta la publicación y, si no, inserta el «me gusta» y suma 1 a like_count. La tabla likes no tiene clave única. Ambas peticiones pueden superar la comprobación antes de que cualquiera inserte.</translation>
    </message>
    <message>
        <source>Already liked</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Ya te gusta</translation>
    </message>
    <message>
        <source>Unique constraint</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Restricción de unicidad</translation>
    </message>
    <message>
        <source>likes has UNIQUE (user_id, post_id). There is no check first: the handler just inserts, and the database refuses the second row with ER_DUP_ENTRY, which the handler answers with &quot;Already liked&quot;. Without a transaction like_count is updated in a second statement, so for a moment the like row exists and the count is not yet raised; the final state is right.</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>likes tiene UNIQUE (user_id, post_id). No se comprueba antes: el handler simplemente inserta, y la base de datos rechaza la segunda fila con ER_DUP_ENTRY, a lo que el handler responde con «Ya te gusta». Sin transacción, like_count se actualiza en una segunda sentencia, así que durante un momento la fila del «me gusta» existe y el contador aún no ha subido; el estado final es correcto.</translation>
    </message>
    <message>
        <source>Unique constraint + transaction (the seed&apos;s code)</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Restricción de unicidad + transacción (el código del texto)</translation>
    </message>
    <message>
        <source>Seed 004 example 6 as written: in a transaction, INSERT the like (UNIQUE (user_id, post_id)) and add 1 to like_count, then commit; on ER_DUP_ENTRY roll back and answer &quot;Already liked&quot;. A second INSERT of the same key waits while the first transaction&apos;s row is uncommitted, then fails with the duplicate error. The like row and the count change become visible together.</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Texto 004, ejemplo 6 tal como está escrito: en una transacción, INSERT del «me gusta» (UNIQUE (user_id, post_id)) y sumar 1 a like_count, y luego commit; ante ER_DUP_ENTRY, revertir y responder «Ya te gusta». Un segundo INSERT de la misma clave espera mientras la fila de la primera transacción no está confirmada y luego falla con el error de duplicado. La fila del «me gusta» y el cambio del contador se hacen visibles a la vez.</translation>
    </message>
    <message>
        <source>Transaction without a unique constraint</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Transacción sin restricción de unicidad</translation>
    </message>
    <message>
        <source>The check-then-insert handler wrapped in a transaction, on a likes table without a unique key. A plain SELECT inside a transaction locks nothing (InnoDB reads a snapshot), so both transactions see no like, both insert, and the second UPDATE waits for the first transaction&apos;s row lock on posts[1] and then adds 1 again. The transaction makes each request all-or-nothing; it does not make two requests exclusive.</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>El handler de comprobar y luego insertar envuelto en una transacción, sobre una tabla likes sin clave única. Un SELECT normal dentro de una transacción no bloquea nada (InnoDB lee una instantánea), así que ninguna de las dos transacciones ve un «me gusta», ambas insertan, y el segundo UPDATE espera al bloqueo de fila de la primera transacción sobre posts[1] y luego vuelve a sumar 1. La transacción hace que cada petición sea todo o nada; no hace que dos peticiones se excluyan mutuamente.</translation>
    </message>
    <message>
        <source>like_count = number of distinct likers</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>like_count = número de usuarios distintos que dieron «me gusta»</translation>
    </message>
    <message>
        <source>The counter shown under the post must equal the number of people who liked it.</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>El contador que aparece bajo la publicación debe ser igual al número de personas a las que les gustó.</translation>
    </message>
    <message>
        <source>a user likes a post at most once</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>un usuario da «me gusta» a una publicación como mucho una vez</translation>
    </message>
    <message>
        <source>Two like rows for the same user and post are a duplicate the product never wanted.</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Dos filas de «me gusta» para el mismo usuario y publicación son un duplicado que el producto nunca quiso.</translation>
    </message>
    <message>
        <source>like_count</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>like_count</translation>
    </message>
    <message>
        <source>Like rows</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Filas de «me gusta»</translation>
    </message>
    <message>
        <source>&quot;Already liked&quot; answers</source>
        <extracomment>Scenario &quot;double-like&quot;</extracomment>
        <translation>Respuestas «Ya te gusta»</translation>
    </message>
    <message>
        <source>Event-loop blocking and unbounded concurrency</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Bloqueo del bucle de eventos y concurrencia sin límite</translation>
    </message>
    <message>
        <source>One request renders a report for 200 ms of CPU; on a Node event loop every other request waits for it. And too many requests at once exhaust the connection pool.</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Una petición genera un informe durante 200 ms de CPU; en un bucle de eventos de Node todas las demás peticiones lo esperan. Y demasiadas peticiones a la vez agotan el pool de conexiones.</translation>
    </message>
    <message>
        <source>Node.js runs all JavaScript of a process on one thread. While a request awaits I/O the event loop runs other requests, but synchronous CPU work (rendering a report, hashing, parsing a huge JSON) keeps the thread busy, and every other request in that process waits until it is done, however quick its own work is: a latency spike for everybody. Seed 000&apos;s fix is to offload CPU work to a worker thread; the request then awaits the worker like any I/O, and the loop stays free. On threads the problem does not arise in this form: the CPU work occupies only its own thread. The second half is seed 000&apos;s &quot;unbounded concurrency&quot;: every concurrent request takes a database connection from a pool of fixed size; when more requests arrive than there are connections, the rest wait, and a pool with an acquire timeout answers them with an error (knex: &quot;Timeout acquiring a connection. The pool is probably full.&quot;). Seed 000&apos;s fix is to limit concurrency (p-limit, or the pool&apos;s own queue): at most as many requests as there are connections enter at once, the others wait in the limiter&apos;s queue without a timeout, and nobody gets an error.</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Node.js ejecuta todo el JavaScript de un proceso en un solo hilo. Mientras una petición espera E/S, el bucle de eventos atiende otras peticiones, pero el trabajo de CPU síncrono (generar un informe, calcular un hash, parsear un JSON enorme) mantiene ocupado el hilo, y todas las demás peticiones de ese proceso esperan hasta que termina, por rápido que sea su propio trabajo: un pico de latencia para todos. La solución del texto 000 es delegar el trabajo de CPU a un worker thread; la petición espera entonces al worker con await como cualquier E/S, y el bucle queda libre. En hilos el problema no aparece de esta forma: el trabajo de CPU solo ocupa su propio hilo. La segunda mitad es la «unbounded concurrency» del texto 000: cada petición concurrente toma una conexión a la base de datos de un pool de tamaño fijo; cuando llegan más peticiones que conexiones hay, las demás esperan, y un pool con tiempo límite de adquisición les responde con un error (knex: «Timeout acquiring a connection. The pool is probably full.»). La solución del texto 000 es limitar la concurrencia (p-limit, o la propia cola del pool): entran a la vez como mucho tantas peticiones como conexiones hay, las demás esperan en la cola del limitador sin límite de tiempo, y nadie recibe un error.</translation>
    </message>
    <message>
        <source>Seed 002 section 2: &quot;Node.js is single-threaded BUT handles concurrency via async operations&quot;; requests &quot;do not run fully one-by-one&quot;.</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Texto 002, sección 2: «Node.js is single-threaded BUT handles concurrency via async operations»; las peticiones «do not run fully one-by-one».</translation>
    </message>
    <message>
        <source>Only at await. The code between two awaits runs to the end before anything else runs on that process, so 200 ms of synchronous CPU work delays every other request of that process by up to 200 ms (the stepper shows them waiting for the busy event loop).</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Solo en los await. El código entre dos await se ejecuta hasta el final antes de que se ejecute cualquier otra cosa en ese proceso, así que 200 ms de trabajo de CPU síncrono retrasan hasta 200 ms todas las demás peticiones de ese proceso (el modo paso a paso las muestra esperando al bucle de eventos ocupado).</translation>
    </message>
    <message>
        <source>Seed 004&apos;s pool: connectionLimit: 10, waitForConnections: true, and a load test of 100 concurrent requests.</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>El pool del texto 004: connectionLimit: 10, waitForConnections: true, y una prueba de carga de 100 peticiones concurrentes.</translation>
    </message>
    <message>
        <source>mysql2 then queues the other 90 without a timeout, so nothing fails, they just wait. Pools with an acquire timeout (knex, pg&apos;s connectionTimeoutMillis) fail the waiting requests instead. The defaults here are scaled down (a pool of 2, 5 requests) so that every interleaving can be counted; the proportions are the same.</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>mysql2 encola entonces las otras 90 sin límite de tiempo, así que nada falla: simplemente esperan. Los pools con tiempo límite de adquisición (knex, connectionTimeoutMillis de pg) hacen fallar en cambio a las peticiones que esperan. Los valores por defecto aquí están reducidos (un pool de 2, 5 peticiones) para poder contar cada entrelazado; las proporciones son las mismas.</translation>
    </message>
    <message>
        <source>Quick requests</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Peticiones rápidas</translation>
    </message>
    <message>
        <source>Requests that only read a row, arriving together with the report request</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Peticiones que solo leen una fila y llegan junto con la petición del informe</translation>
    </message>
    <message>
        <source>Report CPU time (ms)</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Tiempo de CPU del informe (ms)</translation>
    </message>
    <message>
        <source>Synchronous work of the report request: renderReport(rows)</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Trabajo síncrono de la petición del informe: renderReport(rows)</translation>
    </message>
    <message>
        <source>Connection pool size</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Tamaño del pool de conexiones</translation>
    </message>
    <message>
        <source>Connections in each process&apos;s pool (seed 004: connectionLimit 10)</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Conexiones en el pool de cada proceso (texto 004: connectionLimit 10)</translation>
    </message>
    <message>
        <source>Acquire timeout (ms)</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Tiempo límite de adquisición (ms)</translation>
    </message>
    <message>
        <source>How long a request waits for a free connection before the pool gives up</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Cuánto espera una petición una conexión libre antes de que el pool se rinda</translation>
    </message>
    <message>
        <source>Concurrency limit</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Límite de concurrencia</translation>
    </message>
    <message>
        <source>pLimit(n): how many requests may use the database at once; at most the pool size</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>pLimit(n): cuántas peticiones pueden usar la base de datos a la vez; como mucho el tamaño del pool</translation>
    </message>
    <message>
        <source>Report</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Informe</translation>
    </message>
    <message>
        <source>No fix (CPU work on the event loop)</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Sin solución (trabajo de CPU en el bucle de eventos)</translation>
    </message>
    <message>
        <source>The report request renders its PDF synchronously. From the moment it starts, no other request of that process can run until the 200 ms are over: they wait for the loop, not for anything they need. On threads the other requests run meanwhile.</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>La petición del informe genera su PDF de forma síncrona. Desde que empieza, ninguna otra petición de ese proceso puede ejecutarse hasta que pasan los 200 ms: esperan al bucle, no a nada que necesiten. En hilos, las demás peticiones se ejecutan mientras tanto.</translation>
    </message>
    <message>
        <source>Offload the CPU work to a worker thread</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Delegar el trabajo de CPU a un worker thread</translation>
    </message>
    <message>
        <source>Seed 000: &quot;Worker threads run JS in separate threads for CPU-bound work.&quot; The report request hands the rendering to a worker (for example piscina or workerpool) and awaits the result like any I/O. The event loop stays free, and the quick requests are answered while the report renders.</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Texto 000: «Worker threads run JS in separate threads for CPU-bound work.» La petición del informe pasa la generación a un worker (por ejemplo piscina o workerpool) y espera el resultado con await como cualquier E/S. El bucle de eventos queda libre y las peticiones rápidas se responden mientras se genera el informe.</translation>
    </message>
    <message>
        <source>Every request takes a connection (unbounded)</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Cada petición toma una conexión (sin límite)</translation>
    </message>
    <message>
        <source>With the CPU work offloaded, every request now takes a connection from the pool for its query. Nothing limits how many requests do that at once: with more requests than connections, the rest wait in the pool&apos;s queue, and when the acquire timeout passes before a connection is free, they fail with &quot;Pool exhausted&quot;. With two server instances each process has its own pool (and the database sees twice the connections).</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Con el trabajo de CPU delegado, ahora cada petición toma una conexión del pool para su consulta. Nada limita cuántas peticiones lo hacen a la vez: con más peticiones que conexiones, las demás esperan en la cola del pool, y cuando el tiempo límite de adquisición pasa antes de que quede libre una conexión, fallan con «Pool agotado». Con dos instancias de servidor cada proceso tiene su propio pool (y la base de datos ve el doble de conexiones).</translation>
    </message>
    <message>
        <source>Limit concurrency (p-limit)</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Limitar la concurrencia (p-limit)</translation>
    </message>
    <message>
        <source>Seed 000: &quot;Limit concurrency (p-limit, connection pools).&quot; const limit = pLimit(2) lets at most two requests use the database at once; the others wait in the limiter&apos;s queue, which has no timeout. Because the limit is not larger than the pool, nobody ever waits for a connection, so nobody gets &quot;Pool exhausted&quot;. Set the limit above the pool size to see the errors come back.</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Texto 000: «Limit concurrency (p-limit, connection pools).» const limit = pLimit(2) deja que como mucho dos peticiones usen la base de datos a la vez; las demás esperan en la cola del limitador, que no tiene límite de tiempo. Como el límite no es mayor que el pool, nadie espera nunca una conexión, así que nadie recibe «Pool agotado». Pon el límite por encima del tamaño del pool para ver volver los errores.</translation>
    </message>
    <message>
        <source>no request waits for another request&apos;s CPU work</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>ninguna petición espera al trabajo de CPU de otra</translation>
    </message>
    <message>
        <source>A quick request that could run is held up only because the event loop is busy with someone else&apos;s synchronous work: its answer comes as late as the slowest CPU task in the process.</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Una petición rápida que podría ejecutarse se retrasa solo porque el bucle de eventos está ocupado con el trabajo síncrono de otra: su respuesta llega tan tarde como la tarea de CPU más lenta del proceso.</translation>
    </message>
    <message>
        <source>every request is answered (no &quot;Pool exhausted&quot;)</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>todas las peticiones reciben respuesta (ningún «Pool agotado»)</translation>
    </message>
    <message>
        <source>An error because the connection pool was full is an outage for that user, although the database itself was fine.</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Un error porque el pool de conexiones estaba lleno es una caída del servicio para ese usuario, aunque la base de datos estaba bien.</translation>
    </message>
    <message>
        <source>Requests held up by the busy event loop</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Peticiones retrasadas por el bucle de eventos ocupado</translation>
    </message>
    <message>
        <source>Slowest quick answer (t, ms)</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Respuesta rápida más lenta (t, ms)</translation>
    </message>
    <message>
        <source>Report finished (t, ms)</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Informe terminado (t, ms)</translation>
    </message>
    <message>
        <source>&quot;Pool exhausted&quot; errors</source>
        <extracomment>Scenario &quot;event-loop-blocking&quot;</extracomment>
        <translation>Errores «Pool agotado»</translation>
    </message>
    <message>
        <source>Not on Node. The only await is the random delay; after it, the check `trip.seats &gt; 0`, the decrement and the push run synchronously, so on one event loop the second student always sees 0 seats and fails. The output -1 with two bookings happens on threads (select the threads model), with two server instances (each has its own trips array: two bookings, each process still counting 0 seats), or when the seats live in a database (the strategy &quot;Seats in the database (SELECT, then UPDATE)&quot;).</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation>No en Node. El único await es el retardo aleatorio; después, la comprobación `trip.seats &gt; 0`, el decremento y el push se ejecutan de forma síncrona, así que en un solo bucle de eventos el segundo estudiante siempre ve 0 asientos y falla. La salida -1 con dos reservas ocurre en hilos (elige el modelo de hilos), con dos instancias de servidor (cada una tiene su propio array trips: dos reservas, y cada proceso sigue contando 0 asientos) o cuando los asientos están en una base de datos (la estrategia «Asientos en la base de datos (SELECT y luego UPDATE)»).</translation>
    </message>
    <message>
        <source>Lease expiry: a distributed lock that runs out</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Caducidad del lease: un bloqueo distribuido que expira</translation>
    </message>
    <message>
        <source>Client A holds a Redis lock, pauses longer than its TTL, and writes after client B has taken the lock: a stale write and a lost deposit.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>El cliente A tiene un bloqueo de Redis, se pausa más que su TTL y escribe después de que el cliente B haya tomado el bloqueo: una escritura obsoleta y un depósito perdido.</translation>
    </message>
    <message>
        <source>Seed 004 example 5 protects a read-modify-write of a balance with a Redis lock: SET lock:account:1 &lt;random&gt; NX PX 5000, then SELECT, compute, UPDATE, then release. The lock is a lease: Redis deletes it after the TTL whether or not its holder is done, and the holder is not told. If client A is paused for longer than the TTL (a stop-the-world GC pause, a swapped-out process, a slow network; seed 001&apos;s caution), Redis gives the lock to client B, and when A resumes it still believes it holds the lock. Both then write based on what they read, and one deposit is lost. Releasing without checking the owner makes it worse: A&apos;s DEL removes B&apos;s lock, so a third client could enter too (seed 004&apos;s release checks the value with a Lua script for this reason). A longer TTL only makes the pause that breaks it longer. The fix from Kleppmann&apos;s analysis is a fencing token: every lock grant carries a number that increases, every request to storage carries the token, and storage rejects a request whose token is older than one it has already seen. Seed 001&apos;s advice goes the same way: prefer idempotent operations and optimistic concurrency (a check the storage itself makes) over distributed locks.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>El texto 004, ejemplo 5 protege una lectura-modificación-escritura de un saldo con un bloqueo de Redis: SET lock:account:1 &lt;random&gt; NX PX 5000, luego SELECT, calcular, UPDATE y después liberar. El bloqueo es un lease: Redis lo borra tras el TTL tanto si su poseedor ha terminado como si no, y al poseedor no se le avisa. Si el cliente A se pausa durante más tiempo que el TTL (una pausa stop-the-world del GC, un proceso enviado a swap, una red lenta; la advertencia del texto 001), Redis da el bloqueo al cliente B, y cuando A continúa sigue creyendo que tiene el bloqueo. Ambos escriben entonces basándose en lo que leyeron, y un depósito se pierde. Liberar sin comprobar el propietario lo empeora: el DEL de A elimina el bloqueo de B, así que también podría entrar un tercer cliente (por eso la liberación del texto 004 comprueba el valor con un script de Lua). Un TTL más largo solo alarga la pausa que lo rompe. La solución del análisis de Kleppmann es un fencing token: cada concesión del bloqueo lleva un número que crece, cada petición al almacenamiento lleva el token, y el almacenamiento rechaza una petición cuyo token sea más antiguo que uno que ya ha visto. El consejo del texto 001 va en la misma dirección: preferir operaciones idempotentes y concurrencia optimista (una comprobación que hace el propio almacenamiento) a los bloqueos distribuidos.</translation>
    </message>
    <message>
        <source>Seed 004 example 5: &quot;This code runs exclusively across ALL servers.&quot;</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Texto 004, ejemplo 5: «This code runs exclusively across ALL servers.»</translation>
    </message>
    <message>
        <source>Only while the lease lasts. When the holder is paused for longer than the TTL (5000 ms here), Redis deletes the key and another client gets the lock while the first is still inside the critical section. Let time pass with ~ during client A&apos;s pause to see it.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Solo mientras dura el lease. Cuando el poseedor se pausa durante más tiempo que el TTL (aquí 5000 ms), Redis borra la clave y otro cliente obtiene el bloqueo mientras el primero sigue dentro de la sección crítica. Deja pasar el tiempo con ~ durante la pausa del cliente A para verlo.</translation>
    </message>
    <message>
        <source>Seed 004 example 5&apos;s acquire() waits for nothing: if SET NX fails it throws &quot;Could not acquire lock&quot;.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>El acquire() del texto 004, ejemplo 5 no espera a nada: si SET NX falla, lanza «Could not acquire lock».</translation>
    </message>
    <message>
        <source>So a second deposit that arrives while the first holds the lock fails with 500 instead of waiting (strategy &quot;Seed 004&apos;s lock&quot;). The lost update needs the second client to come after the lease ran out. The other strategies retry SET NX until the key is free, as lock libraries such as Redlock clients do; the second client then gets the lock the moment A&apos;s lease expires.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Así que un segundo depósito que llega mientras el primero tiene el bloqueo falla con 500 en vez de esperar (estrategia «Bloqueo del texto 004»). La actualización perdida necesita que el segundo cliente llegue después de que el lease haya expirado. Las otras estrategias reintentan SET NX hasta que la clave queda libre, como hacen bibliotecas de bloqueo como los clientes de Redlock; el segundo cliente obtiene entonces el bloqueo en el momento en que expira el lease de A.</translation>
    </message>
    <message>
        <source>Kleppmann&apos;s example: storage &quot;rejects the request with token 33&quot; after it has seen token 34.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>El ejemplo de Kleppmann: el almacenamiento «rejects the request with token 33» después de haber visto el token 34.</translation>
    </message>
    <message>
        <source>For a read-modify-write that is not enough if the stale client writes before the new holder writes: storage has not seen the newer token yet, accepts the stale write, and the new holder then overwrites it with a value computed from an older read. Storage must see the token on the read as well (strategy &quot;Fencing token on every request&quot;); checking it only on the write still loses a deposit (strategy &quot;Fencing token on writes only&quot;).</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Para una lectura-modificación-escritura eso no basta si el cliente obsoleto escribe antes de que escriba el nuevo poseedor: el almacenamiento aún no ha visto el token más nuevo, acepta la escritura obsoleta, y el nuevo poseedor la sobrescribe después con un valor calculado a partir de una lectura anterior. El almacenamiento debe ver el token también en la lectura (estrategia «Fencing token en cada petición»); comprobarlo solo en la escritura sigue perdiendo un depósito (estrategia «Fencing token solo en las escrituras»).</translation>
    </message>
    <message>
        <source>PX of SET … NX PX; seed 004&apos;s deposit passes 5000</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>PX de SET … NX PX; el depósito del texto 004 pasa 5000</translation>
    </message>
    <message>
        <source>Client A&apos;s pause (ms)</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Pausa del cliente A (ms)</translation>
    </message>
    <message>
        <source>A stop-the-world GC pause between A&apos;s read and A&apos;s write; longer than the TTL breaks the lock</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Una pausa stop-the-world del GC entre la lectura y la escritura de A; si dura más que el TTL, rompe el bloqueo</translation>
    </message>
    <message>
        <source>Seed 004 resets the account to 1000</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>El texto 004 pone la cuenta a 1000</translation>
    </message>
    <message>
        <source>A&apos;s deposit</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Depósito de A</translation>
    </message>
    <message>
        <source>B&apos;s deposit</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Depósito de B</translation>
    </message>
    <message>
        <source>Client A</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Cliente A</translation>
    </message>
    <message>
        <source>Client B</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Cliente B</translation>
    </message>
    <message>
        <source>Seed 004&apos;s lock (throws if taken, owner-checked release)</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Bloqueo del texto 004 (lanza si está ocupado; liberación con comprobación del propietario)</translation>
    </message>
    <message>
        <source>Seed 004&apos;s DistributedLock as written: acquire() does SET NX PX and throws &quot;Could not acquire lock&quot; when the key exists; release() deletes the key only if it still holds this client&apos;s random value (Lua script). If B comes while A holds the lock, B gets a 500. If B comes after A&apos;s lease ran out during A&apos;s pause, B gets the lock, and A&apos;s late write overwrites B&apos;s deposit.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>El DistributedLock del texto 004 tal como está escrito: acquire() hace SET NX PX y lanza «Could not acquire lock» cuando la clave existe; release() borra la clave solo si todavía contiene el valor aleatorio de este cliente (script de Lua). Si B llega mientras A tiene el bloqueo, B recibe un 500. Si B llega después de que el lease de A expire durante la pausa de A, B obtiene el bloqueo, y la escritura tardía de A sobrescribe el depósito de B.</translation>
    </message>
    <message>
        <source>Lock that waits (owner-checked release)</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Bloqueo que espera (liberación con comprobación del propietario)</translation>
    </message>
    <message>
        <source>The same lock, but acquire() retries SET NX until the key is free, as Redlock clients do. B waits while A holds the lock, so without a pause no deposit is lost. When A&apos;s pause outlasts the TTL, Redis deletes the key, B gets the lock at once, and A&apos;s late write overwrites B&apos;s deposit. The owner check only makes A&apos;s release a harmless no-op.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>El mismo bloqueo, pero acquire() reintenta SET NX hasta que la clave queda libre, como hacen los clientes de Redlock. B espera mientras A tiene el bloqueo, así que sin pausa no se pierde ningún depósito. Cuando la pausa de A dura más que el TTL, Redis borra la clave, B obtiene el bloqueo enseguida y la escritura tardía de A sobrescribe el depósito de B. La comprobación del propietario solo convierte la liberación de A en una operación inofensiva que no hace nada.</translation>
    </message>
    <message>
        <source>Lock released without an owner check</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Bloqueo liberado sin comprobar el propietario</translation>
    </message>
    <message>
        <source>The waiting lock, released with a plain DEL. After A&apos;s lease expired and B took the lock, A&apos;s release deletes B&apos;s lock while B is still working: any other client could now enter too. Seed 004&apos;s Lua script (delete only if the value is still ours) exists to prevent exactly this.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>El bloqueo que espera, liberado con un DEL simple. Después de que el lease de A expire y B tome el bloqueo, la liberación de A borra el bloqueo de B mientras B sigue trabajando: ahora podría entrar también cualquier otro cliente. El script de Lua del texto 004 (borrar solo si el valor sigue siendo nuestro) existe precisamente para evitarlo.</translation>
    </message>
    <message>
        <source>Fencing token on writes only</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Fencing token solo en las escrituras</translation>
    </message>
    <message>
        <source>The lock grant carries an increasing fencing token, and storage rejects a write whose token is older than the newest it has seen. If B writes before A resumes, A&apos;s stale write is rejected. But if A resumes and writes before B writes, storage has not seen B&apos;s token yet and accepts A&apos;s write; B then overwrites it with a balance computed from what it read before A&apos;s write. The token must reach storage on the read too.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>La concesión del bloqueo lleva un fencing token creciente, y el almacenamiento rechaza una escritura cuyo token sea más antiguo que el más nuevo que ha visto. Si B escribe antes de que A continúe, la escritura obsoleta de A se rechaza. Pero si A continúa y escribe antes de que B escriba, el almacenamiento aún no ha visto el token de B y acepta la escritura de A; B la sobrescribe después con un saldo calculado a partir de lo que leyó antes de la escritura de A. El token debe llegar al almacenamiento también en la lectura.</translation>
    </message>
    <message>
        <source>Fencing token on every request</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Fencing token en cada petición</translation>
    </message>
    <message>
        <source>Every request to storage carries the lock&apos;s fencing token, the read included, and storage rejects any request with a token older than one it has already seen. Once B has read with its newer token, A&apos;s write is rejected; if A writes first, B reads A&apos;s result. A&apos;s request fails and its client can retry; no deposit is lost. Storage, not the lock, makes the final decision: a write that arrives after its lease ran out is accepted only if nobody with a newer token has touched the account, and then it is harmless (so this strategy does not flag it).</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Cada petición al almacenamiento lleva el fencing token del bloqueo, incluida la lectura, y el almacenamiento rechaza cualquier petición con un token más antiguo que uno que ya ha visto. En cuanto B ha leído con su token más nuevo, la escritura de A se rechaza; si A escribe primero, B lee el resultado de A. La petición de A falla y su cliente puede reintentar; no se pierde ningún depósito. La decisión final la toma el almacenamiento, no el bloqueo: una escritura que llega después de que expire su lease solo se acepta si nadie con un token más nuevo ha tocado la cuenta, y entonces es inofensiva (por eso esta estrategia no la marca).</translation>
    </message>
    <message>
        <source>Money that a client was told was deposited must be in the account.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>El dinero que a un cliente se le confirmó como depositado debe estar en la cuenta.</translation>
    </message>
    <message>
        <source>only the lock holder writes</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>solo escribe quien tiene el bloqueo</translation>
    </message>
    <message>
        <source>The lock exists so that no one writes without holding it; a write after the lease expired is exactly what it was meant to prevent.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>El bloqueo existe para que nadie escriba sin tenerlo; una escritura después de que expire el lease es justo lo que debía impedir.</translation>
    </message>
    <message>
        <source>a client releases only its own lock</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>un cliente solo libera su propio bloqueo</translation>
    </message>
    <message>
        <source>Deleting another client&apos;s lock lets a third client into the critical section while the current holder is still in it.</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Borrar el bloqueo de otro cliente deja entrar a un tercer cliente en la sección crítica mientras el poseedor actual sigue dentro.</translation>
    </message>
    <message>
        <source>Lost deposits (money)</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Depósitos perdidos (dinero)</translation>
    </message>
    <message>
        <source>Requests rejected by storage (stale token)</source>
        <extracomment>Scenario &quot;lease-expiry&quot;</extracomment>
        <translation>Peticiones rechazadas por el almacenamiento (token obsoleto)</translation>
    </message>
    <message>
        <source>Retried payment: charged twice</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Pago reintentado: cobrado dos veces</translation>
    </message>
    <message>
        <source>The client times out and retries its POST /pay; the original is still running, and the customer is charged twice.</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Al cliente se le agota el tiempo de espera y reintenta su POST /pay; el original aún se está ejecutando, y al cliente se le cobra dos veces.</translation>
    </message>
    <message>
        <source>Networks lose answers, so clients retry. A retried POST /pay arrives while the original is still running, or after it finished. Without an idempotency key the server cannot tell a retry from a new payment and charges again. With a key (seed 002: &quot;Already processed? Return previous result. Not processed? Execute logic.&quot;) everything depends on how the server checks it. Done as two steps, first SELECT the key and then INSERT it after charging, it is check-then-act: the original and the retry both find no key, both charge, and the unique key on idempotency_keys only fails the second INSERT after the money is gone. Done atomically, the request first claims the key with one INSERT … ON CONFLICT DO NOTHING into a table with a unique key, and only the request that inserted the row charges. The other gets the stored response, or 409 Conflict while the first is still running (as the IETF Idempotency-Key draft and Stripe do), and the client retries later.</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Las redes pierden respuestas, así que los clientes reintentan. Un POST /pay reintentado llega mientras el original aún se está ejecutando, o después de que terminó. Sin clave de idempotencia el servidor no puede distinguir un reintento de un pago nuevo y cobra otra vez. Con una clave (texto 002: «Already processed? Return previous result. Not processed? Execute logic.») todo depende de cómo la compruebe el servidor. Hecho en dos pasos, primero un SELECT de la clave y después su INSERT tras cobrar, es comprobar-y-actuar: el original y el reintento no encuentran la clave, ambos cobran, y la clave única de idempotency_keys solo hace fallar el segundo INSERT cuando el dinero ya se ha ido. Hecho de forma atómica, la petición reclama primero la clave con un único INSERT … ON CONFLICT DO NOTHING en una tabla con clave única, y solo cobra la petición que insertó la fila. La otra recibe la respuesta guardada, o 409 Conflict mientras la primera sigue ejecutándose (como hacen el borrador del IETF sobre Idempotency-Key y Stripe), y el cliente reintenta más tarde.</translation>
    </message>
    <message>
        <source>Seed 002 section 19: the server checks &quot;Already processed? Return previous result. Not processed? Execute logic.&quot;</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Texto 002, sección 19: el servidor comprueba «Already processed? Return previous result. Not processed? Execute logic.»</translation>
    </message>
    <message>
        <source>Written as a check followed later by a write of the key, that is check-then-act and still charges twice when the retry arrives while the original is running (strategy &quot;Idempotency key, check then insert&quot;). The check and the claim must be one atomic step, for example an INSERT into a table with a unique key before charging.</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Escrito como una comprobación seguida más tarde de una escritura de la clave, es comprobar-y-actuar y sigue cobrando dos veces cuando el reintento llega mientras el original se ejecuta (estrategia «Clave de idempotencia, comprobar y luego insertar»). La comprobación y la reclamación deben ser un solo paso atómico, por ejemplo un INSERT en una tabla con clave única antes de cobrar.</translation>
    </message>
    <message>
        <source>Seed 002 section 19 implies that a retry always gets &quot;the previous result&quot;.</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>El texto 002, sección 19 da a entender que un reintento siempre recibe «the previous result».</translation>
    </message>
    <message>
        <source>Only if the original has finished. While it is still running there is no result yet: the server must either wait or answer 409 Conflict so that the client retries later. It must not run the payment a second time.</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Solo si el original ha terminado. Mientras sigue ejecutándose aún no hay resultado: el servidor debe esperar o responder 409 Conflict para que el cliente reintente más tarde. No debe ejecutar el pago una segunda vez.</translation>
    </message>
    <message>
        <source>Amount (cents)</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Importe (céntimos)</translation>
    </message>
    <message>
        <source>What one payment charges</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Lo que cobra un pago</translation>
    </message>
    <message>
        <source>Original POST</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>POST original</translation>
    </message>
    <message>
        <source>Retry (same Idempotency-Key)</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Reintento (mismo Idempotency-Key)</translation>
    </message>
    <message>
        <source>No fix (no idempotency key)</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Sin solución (sin clave de idempotencia)</translation>
    </message>
    <message>
        <source>The server charges the card for every POST it receives. The retry is a second payment to it: the customer is charged twice in every interleaving, even when the retry arrives after the original has finished.</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>El servidor cobra a la tarjeta por cada POST que recibe. Para él, el reintento es un segundo pago: al cliente se le cobra dos veces en todos los entrelazados, aunque el reintento llegue después de que el original haya terminado.</translation>
    </message>
    <message>
        <source>Idempotency key, check then insert</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Clave de idempotencia, comprobar y luego insertar</translation>
    </message>
    <message>
        <source>The server looks the key up; if it is not there it charges, then inserts the key and stores the response. A retry that arrives after the original finished gets the stored response. A retry that arrives while the original is charging also finds no key and charges again; its INSERT then fails with ER_DUP_ENTRY, but only after the money is gone.</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>El servidor busca la clave; si no está, cobra, después inserta la clave y guarda la respuesta. Un reintento que llega después de que el original terminara recibe la respuesta guardada. Un reintento que llega mientras el original está cobrando tampoco encuentra la clave y vuelve a cobrar; su INSERT falla entonces con ER_DUP_ENTRY, pero solo cuando el dinero ya se ha ido.</translation>
    </message>
    <message>
        <source>409 Conflict: a request with this Idempotency-Key is in progress</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>409 Conflict: hay una petición con esta Idempotency-Key en curso</translation>
    </message>
    <message>
        <source>Idempotency key, claimed atomically</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Clave de idempotencia, reclamada de forma atómica</translation>
    </message>
    <message>
        <source>The server first claims the key: INSERT … ON CONFLICT DO NOTHING into idempotency_keys, whose unique key lets exactly one request insert the row. Only that request charges. The other gets the stored response, or 409 Conflict while the first is still running; it is never charged.</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>El servidor reclama primero la clave: INSERT … ON CONFLICT DO NOTHING en idempotency_keys, cuya clave única deja que exactamente una petición inserte la fila. Solo esa petición cobra. La otra recibe la respuesta guardada, o 409 Conflict mientras la primera sigue ejecutándose; nunca cobra.</translation>
    </message>
    <message>
        <source>charged exactly once</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>cobrado exactamente una vez</translation>
    </message>
    <message>
        <source>The customer paid once, however many times the request was sent.</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>El cliente pagó una vez, da igual cuántas veces se enviara la petición.</translation>
    </message>
    <message>
        <source>never charged twice</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>nunca cobrado dos veces</translation>
    </message>
    <message>
        <source>A second charge for the same payment takes money the customer never agreed to pay; refunding it later does not undo that.</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Un segundo cobro por el mismo pago se lleva dinero que el cliente nunca aceptó pagar; devolverlo después no lo deshace.</translation>
    </message>
    <message>
        <source>Charges</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Cobros</translation>
    </message>
    <message>
        <source>Amount charged</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Importe cobrado</translation>
    </message>
    <message>
        <source>409 answers</source>
        <extracomment>Scenario &quot;retried-payment&quot;</extracomment>
        <translation>Respuestas 409</translation>
    </message>
    <message>
        <source>Hermitage G-single: read skew</source>
        <extracomment>Scenario &quot;hermitage-g-single&quot;</extracomment>
        <translation>Hermitage G-single: lectura sesgada (read skew)</translation>
    </message>
    <message>
        <source>T1 reads row 1 before T2&apos;s transfer and row 2 after it: it sees money vanish.</source>
        <extracomment>Scenario &quot;hermitage-g-single&quot;</extracomment>
        <translation>T1 lee la fila 1 antes de la transferencia de T2 y la fila 2 después: ve desaparecer dinero.</translation>
    </message>
    <message>
        <source>G-single (read skew): T2 moves 2 from row 2 to row 1 (10 =&gt; 12, 20 =&gt; 18) between T1&apos;s two reads; the total stays 30. Hermitage says: MySQL READ COMMITTED and PostgreSQL READ COMMITTED do not prevent it (T1 shows 2 =&gt; 18 after 1 =&gt; 10); REPEATABLE READ prevents it in both (T1 shows 2 =&gt; 20 from its snapshot).</source>
        <extracomment>Scenario &quot;hermitage-g-single&quot;</extracomment>
        <translation>G-single (lectura sesgada): entre las dos lecturas de T1, T2 mueve 2 de la fila 2 a la fila 1 (10 =&gt; 12, 20 =&gt; 18); el total sigue siendo 30. Hermitage dice: MySQL READ COMMITTED y PostgreSQL READ COMMITTED no lo impiden (T1 muestra 2 =&gt; 18 después de 1 =&gt; 10); REPEATABLE READ lo impide en ambos (T1 muestra 2 =&gt; 20 de su instantánea).</translation>
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
        <translation>Las transacciones de Hermitage</translation>
    </message>
    <message>
        <source>The statements of Hermitage&apos;s test, one step each.</source>
        <extracomment>Scenario &quot;hermitage-g-single-predicate&quot;</extracomment>
        <translation>Las sentencias de la prueba de Hermitage, un paso cada una.</translation>
    </message>
    <message>
        <source>T1 sees a total of 30</source>
        <extracomment>Scenario &quot;hermitage-g-single&quot;</extracomment>
        <translation>T1 ve un total de 30</translation>
    </message>
    <message>
        <source>Rows 1 and 2 always add up to 30; a reader that sees another total saw two different moments.</source>
        <extracomment>Scenario &quot;hermitage-g-single&quot;</extracomment>
        <translation>Las filas 1 y 2 siempre suman 30; quien ve otro total ha visto dos momentos distintos.</translation>
    </message>
    <message>
        <source>T1 saw a skewed total</source>
        <extracomment>Scenario &quot;hermitage-g-single&quot;</extracomment>
        <translation>T1 vio un total sesgado</translation>
    </message>
    <message>
        <source>Hermitage G0: write cycles</source>
        <extracomment>Scenario &quot;hermitage-g0&quot;</extracomment>
        <translation>Hermitage G0: ciclos de escritura</translation>
    </message>
    <message>
        <source>Two transactions write the same two rows; the result must be one of them, not a mix.</source>
        <extracomment>Scenario &quot;hermitage-g0&quot;</extracomment>
        <translation>Dos transacciones escriben las mismas dos filas; el resultado debe ser una de ellas, no una mezcla.</translation>
    </message>
    <message>
        <source>G0 (dirty write): T1 and T2 each update rows 1 and 2. If T2 could overwrite T1&apos;s uncommitted row 1 before T1 writes row 2, the end could mix the two (1 =&gt; 12, 2 =&gt; 21). Every database locks an updated row until commit, so T2&apos;s update waits. Hermitage says: prevented by MySQL at every level, READ UNCOMMITTED included, and by PostgreSQL at every level (T2 BLOCKS until T1 commits).</source>
        <extracomment>Scenario &quot;hermitage-g0&quot;</extracomment>
        <translation>G0 (escritura sucia): T1 y T2 actualizan cada una las filas 1 y 2. Si T2 pudiera sobrescribir la fila 1 aún no confirmada de T1 antes de que T1 escriba la fila 2, el final podría mezclar ambas (1 =&gt; 12, 2 =&gt; 21). Toda base de datos bloquea una fila actualizada hasta el commit, así que la actualización de T2 espera. Hermitage dice: MySQL lo impide en todos los niveles, READ UNCOMMITTED incluido, y PostgreSQL en todos los niveles (T2 SE BLOQUEA hasta que T1 confirma).</translation>
    </message>
    <message>
        <source>the rows hold one transaction&apos;s writes, not a mix</source>
        <extracomment>Scenario &quot;hermitage-g0&quot;</extracomment>
        <translation>las filas contienen las escrituras de una transacción, no una mezcla</translation>
    </message>
    <message>
        <source>A mix of two transactions&apos; writes is a write cycle: no serial order produces it.</source>
        <extracomment>Scenario &quot;hermitage-g0&quot;</extracomment>
        <translation>Una mezcla de las escrituras de dos transacciones es un ciclo de escritura: ningún orden serial la produce.</translation>
    </message>
    <message>
        <source>Row 1</source>
        <extracomment>Scenario &quot;hermitage-g0&quot;</extracomment>
        <translation>Fila 1</translation>
    </message>
    <message>
        <source>Row 2</source>
        <extracomment>Scenario &quot;hermitage-g0&quot;</extracomment>
        <translation>Fila 2</translation>
    </message>
    <message>
        <source>Hermitage G1a: aborted reads</source>
        <extracomment>Scenario &quot;hermitage-g1a&quot;</extracomment>
        <translation>Hermitage G1a: lecturas abortadas</translation>
    </message>
    <message>
        <source>T2 must never see a value that T1 wrote and then rolled back.</source>
        <extracomment>Scenario &quot;hermitage-g1a&quot;</extracomment>
        <translation>T2 nunca debe ver un valor que T1 escribió y luego revirtió.</translation>
    </message>
    <message>
        <source>G1a (aborted read): T1 updates row 1 to 101 and rolls back; T2 reads row 1 before and after. Hermitage says: MySQL READ UNCOMMITTED does not prevent it (T2 shows 1 =&gt; 101); MySQL READ COMMITTED and above prevent it; PostgreSQL prevents it at every level (its READ UNCOMMITTED is READ COMMITTED).</source>
        <extracomment>Scenario &quot;hermitage-g1a&quot;</extracomment>
        <translation>G1a (lectura abortada): T1 pone la fila 1 a 101 y revierte; T2 lee la fila 1 antes y después. Hermitage dice: MySQL READ UNCOMMITTED no lo impide (T2 muestra 1 =&gt; 101); MySQL READ COMMITTED y superiores lo impiden; PostgreSQL lo impide en todos los niveles (su READ UNCOMMITTED es READ COMMITTED).</translation>
    </message>
    <message>
        <source>nobody reads a rolled-back value</source>
        <extracomment>Scenario &quot;hermitage-g1a&quot;</extracomment>
        <translation>nadie lee un valor revertido</translation>
    </message>
    <message>
        <source>101 was never committed: a reader that saw it acted on data that never existed.</source>
        <extracomment>Scenario &quot;hermitage-g1a&quot;</extracomment>
        <translation>101 nunca se confirmó: quien lo vio actuó sobre datos que nunca existieron.</translation>
    </message>
    <message>
        <source>T2&apos;s first read</source>
        <extracomment>Scenario &quot;hermitage-g1a&quot;</extracomment>
        <translation>Primera lectura de T2</translation>
    </message>
    <message>
        <source>Hermitage G1b: intermediate reads</source>
        <extracomment>Scenario &quot;hermitage-g1b&quot;</extracomment>
        <translation>Hermitage G1b: lecturas intermedias</translation>
    </message>
    <message>
        <source>T2 must never see T1&apos;s intermediate value, only its final one.</source>
        <extracomment>Scenario &quot;hermitage-g1b&quot;</extracomment>
        <translation>T2 nunca debe ver el valor intermedio de T1, solo el final.</translation>
    </message>
    <message>
        <source>G1b (intermediate read): T1 writes 101 and then 11 to row 1 and commits; T2 reads row 1 in between. Hermitage says: MySQL READ UNCOMMITTED does not prevent it (T2 shows 1 =&gt; 101); MySQL READ COMMITTED and above and PostgreSQL at every level prevent it (T2 shows 10, then 11 after T1&apos;s commit).</source>
        <extracomment>Scenario &quot;hermitage-g1b&quot;</extracomment>
        <translation>G1b (lectura intermedia): T1 escribe 101 y luego 11 en la fila 1 y confirma; T2 lee la fila 1 entre medias. Hermitage dice: MySQL READ UNCOMMITTED no lo impide (T2 muestra 1 =&gt; 101); MySQL READ COMMITTED y superiores y PostgreSQL en todos los niveles lo impiden (T2 muestra 10 y, tras el commit de T1, 11).</translation>
    </message>
    <message>
        <source>nobody reads an intermediate value</source>
        <extracomment>Scenario &quot;hermitage-g1b&quot;</extracomment>
        <translation>nadie lee un valor intermedio</translation>
    </message>
    <message>
        <source>101 was only ever an intermediate state of T1.</source>
        <extracomment>Scenario &quot;hermitage-g1b&quot;</extracomment>
        <translation>101 solo fue un estado intermedio de T1.</translation>
    </message>
    <message>
        <source>Hermitage G1c: circular information flow</source>
        <extracomment>Scenario &quot;hermitage-g1c&quot;</extracomment>
        <translation>Hermitage G1c: flujo circular de información</translation>
    </message>
    <message>
        <source>Each transaction must not see the other&apos;s uncommitted write.</source>
        <extracomment>Scenario &quot;hermitage-g1c&quot;</extracomment>
        <translation>Ninguna transacción debe ver la escritura no confirmada de la otra.</translation>
    </message>
    <message>
        <source>G1c: T1 writes row 1 and reads row 2; T2 writes row 2 and reads row 1. If each sees the other&apos;s write, each happened before the other. Hermitage says: MySQL READ UNCOMMITTED does not prevent it (T1 shows 2 =&gt; 22, T2 shows 1 =&gt; 11); MySQL READ COMMITTED and PostgreSQL READ COMMITTED prevent it. At InnoDB SERIALIZABLE the reads take shared locks and wait, and the two waits form a deadlock.</source>
        <extracomment>Scenario &quot;hermitage-g1c&quot;</extracomment>
        <translation>G1c: T1 escribe la fila 1 y lee la fila 2; T2 escribe la fila 2 y lee la fila 1. Si cada una ve la escritura de la otra, cada una ocurrió antes que la otra. Hermitage dice: MySQL READ UNCOMMITTED no lo impide (T1 muestra 2 =&gt; 22, T2 muestra 1 =&gt; 11); MySQL READ COMMITTED y PostgreSQL READ COMMITTED lo impiden. En InnoDB SERIALIZABLE las lecturas toman bloqueos compartidos y esperan, y las dos esperas forman un interbloqueo.</translation>
    </message>
    <message>
        <source>the two do not each see the other&apos;s write</source>
        <extracomment>Scenario &quot;hermitage-g1c&quot;</extracomment>
        <translation>las dos no ven cada una la escritura de la otra</translation>
    </message>
    <message>
        <source>If each saw the other&apos;s write, each came before the other: no serial order explains it.</source>
        <extracomment>Scenario &quot;hermitage-g1c&quot;</extracomment>
        <translation>Si cada una vio la escritura de la otra, cada una fue antes que la otra: ningún orden serial lo explica.</translation>
    </message>
    <message>
        <source>Saw the other&apos;s write</source>
        <extracomment>Scenario &quot;hermitage-g1c&quot;</extracomment>
        <translation>Vio la escritura de la otra</translation>
    </message>
    <message>
        <source>Hermitage G2-item: write skew</source>
        <extracomment>Scenario &quot;hermitage-g2-item&quot;</extracomment>
        <translation>Hermitage G2-item: escritura sesgada (write skew)</translation>
    </message>
    <message>
        <source>Both read both rows, each writes one; neither sees the other&apos;s write.</source>
        <extracomment>Scenario &quot;hermitage-g2-item&quot;</extracomment>
        <translation>Ambas leen las dos filas y cada una escribe una; ninguna ve la escritura de la otra.</translation>
    </message>
    <message>
        <source>G2-item (write skew): T1 and T2 read rows 1 and 2; T1 writes row 1, T2 writes row 2. In a serial order the second would see the first&apos;s write; if both commit and neither saw it, the result is not serializable. Hermitage says: REPEATABLE READ does not prevent it in MySQL or PostgreSQL; MySQL SERIALIZABLE prevents it (T1&apos;s update BLOCKS, T2&apos;s fails with ERROR 1213 deadlock); PostgreSQL SERIALIZABLE prevents it (T2&apos;s commit fails with 40001 could not serialize access due to read/write dependencies among transactions).</source>
        <extracomment>Scenario &quot;hermitage-g2-item&quot;</extracomment>
        <translation>G2-item (escritura sesgada): T1 y T2 leen las filas 1 y 2; T1 escribe la fila 1 y T2 la fila 2. En un orden serial la segunda vería la escritura de la primera; si ambas confirman y ninguna la vio, el resultado no es serializable. Hermitage dice: REPEATABLE READ no lo impide ni en MySQL ni en PostgreSQL; MySQL SERIALIZABLE lo impide (la actualización de T1 SE BLOQUEA y la de T2 falla con ERROR 1213 de interbloqueo); PostgreSQL SERIALIZABLE lo impide (el commit de T2 falla con 40001 could not serialize access due to read/write dependencies among transactions).</translation>
    </message>
    <message>
        <source>if both commit, one saw the other&apos;s write</source>
        <extracomment>Scenario &quot;hermitage-g2-item&quot;</extracomment>
        <translation>si ambas confirman, una vio la escritura de la otra</translation>
    </message>
    <message>
        <source>Two committed transactions that each missed the other&apos;s write have no serial order.</source>
        <extracomment>Scenario &quot;hermitage-g2-item&quot;</extracomment>
        <translation>Dos transacciones confirmadas que no vieron cada una la escritura de la otra no tienen orden serial.</translation>
    </message>
    <message>
        <source>Committed</source>
        <extracomment>Scenario &quot;hermitage-g-single-predicate&quot;</extracomment>
        <translation>Confirmadas</translation>
    </message>
    <message>
        <source>Hermitage OTV: observed transaction vanishes</source>
        <extracomment>Scenario &quot;hermitage-otv&quot;</extracomment>
        <translation>Hermitage OTV: la transacción observada desaparece</translation>
    </message>
    <message>
        <source>T3 must see each committed state whole: T1&apos;s, or T2&apos;s, never half of each.</source>
        <extracomment>Scenario &quot;hermitage-otv&quot;</extracomment>
        <translation>T3 debe ver cada estado confirmado entero: el de T1 o el de T2, nunca la mitad de cada uno.</translation>
    </message>
    <message>
        <source>OTV: T1 writes (11, 19), T2 writes (12, 18) after it, T3 reads both rows three times. Seeing T2&apos;s row 1 but T1&apos;s row 2 means T2 was observed and then vanished. Hermitage says: MySQL READ UNCOMMITTED does not prevent it (T3 shows 1 =&gt; 12, 2 =&gt; 19); MySQL READ COMMITTED and PostgreSQL READ COMMITTED prevent it.</source>
        <extracomment>Scenario &quot;hermitage-otv&quot;</extracomment>
        <translation>OTV: T1 escribe (11, 19), T2 escribe después (12, 18) y T3 lee ambas filas tres veces. Ver la fila 1 de T2 pero la fila 2 de T1 significa que T2 fue observada y luego desapareció. Hermitage dice: MySQL READ UNCOMMITTED no lo impide (T3 muestra 1 =&gt; 12, 2 =&gt; 19); MySQL READ COMMITTED y PostgreSQL READ COMMITTED lo impiden.</translation>
    </message>
    <message>
        <source>T3</source>
        <extracomment>Scenario &quot;hermitage-otv&quot;</extracomment>
        <translation>T3</translation>
    </message>
    <message>
        <source>every read of both rows shows one committed state</source>
        <extracomment>Scenario &quot;hermitage-otv&quot;</extracomment>
        <translation>cada lectura de ambas filas muestra un estado confirmado</translation>
    </message>
    <message>
        <source>A pair of values no transaction committed together is a state that never existed.</source>
        <extracomment>Scenario &quot;hermitage-otv&quot;</extracomment>
        <translation>Un par de valores que ninguna transacción confirmó junto es un estado que nunca existió.</translation>
    </message>
    <message>
        <source>T3&apos;s last row 1</source>
        <extracomment>Scenario &quot;hermitage-otv&quot;</extracomment>
        <translation>Última fila 1 de T3</translation>
    </message>
    <message>
        <source>T3&apos;s last row 2</source>
        <extracomment>Scenario &quot;hermitage-otv&quot;</extracomment>
        <translation>Última fila 2 de T3</translation>
    </message>
    <message>
        <source>Hermitage P4: lost update</source>
        <extracomment>Scenario &quot;hermitage-p4&quot;</extracomment>
        <translation>Hermitage P4: actualización perdida</translation>
    </message>
    <message>
        <source>Two transactions read row 1 and write back what they read plus one; one increment vanishes.</source>
        <extracomment>Scenario &quot;hermitage-p4&quot;</extracomment>
        <translation>Dos transacciones leen la fila 1 y escriben lo leído más uno; un incremento desaparece.</translation>
    </message>
    <message>
        <source>P4 (lost update): T1 and T2 read row 1 (10), then each writes 11. If both commit, one increment is lost. Hermitage says: MySQL REPEATABLE READ does not prevent it; MySQL SERIALIZABLE prevents it (the reads take shared locks, T1&apos;s update BLOCKS, T2&apos;s fails with ERROR 1213 deadlock); PostgreSQL READ COMMITTED does not prevent it; PostgreSQL REPEATABLE READ prevents it (T2&apos;s update BLOCKS, and fails with 40001 could not serialize access due to concurrent update when T1 commits).</source>
        <extracomment>Scenario &quot;hermitage-p4&quot;</extracomment>
        <translation>P4 (actualización perdida): T1 y T2 leen la fila 1 (10) y luego cada una escribe 11. Si ambas confirman, se pierde un incremento. Hermitage dice: MySQL REPEATABLE READ no lo impide; MySQL SERIALIZABLE lo impide (las lecturas toman bloqueos compartidos, la actualización de T1 SE BLOQUEA y la de T2 falla con ERROR 1213 de interbloqueo); PostgreSQL READ COMMITTED no lo impide; PostgreSQL REPEATABLE READ lo impide (la actualización de T2 SE BLOQUEA y falla con 40001 could not serialize access due to concurrent update cuando T1 confirma).</translation>
    </message>
    <message>
        <source>row 1 = 10 + one per committed transaction</source>
        <extracomment>Scenario &quot;hermitage-p4&quot;</extracomment>
        <translation>fila 1 = 10 + uno por transacción confirmada</translation>
    </message>
    <message>
        <source>Each committed transaction added one; a smaller value lost an update.</source>
        <extracomment>Scenario &quot;hermitage-p4&quot;</extracomment>
        <translation>Cada transacción confirmada sumó uno; un valor menor perdió una actualización.</translation>
    </message>
    <message>
        <source>Hermitage G-single over predicates: read skew</source>
        <extracomment>Scenario &quot;hermitage-g-single-predicate&quot;</extracomment>
        <translation>Hermitage G-single sobre predicados: lectura sesgada (read skew)</translation>
    </message>
    <message>
        <source>T1 reads by two predicates; T2 changes a row between them.</source>
        <extracomment>Scenario &quot;hermitage-g-single-predicate&quot;</extracomment>
        <translation>T1 lee por dos predicados; T2 cambia una fila entre ambas lecturas.</translation>
    </message>
    <message>
        <source>G-single with predicate dependencies: T1 selects the rows with value % 5 = 0 (10 and 20), T2 runs update test set value = 12 where value = 10 and commits, T1 selects the rows with value % 3 = 0. In a serial order T1 sees T2&apos;s 12 in both reads or in neither. Hermitage says: REPEATABLE READ prevents it in MySQL and PostgreSQL (the second read returns nothing); at READ COMMITTED the second read returns 1 =&gt; 12.</source>
        <extracomment>Scenario &quot;hermitage-g-single-predicate&quot;</extracomment>
        <translation>G-single con dependencias de predicado: T1 selecciona las filas con value % 5 = 0 (10 y 20), T2 ejecuta update test set value = 12 where value = 10 y confirma, T1 selecciona las filas con value % 3 = 0. En un orden serial T1 ve el 12 de T2 en ambas lecturas o en ninguna. Hermitage dice: REPEATABLE READ lo impide en MySQL y PostgreSQL (la segunda lectura no devuelve nada); en READ COMMITTED la segunda lectura devuelve 1 =&gt; 12.</translation>
    </message>
    <message>
        <source>T1&apos;s two reads see T2&apos;s update in both or in neither</source>
        <extracomment>Scenario &quot;hermitage-g-single-predicate&quot;</extracomment>
        <translation>las dos lecturas de T1 ven la actualización de T2 en ambas o en ninguna</translation>
    </message>
    <message>
        <source>T1 saw row 1 before T2&apos;s update in one read and after it in the other: read skew.</source>
        <extracomment>Scenario &quot;hermitage-g-single-predicate&quot;</extracomment>
        <translation>T1 vio la fila 1 antes de la actualización de T2 en una lectura y después en la otra: lectura sesgada.</translation>
    </message>
    <message>
        <source>Hermitage G-single on a write predicate: read skew</source>
        <extracomment>Scenario &quot;hermitage-g-single-write&quot;</extracomment>
        <translation>Hermitage G-single sobre un predicado de escritura: lectura sesgada (read skew)</translation>
    </message>
    <message>
        <source>T1 reads row 1 from before T2&apos;s change, then deletes by a predicate after it.</source>
        <extracomment>Scenario &quot;hermitage-g-single-write&quot;</extracomment>
        <translation>T1 lee la fila 1 de antes del cambio de T2 y después borra por un predicado.</translation>
    </message>
    <message>
        <source>G-single on a write predicate: T1 reads row 1 (10); T2 reads every row, sets row 1 to 12 and row 2 to 18, and commits; T1 runs delete from test where value = 20 and reads row 2. In a serial order T1 either deletes row 2 having read 10, or deletes nothing having read 12 and then reads 18. Hermitage says: MySQL REPEATABLE READ does not prevent it (the DELETE sees row 2&apos;s newest value 18 and deletes nothing, then T1 reads 2 =&gt; 20 from its snapshot); MySQL SERIALIZABLE prevents it (T2&apos;s update BLOCKS on T1&apos;s shared lock, T1&apos;s DELETE fails with 1213 deadlock); PostgreSQL REPEATABLE READ prevents it (the DELETE fails with 40001).</source>
        <extracomment>Scenario &quot;hermitage-g-single-write&quot;</extracomment>
        <translation>G-single sobre un predicado de escritura: T1 lee la fila 1 (10); T2 lee todas las filas, pone la fila 1 a 12 y la fila 2 a 18, y confirma; T1 ejecuta delete from test where value = 20 y lee la fila 2. En un orden serial T1 o bien borra la fila 2 tras leer 10, o no borra nada tras leer 12 y luego lee 18. Hermitage dice: MySQL REPEATABLE READ no lo impide (el DELETE ve el valor más reciente 18 de la fila 2 y no borra nada; luego T1 lee 2 =&gt; 20 de su instantánea); MySQL SERIALIZABLE lo impide (la actualización de T2 SE BLOQUEA en el bloqueo compartido de T1 y el DELETE de T1 falla con 1213, interbloqueo); PostgreSQL REPEATABLE READ lo impide (el DELETE falla con 40001).</translation>
    </message>
    <message>
        <source>T1&apos;s reads and its DELETE see T2&apos;s change all or not at all</source>
        <extracomment>Scenario &quot;hermitage-g-single-write&quot;</extracomment>
        <translation>las lecturas y el DELETE de T1 ven el cambio de T2 entero o nada</translation>
    </message>
    <message>
        <source>T1 read row 1 before T2&apos;s change but its DELETE acted after it: read skew.</source>
        <extracomment>Scenario &quot;hermitage-g-single-write&quot;</extracomment>
        <translation>T1 leyó la fila 1 antes del cambio de T2, pero su DELETE actuó después: lectura sesgada.</translation>
    </message>
    <message>
        <source>Hermitage G2: anti-dependency cycle over a predicate</source>
        <extracomment>Scenario &quot;hermitage-g2&quot;</extracomment>
        <translation>Hermitage G2: ciclo de antidependencias sobre un predicado</translation>
    </message>
    <message>
        <source>Both count the rows with value % 3 = 0 (none), then each inserts one.</source>
        <extracomment>Scenario &quot;hermitage-g2&quot;</extracomment>
        <translation>Ambas cuentan las filas con value % 3 = 0 (ninguna) y luego cada una inserta una.</translation>
    </message>
    <message>
        <source>G2 (anti-dependency cycle): T1 and T2 both select the rows with value % 3 = 0 and find none; T1 inserts (3, 30), T2 inserts (4, 42), both commit. In a serial order the second would have seen the first&apos;s row. Hermitage says: REPEATABLE READ does not prevent it in MySQL or PostgreSQL; MySQL SERIALIZABLE prevents it (the reads lock the gaps, T1&apos;s INSERT BLOCKS, T2&apos;s fails with 1213 deadlock); PostgreSQL SERIALIZABLE prevents it (T2&apos;s commit fails with 40001 could not serialize access due to read/write dependencies among transactions).</source>
        <extracomment>Scenario &quot;hermitage-g2&quot;</extracomment>
        <translation>G2 (ciclo de antidependencias): T1 y T2 seleccionan las filas con value % 3 = 0 y no encuentran ninguna; T1 inserta (3, 30), T2 inserta (4, 42) y ambas confirman. En un orden serial la segunda habría visto la fila de la primera. Hermitage dice: REPEATABLE READ no lo impide ni en MySQL ni en PostgreSQL; MySQL SERIALIZABLE lo impide (las lecturas bloquean los huecos, el INSERT de T1 SE BLOQUEA y el de T2 falla con 1213, interbloqueo); PostgreSQL SERIALIZABLE lo impide (el commit de T2 falla con 40001 could not serialize access due to read/write dependencies among transactions).</translation>
    </message>
    <message>
        <source>if both commit, one saw the other&apos;s row</source>
        <extracomment>Scenario &quot;hermitage-g2&quot;</extracomment>
        <translation>si ambas confirman, una vio la fila de la otra</translation>
    </message>
    <message>
        <source>Two committed transactions that each missed the other&apos;s insert have no serial order.</source>
        <extracomment>Scenario &quot;hermitage-g2&quot;</extracomment>
        <translation>Dos transacciones confirmadas que no vieron cada una el INSERT de la otra no tienen orden serial.</translation>
    </message>
    <message>
        <source>Hermitage PMP-write: a DELETE by a predicate misses a row</source>
        <extracomment>Scenario &quot;hermitage-pmp-write&quot;</extracomment>
        <translation>Hermitage PMP-write: un DELETE por predicado no alcanza una fila</translation>
    </message>
    <message>
        <source>T1 adds 10 to every row while T2 deletes the rows with value 20.</source>
        <extracomment>Scenario &quot;hermitage-pmp-write&quot;</extracomment>
        <translation>T1 suma 10 a cada fila mientras T2 borra las filas con value 20.</translation>
    </message>
    <message>
        <source>PMP for write predicates (the example of PostgreSQL&apos;s documentation): T1 runs update test set value = value + 10; T2 reads the rows with value 20, then runs delete from test where value = 20, which waits for T1&apos;s row lock; T1 commits. In a serial order T2 either deletes row 1 (after T1: its value is 20) having read row 1, or deletes row 2 (before T1) having read row 2. Hermitage says: MySQL READ COMMITTED deletes row 1 although T2 had read row 2 as the one with value 20; MySQL REPEATABLE READ does the same, and T2 then still reads 2 =&gt; 20 from its snapshot; PostgreSQL READ COMMITTED deletes nothing (it picked row 2 by its snapshot, re-checks its new value 30, and never looks at row 1), so 1 =&gt; 20 remains; PostgreSQL REPEATABLE READ fails the DELETE with 40001.</source>
        <extracomment>Scenario &quot;hermitage-pmp-write&quot;</extracomment>
        <translation>PMP para predicados de escritura (el ejemplo de la documentación de PostgreSQL): T1 ejecuta update test set value = value + 10; T2 lee las filas con value 20 y luego ejecuta delete from test where value = 20, que espera el bloqueo de fila de T1; T1 confirma. En un orden serial T2 o bien borra la fila 1 (después de T1: su valor es 20) tras leer la fila 1, o bien la fila 2 (antes de T1) tras leer la fila 2. Hermitage dice: MySQL READ COMMITTED borra la fila 1 aunque T2 había leído la fila 2 como la de value 20; MySQL REPEATABLE READ hace lo mismo, y T2 sigue leyendo 2 =&gt; 20 de su instantánea; PostgreSQL READ COMMITTED no borra nada (eligió la fila 2 por su instantánea, vuelve a comprobar su nuevo valor 30 y nunca mira la fila 1), así que queda 1 =&gt; 20; PostgreSQL REPEATABLE READ hace fallar el DELETE con 40001.</translation>
    </message>
    <message>
        <source>the result of a serial order: T2 deletes the row it read, and no row with value 20 is left</source>
        <extracomment>Scenario &quot;hermitage-pmp-write&quot;</extracomment>
        <translation>el resultado de un orden serial: T2 borra la fila que leyó y no queda ninguna fila con value 20</translation>
    </message>
    <message>
        <source>T2 read one row as the one with value 20 and deleted another, or left a row with value 20: no serial order does that.</source>
        <extracomment>Scenario &quot;hermitage-pmp-write&quot;</extracomment>
        <translation>T2 leyó una fila como la de value 20 y borró otra, o dejó una fila con value 20: ningún orden serial hace eso.</translation>
    </message>
    <message>
        <source>Hermitage PMP: a predicate read sees a new row</source>
        <extracomment>Scenario &quot;hermitage-pmp&quot;</extracomment>
        <translation>Hermitage PMP: una lectura por predicado ve una fila nueva</translation>
    </message>
    <message>
        <source>T1 reads by a predicate twice; T2 inserts a matching row in between.</source>
        <extracomment>Scenario &quot;hermitage-pmp&quot;</extracomment>
        <translation>T1 lee dos veces por un predicado; T2 inserta entre ambas una fila que encaja.</translation>
    </message>
    <message>
        <source>PMP (predicate-many-preceders): T1 selects the rows with value 30 (none), T2 inserts (3, 30) and commits, T1 selects the rows with value % 3 = 0. In a serial order both of T1&apos;s reads see row 3 or neither does. Hermitage says: READ COMMITTED does not prevent it in MySQL or PostgreSQL (the second read returns the new row); REPEATABLE READ prevents it in both (it still returns nothing: the snapshot). In MySQL SERIALIZABLE T1&apos;s read locks the gap where row 3 would go (a next-key lock), so T2&apos;s INSERT waits until T1 commits.</source>
        <extracomment>Scenario &quot;hermitage-pmp&quot;</extracomment>
        <translation>PMP (predicate-many-preceders): T1 selecciona las filas con value 30 (ninguna), T2 inserta (3, 30) y confirma, T1 selecciona las filas con value % 3 = 0. En un orden serial las dos lecturas de T1 ven la fila 3 o ninguna la ve. Hermitage dice: READ COMMITTED no lo impide ni en MySQL ni en PostgreSQL (la segunda lectura devuelve la fila nueva); REPEATABLE READ lo impide en ambos (sigue sin devolver nada: la instantánea). En MySQL SERIALIZABLE la lectura de T1 bloquea el hueco donde iría la fila 3 (un bloqueo next-key), así que el INSERT de T2 espera hasta que T1 confirma.</translation>
    </message>
    <message>
        <source>T1&apos;s two predicate reads agree about row 3</source>
        <extracomment>Scenario &quot;hermitage-pmp&quot;</extracomment>
        <translation>las dos lecturas por predicado de T1 coinciden sobre la fila 3</translation>
    </message>
    <message>
        <source>A row appeared between two reads of one transaction: no serial order explains that.</source>
        <extracomment>Scenario &quot;hermitage-pmp&quot;</extracomment>
        <translation>Apareció una fila entre dos lecturas de una transacción: ningún orden serial lo explica.</translation>
    </message>
    <message>
        <source>Row 3</source>
        <extracomment>Scenario &quot;hermitage-pmp&quot;</extracomment>
        <translation>Fila 3</translation>
    </message>
    <message>
        <source>Seed 002: databases solve concurrency because they provide transactions and isolation.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Seed 002: las bases de datos resuelven la concurrencia porque ofrecen transacciones y aislamiento.</translation>
    </message>
    <message>
        <source>A transaction alone does not stop this lost update. Try the strategy &quot;Transaction, no FOR UPDATE&quot; under each database: MySQL/InnoDB at READ COMMITTED and at its default REPEATABLE READ still loses a deposit, because its UPDATE writes over the newest committed value whatever the SELECT read; InnoDB SERIALIZABLE makes both SELECTs take shared locks, so the two UPDATEs deadlock and one deposit fails with 1213; PostgreSQL REPEATABLE READ and SERIALIZABLE fail the second UPDATE with 40001. Only a retry on those errors (&quot;Transaction with retry&quot;), FOR UPDATE or an atomic UPDATE makes every deposit arrive.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Una transacción sola no evita esta actualización perdida. Pruebe la estrategia «Transacción sin FOR UPDATE» con cada base de datos: MySQL/InnoDB en READ COMMITTED y en su REPEATABLE READ por defecto sigue perdiendo un depósito, porque su UPDATE escribe sobre el valor confirmado más reciente, lea lo que lea el SELECT; InnoDB SERIALIZABLE hace que ambos SELECT tomen bloqueos compartidos, así que los dos UPDATE se interbloquean y un depósito falla con 1213; PostgreSQL REPEATABLE READ y SERIALIZABLE hacen fallar el segundo UPDATE con 40001. Solo un reintento ante esos errores («Transacción con reintento»), FOR UPDATE o un UPDATE atómico hacen que llegue cada depósito.</translation>
    </message>
    <message>
        <source>Transaction, no FOR UPDATE</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Transacción sin FOR UPDATE</translation>
    </message>
    <message>
        <source>BEGIN, SELECT, UPDATE, COMMIT without a lock on the SELECT. Whether that stops the lost update depends on the database: MySQL/InnoDB at READ COMMITTED and REPEATABLE READ still loses it (the UPDATE writes over the newest version, whatever the SELECT saw); InnoDB SERIALIZABLE turns it into a deadlock (1213: one deposit fails); PostgreSQL REPEATABLE READ and SERIALIZABLE fail the second UPDATE with 40001. A transaction alone makes a deposit all-or-nothing, not isolated from the other deposit.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>BEGIN, SELECT, UPDATE, COMMIT sin bloqueo en el SELECT. Que eso evite la actualización perdida depende de la base de datos: MySQL/InnoDB en READ COMMITTED y REPEATABLE READ la sigue perdiendo (el UPDATE escribe sobre la versión más reciente, viera lo que viera el SELECT); InnoDB SERIALIZABLE la convierte en un interbloqueo (1213: un depósito falla); PostgreSQL REPEATABLE READ y SERIALIZABLE hacen fallar el segundo UPDATE con 40001. Una transacción sola hace que un depósito sea todo o nada, no que quede aislado del otro depósito.</translation>
    </message>
    <message>
        <source>Transaction with retry</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Transacción con reintento</translation>
    </message>
    <message>
        <source>The same transaction, retried from BEGIN when the database reports a serialization failure (40001) or picks it as a deadlock victim (1213, 40P01), 3 attempts in all. In PostgreSQL REPEATABLE READ and SERIALIZABLE and in InnoDB SERIALIZABLE every deposit of two then arrives; in InnoDB READ COMMITTED and REPEATABLE READ no error ever comes, so the update is still lost: a retry needs a level that reports the conflict.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>La misma transacción, reintentada desde BEGIN cuando la base de datos informa de un fallo de serialización (40001) o la elige como víctima de un interbloqueo (1213, 40P01), 3 intentos en total. En PostgreSQL REPEATABLE READ y SERIALIZABLE y en InnoDB SERIALIZABLE llega entonces cada uno de los dos depósitos; en InnoDB READ COMMITTED y REPEATABLE READ nunca llega un error, así que la actualización se sigue perdiendo: un reintento necesita un nivel que informe del conflicto.</translation>
    </message>
    <message>
        <source>Seed 004 example 3: with SELECT … FOR UPDATE in a transaction the second request waits for the lock and then reads the new balance.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Seed 004, ejemplo 3: con SELECT … FOR UPDATE en una transacción, la segunda petición espera el bloqueo y luego lee el saldo nuevo.</translation>
    </message>
    <message>
        <source>So it goes in MySQL/InnoDB at every level and in PostgreSQL READ COMMITTED. In PostgreSQL REPEATABLE READ and SERIALIZABLE the waiting SELECT … FOR UPDATE fails with 40001 once the first request commits, because the row changed after its snapshot: no deposit is lost, but the second is rejected unless the code retries the transaction.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation>Así ocurre en MySQL/InnoDB en todos los niveles y en PostgreSQL READ COMMITTED. En PostgreSQL REPEATABLE READ y SERIALIZABLE el SELECT … FOR UPDATE que espera falla con 40001 en cuanto la primera petición confirma, porque la fila cambió después de su instantánea: no se pierde ningún depósito, pero el segundo se rechaza si el código no reintenta la transacción.</translation>
    </message>
</context>
<context>
    <name>ScenarioFiles</name>
    <message>
        <source>%1 — nothing was loaded; the current scenario stays.</source>
        <translation>%1: no se ha cargado nada; se mantiene el escenario actual.</translation>
    </message>
    <message>
        <source>Loaded %1. It reloads by itself when you save it.</source>
        <translation>Se ha cargado %1. Se vuelve a cargar sola cuando la guardas.</translation>
    </message>
    <message>
        <source>%1 changed on disk, but the new version does not load: %2 — the previous version stays loaded.</source>
        <translation>%1 ha cambiado en el disco, pero la nueva versión no se puede cargar: %2. Se mantiene cargada la versión anterior.</translation>
    </message>
    <message>
        <source>Reloaded %1.</source>
        <translation>Se ha vuelto a cargar %1.</translation>
    </message>
</context>
<context>
    <name>ScenarioLibrary</name>
    <message>
        <source>threads</source>
        <translation>hilos</translation>
    </message>
    <message>
        <source>event loop</source>
        <translation>bucle de eventos</translation>
    </message>
    <message>
        <source>several instances</source>
        <translation>varias instancias</translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation>Escenarios</translation>
    </message>
    <message>
        <source>Open your own scenario file…</source>
        <translation>Abrir tu propio archivo de escenario…</translation>
    </message>
    <message>
        <source>Load a scenario JSON file (see docs/scenario-format.md). You can also drop a file on the window.</source>
        <translation>Cargar un archivo JSON de escenario (consulta docs/scenario-format.md). También puedes soltar un archivo en la ventana.</translation>
    </message>
    <message>
        <source>%1 (your file)</source>
        <translation>%1 (tu archivo)</translation>
    </message>
    <message>
        <source>What goes wrong:</source>
        <translation>Qué sale mal:</translation>
    </message>
    <message>
        <source>Why:</source>
        <translation>Por qué:</translation>
    </message>
    <message>
        <source>The fixes:</source>
        <translation>Las soluciones:</translation>
    </message>
    <message>
        <source>✓ holds</source>
        <translation>✓ funciona</translation>
    </message>
    <message>
        <source>✗ breaks</source>
        <translation>✗ falla</translation>
    </message>
    <message>
        <source>✓ holds on %1; ✗ breaks on %2</source>
        <translation>✓ funciona en %1; ✗ falla en %2</translation>
    </message>
    <message>
        <source> (shown now)</source>
        <translation> (se muestra ahora)</translation>
    </message>
    <message>
        <source>&lt;b&gt;The seed says&lt;/b&gt; %1 — &lt;b&gt;what really happens:&lt;/b&gt; %2</source>
        <translation>&lt;b&gt;El texto didáctico dice&lt;/b&gt; %1 — &lt;b&gt;lo que ocurre de verdad:&lt;/b&gt; %2</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>Fuente: %1</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>Archivo: %1</translation>
    </message>
</context>
<context>
    <name>ScenarioLoader</name>
    <message>
        <source>unknown step kind &quot;%1&quot; (expected one of %2)</source>
        <translation>tipo de paso desconocido &quot;%1&quot; (se esperaba uno de %2)</translation>
    </message>
    <message>
        <source>unknown step field &quot;%1&quot;</source>
        <translation>campo de paso desconocido &quot;%1&quot;</translation>
    </message>
    <message>
        <source>a program must be a list of lines</source>
        <translation>un programa debe ser una lista de líneas</translation>
    </message>
    <message>
        <source>a program needs at least one line</source>
        <translation>un programa necesita al menos una línea</translation>
    </message>
    <message>
        <source>a step needs an &quot;op&quot; string</source>
        <translation>un paso necesita una cadena &quot;op&quot;</translation>
    </message>
    <message>
        <source>unsupported format %1 (this version reads format 1)</source>
        <translation>formato %1 no admitido (esta versión lee el formato 1)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid id (letters, digits, - and _)</source>
        <translation>&quot;%1&quot; no es un id válido (letras, dígitos, - y _)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid parameter name</source>
        <translation>&quot;%1&quot; no es un nombre de parámetro válido</translation>
    </message>
    <message>
        <source>parameter &quot;%1&quot; is defined twice</source>
        <translation>el parámetro &quot;%1&quot; está definido dos veces</translation>
    </message>
    <message>
        <source>min %1 is greater than max %2</source>
        <translation>min %1 es mayor que max %2</translation>
    </message>
    <message>
        <source>default %1 lies outside %2…%3</source>
        <translation>el valor por defecto %1 está fuera de %2…%3</translation>
    </message>
    <message>
        <source>a scenario needs at least one actor</source>
        <translation>un escenario necesita al menos un actor</translation>
    </message>
    <message>
        <source>must be a number or an expression</source>
        <translation>debe ser un número o una expresión</translation>
    </message>
    <message>
        <source>a scenario needs at least one strategy</source>
        <translation>un escenario necesita al menos una estrategia</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid id</source>
        <translation>&quot;%1&quot; no es un id válido</translation>
    </message>
    <message>
        <source>strategy &quot;%1&quot; is defined twice</source>
        <translation>la estrategia &quot;%1&quot; está definida dos veces</translation>
    </message>
    <message>
        <source>must be &quot;safe&quot;, &quot;broken&quot; or an object per model</source>
        <translation>debe ser &quot;safe&quot;, &quot;broken&quot; o un objeto por modelo</translation>
    </message>
    <message>
        <source>unknown model &quot;%1&quot;</source>
        <translation>modelo desconocido &quot;%1&quot;</translation>
    </message>
    <message>
        <source>must be &quot;safe&quot; or &quot;broken&quot;, not &quot;%1&quot;</source>
        <translation>debe ser &quot;safe&quot; o &quot;broken&quot;, no &quot;%1&quot;</translation>
    </message>
    <message>
        <source>missing required field &quot;programs&quot;</source>
        <translation>falta el campo obligatorio &quot;programs&quot;</translation>
    </message>
    <message>
        <source>a strategy needs at least one program</source>
        <translation>una estrategia necesita al menos un programa</translation>
    </message>
    <message>
        <source>must be a model name</source>
        <translation>debe ser un nombre de modelo</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not one of the scenario&apos;s models (%2)</source>
        <translation>«%1» no es uno de los modelos del escenario (%2)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a language code such as &quot;de&quot; or &quot;pt_BR&quot;</source>
        <translation>&quot;%1&quot; no es un código de idioma como &quot;de&quot; o &quot;pt_BR&quot;</translation>
    </message>
    <message>
        <source>a translation must be a string</source>
        <translation>una traducción debe ser una cadena</translation>
    </message>
    <message>
        <source>%1:%2:%3: JSON syntax error: %4</source>
        <translation>%1:%2:%3: error de sintaxis JSON: %4</translation>
    </message>
    <message>
        <source>%1:1: the file must hold one JSON object { … }</source>
        <translation>%1:1: el archivo debe contener un objeto JSON { … }</translation>
    </message>
    <message>
        <source>%1:%2: %3: %4</source>
        <translation>%1:%2: %3: %4</translation>
    </message>
    <message>
        <source>top level</source>
        <translation>nivel superior</translation>
    </message>
    <message>
        <source>%1: no such scenario file</source>
        <translation>%1: no existe ese archivo de escenario</translation>
    </message>
    <message>
        <source>%1: file is larger than 4 MiB; a scenario is a small JSON file</source>
        <translation>%1: el archivo ocupa más de 4 MiB; un escenario es un archivo JSON pequeño</translation>
    </message>
    <message>
        <source>%1: cannot read: %2</source>
        <translation>%1: no se puede leer: %2</translation>
    </message>
    <message>
        <source>unknown scenario &quot;%1&quot; (built-in: %2; or give a .json file)</source>
        <translation>escenario desconocido &quot;%1&quot; (integrados: %2; o indica un archivo .json)</translation>
    </message>
    <message>
        <source>unknown error kind &quot;%1&quot; (expected serialization, deadlock or timeout)</source>
        <translation>tipo de error desconocido &quot;%1&quot; (se esperaba serialization, deadlock o timeout)</translation>
    </message>
    <message>
        <source>must be a whole number from 1 to 100</source>
        <translation>debe ser un número entero de 1 a 100</translation>
    </message>
</context>
<context>
    <name>ScenarioSession</name>
    <message>
        <source>No scenario.</source>
        <translation>No hay escenario.</translation>
    </message>
    <message>
        <source>no deadline lies ahead, so time cannot pass.</source>
        <translation>no queda ningún plazo por delante, así que el tiempo no puede pasar.</translation>
    </message>
    <message>
        <source>that request does not exist with these parameters.</source>
        <translation>esa petición no existe con estos parámetros.</translation>
    </message>
    <message>
        <source>Time (~)</source>
        <translation>Tiempo (~)</translation>
    </message>
    <message>
        <source>Request %1</source>
        <translation>Petición %1</translation>
    </message>
    <message numerus="yes">
        <source>The same schedule runs for %n move(s) here; then %1 cannot move: %2</source>
        <translation>
            <numerusform>La misma planificación avanza aquí %n movimiento; después %1 no puede moverse: %2</numerusform>
            <numerusform>La misma planificación avanza aquí %n movimientos; después %1 no puede moverse: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Schedule</name>
    <message>
        <source>schedule move %1 &quot;%2&quot;: no such request (this scenario has %3 to %4, and ~ for time)</source>
        <translation>movimiento %1 de la planificación «%2»: no existe esa petición (este escenario tiene de %3 a %4, y ~ para el tiempo)</translation>
    </message>
    <message>
        <source>time (~)</source>
        <translation>tiempo (~)</translation>
    </message>
    <message>
        <source>no deadline lies ahead</source>
        <translation>no queda ningún plazo por delante</translation>
    </message>
    <message>
        <source>schedule move %1: %2 cannot move now. %3</source>
        <translation>movimiento %1 de la planificación: %2 no puede moverse ahora. %3</translation>
    </message>
    <message>
        <source>the schedule has %1 moves; at most %2 are replayed (a lesson needs a few hundred)</source>
        <translation>la planificación tiene %1 movimientos; se reproducen como máximo %2 (una clase necesita unos cientos)</translation>
    </message>
    <message>
        <source>schedule move %1: the run has reached %2 events, the most a session may make (a lesson makes a few hundred)</source>
        <translation>movimiento %1 de la planificación: la ejecución ha llegado a %2 eventos, el máximo que puede generar una sesión (una clase genera unos cientos)</translation>
    </message>
</context>
<context>
    <name>ServerAddress</name>
    <message>
        <source>bad --db-url &quot;%1&quot;: %2 (expected mysql://user:password@host:port/database, postgres://…, redis://host:port, or a socket path)</source>
        <translation>--db-url incorrecta &quot;%1&quot;: %2 (se espera mysql://usuario:contraseña@host:puerto/base, postgres://…, redis://host:puerto o la ruta de un socket)</translation>
    </message>
    <message>
        <source>no such socket</source>
        <translation>no existe ese socket</translation>
    </message>
    <message>
        <source>not a URL</source>
        <translation>no es una URL</translation>
    </message>
    <message>
        <source>unknown scheme &quot;%1&quot;</source>
        <translation>esquema desconocido &quot;%1&quot;</translation>
    </message>
    <message>
        <source>no host and no socket</source>
        <translation>ni host ni socket</translation>
    </message>
    <message>
        <source>bad port</source>
        <translation>puerto incorrecto</translation>
    </message>
    <message>
        <source>bad database name</source>
        <translation>nombre de base de datos incorrecto</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1 en %2</translation>
    </message>
    <message>
        <source>Redis is not an SQL server</source>
        <translation>Redis no es un servidor SQL</translation>
    </message>
    <message>
        <source>the Qt SQL driver %1 is missing (Debian package %2)</source>
        <translation>falta el controlador Qt SQL %1 (paquete Debian %2)</translation>
    </message>
</context>
<context>
    <name>ServerBackend</name>
    <message>
        <source>Where the database steps run besides the model: a private MariaDB or PostgreSQL server runs every schedule you step, and a banner says whether it agrees with the model.</source>
        <translation>Dónde se ejecutan los pasos de base de datos además del modelo: un servidor privado de MariaDB o PostgreSQL ejecuta cada planificación que recorre paso a paso, y un aviso dice si coincide con el modelo.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>%1 (./setup test installs the servers)</source>
        <translation>%1 (./setup test instala los servidores)</translation>
    </message>
    <message>
        <source>This variant has no database steps: there is nothing for a server to run.</source>
        <translation>Esta variante no tiene pasos de base de datos: un servidor no tendría nada que ejecutar.</translation>
    </message>
    <message>
        <source>Run every schedule on a private %1 server too</source>
        <translation>Ejecutar también cada planificación en un servidor privado de %1</translation>
    </message>
    <message>
        <source>This variant has no database steps: back to the model alone.</source>
        <translation>Esta variante no tiene pasos de base de datos: de vuelta al modelo solo.</translation>
    </message>
    <message>
        <source>Starting a private %1 server…</source>
        <translation>Iniciando un servidor privado de %1…</translation>
    </message>
    <message>
        <source>%1 could not start: %2</source>
        <translation>%1 no pudo iniciarse: %2</translation>
    </message>
    <message>
        <source>%1 runs: every schedule you step runs on it too.</source>
        <translation>%1 está en marcha: cada planificación que recorra paso a paso se ejecuta también en él.</translation>
    </message>
    <message>
        <source>Starting %1 cancelled: back to the model.</source>
        <translation>Inicio de %1 cancelado: de vuelta al modelo.</translation>
    </message>
    <message>
        <source>Running on %1…</source>
        <translation>Ejecutando en %1…</translation>
    </message>
    <message>
        <source> The model runs the PostgreSQL flavour, as the server does.</source>
        <translation> El modelo usa la variante de PostgreSQL, como el servidor.</translation>
    </message>
    <message>
        <source>%1 could not run this schedule: %2</source>
        <translation>%1 no pudo ejecutar esta planificación: %2</translation>
    </message>
    <message>
        <source>no SQL yet for &quot;%1&quot;</source>
        <translation>todavía no hay SQL para «%1»</translation>
    </message>
    <message numerus="yes">
        <source>Ran on %1: agrees with the model on %n observation(s).</source>
        <translation>
            <numerusform>Se ejecutó en %1: coincide con el modelo en %n observación.</numerusform>
            <numerusform>Se ejecutó en %1: coincide con el modelo en %n observaciones.</numerusform>
        </translation>
    </message>
    <message>
        <source>✗✗ MODEL ERROR: %1 did not do what the model says. The server is the truth:</source>
        <translation>✗✗ ERROR DEL MODELO: %1 no hizo lo que dice el modelo. El servidor es la verdad:</translation>
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
        <translation>no es un archivo de sesión (error JSON en el byte %1: %2)</translation>
    </message>
    <message>
        <source>not a session file (expected one JSON object)</source>
        <translation>no es un archivo de sesión (se esperaba un objeto JSON)</translation>
    </message>
    <message>
        <source>not an Interleave session (expected &quot;%1&quot;)</source>
        <translation>no es una sesión de Interleave (se esperaba &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>missing or not a number</source>
        <translation>falta o no es un número</translation>
    </message>
    <message>
        <source>version %1 is newer than this program reads (%2)</source>
        <translation>la versión %1 es más nueva de lo que lee este programa (%2)</translation>
    </message>
    <message>
        <source>must be a whole number from 1 to %1</source>
        <translation>debe ser un número entero de 1 a %1</translation>
    </message>
    <message>
        <source>unknown field</source>
        <translation>campo desconocido</translation>
    </message>
    <message>
        <source>missing, or not an object { &quot;id&quot; … } or { &quot;file&quot; … }</source>
        <translation>falta o no es un objeto { &quot;id&quot; … } o { &quot;file&quot; … }</translation>
    </message>
    <message>
        <source>must be a string</source>
        <translation>debe ser una cadena de texto</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a built-in scenario id; give a scenario file as &quot;file&quot;</source>
        <translation>&quot;%1&quot; no es el id de un escenario incorporado; un archivo de escenario se indica como &quot;file&quot;</translation>
    </message>
    <message>
        <source>must be the scenario&apos;s JSON object</source>
        <translation>debe ser el objeto JSON del escenario</translation>
    </message>
    <message>
        <source>names no scenario (give &quot;id&quot; or &quot;file&quot;)</source>
        <translation>no nombra ningún escenario (indica &quot;id&quot; o &quot;file&quot;)</translation>
    </message>
    <message>
        <source>missing, or not a strategy id</source>
        <translation>falta o no es un id de estrategia</translation>
    </message>
    <message>
        <source>missing, or not a model name</source>
        <translation>falta o no es un nombre de modelo</translation>
    </message>
    <message>
        <source>must be a database variant such as &quot;mysql/rr&quot;</source>
        <translation>debe ser una variante de base de datos como «mysql/rr»</translation>
    </message>
    <message>
        <source>must be an object of name: number</source>
        <translation>debe ser un objeto de nombre: número</translation>
    </message>
    <message>
        <source>must be a schedule string such as &quot;A B A ~ B&quot;</source>
        <translation>debe ser una cadena de planificación como &quot;A B A ~ B&quot;</translation>
    </message>
    <message>
        <source>must be a whole number ≥ 0</source>
        <translation>debe ser un número entero ≥ 0</translation>
    </message>
    <message>
        <source>must be an object</source>
        <translation>debe ser un objeto</translation>
    </message>
    <message>
        <source>%1: cannot write: %2</source>
        <translation>%1: no se puede escribir: %2</translation>
    </message>
    <message>
        <source>%1: no such session file</source>
        <translation>%1: no existe ese archivo de sesión</translation>
    </message>
    <message>
        <source>%1: file is larger than 16 MiB; a session is a small JSON file</source>
        <translation>%1: el archivo ocupa más de 16 MiB; una sesión es un archivo JSON pequeño</translation>
    </message>
    <message>
        <source>%1: cannot read: %2</source>
        <translation>%1: no se puede leer: %2</translation>
    </message>
    <message>
        <source>embedded scenario</source>
        <translation>escenario incrustado</translation>
    </message>
    <message>
        <source>session</source>
        <translation>sesión</translation>
    </message>
    <message>
        <source>cursor %1 lies past the schedule&apos;s %2 moves</source>
        <translation>el cursor %1 está más allá de los %2 movimientos de la planificación</translation>
    </message>
</context>
<context>
    <name>SessionActions</name>
    <message>
        <source>Save session</source>
        <translation>Guardar sesión</translation>
    </message>
    <message>
        <source>Interleave session (*.interleave)</source>
        <translation>Sesión de Interleave (*.interleave)</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>Abrir sesión</translation>
    </message>
    <message>
        <source>Interleave session (*.interleave);;All files (*)</source>
        <translation>Sesión de Interleave (*.interleave);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Nothing to save: no scenario is loaded.</source>
        <translation>Nada que guardar: no hay ningún escenario cargado.</translation>
    </message>
    <message>
        <source>%1: the window cannot show this session exactly (model %2)</source>
        <translation>%1: la ventana no puede mostrar esta sesión exactamente (modelo %2)</translation>
    </message>
    <message>
        <source>Save &amp;session…</source>
        <translation>&amp;Guardar sesión…</translation>
    </message>
    <message>
        <source>Save the scenario, fix, model, parameters, moves and cursor in one file (Ctrl+Shift+S)</source>
        <translation>Guardar el escenario, la solución, el modelo, los parámetros, los movimientos y el cursor en un archivo (Ctrl+Mayús+S)</translation>
    </message>
    <message>
        <source>Open s&amp;ession…</source>
        <translation>A&amp;brir sesión…</translation>
    </message>
    <message>
        <source>Open a saved session exactly where it was left (Ctrl+Shift+O)</source>
        <translation>Abrir una sesión guardada justo donde se dejó (Ctrl+Mayús+O)</translation>
    </message>
</context>
<context>
    <name>SideBySideView</name>
    <message>
        <source>Compare with:</source>
        <translation>Comparar con:</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#b00020&apos;&gt;✗ %1 — broken at move %2&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#b00020&apos;&gt;✗ %1 — incumplida en el paso %2&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#b00020&apos;&gt;✗ %1&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#b00020&apos;&gt;✗ %1&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#1b6e20&apos;&gt;✓ every rule holds&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#1b6e20&apos;&gt;✓ se cumplen todas las reglas&lt;/span&gt;</translation>
    </message>
    <message>
        <source>… no rule broken so far</source>
        <translation>… ninguna regla incumplida hasta ahora</translation>
    </message>
    <message numerus="yes">
        <source>The schedule stops here after %n move(s): the next request cannot move.</source>
        <translation>
            <numerusform>El orden se detiene aquí tras %n paso: la siguiente petición no puede avanzar.</numerusform>
            <numerusform>El orden se detiene aquí tras %n pasos: la siguiente petición no puede avanzar.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SqlRunner</name>
    <message>
        <source>%1 #%2 reads %3</source>
        <translation>%1 #%2 lee %3</translation>
    </message>
    <message>
        <source>%1 #%2 updates rows: %3</source>
        <translation>%1 #%2 actualiza filas: %3</translation>
    </message>
    <message>
        <source>%1 #%2 fails %3</source>
        <translation>%1 #%2 falla con %3</translation>
    </message>
    <message>
        <source>table &quot;%1&quot; or its column &quot;%2&quot; is no SQL name</source>
        <translation>la tabla &quot;%1&quot; o su columna &quot;%2&quot; no es un nombre SQL</translation>
    </message>
    <message>
        <source>%1 #%2 still runs after %3 s</source>
        <translation>%1 #%2 sigue ejecutándose tras %3 s</translation>
    </message>
    <message>
        <source>the server stopped answering: %1</source>
        <translation>el servidor dejó de responder: %1</translation>
    </message>
    <message>
        <source>%1 #%2 waits for %3</source>
        <translation>%1 #%2 espera a %3</translation>
    </message>
    <message>
        <source>%1 #%2 deletes rows: %3</source>
        <translation>%1 #%2 borra filas: %3</translation>
    </message>
    <message>
        <source>%1 #%2 inserts rows: %3</source>
        <translation>%1 #%2 inserta filas: %3</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: %2 has no SQL translation</source>
        <translation>«%1»: %2 no tiene traducción a SQL</translation>
    </message>
    <message>
        <source>this column</source>
        <translation>esta columna</translation>
    </message>
    <message>
        <source>a function call</source>
        <translation>una llamada a función</translation>
    </message>
    <message>
        <source>division by a value that is not a constant other than 0 and -1</source>
        <translation>una división por un valor que no es una constante distinta de 0 y -1</translation>
    </message>
    <message>
        <source>this operator</source>
        <translation>este operador</translation>
    </message>
    <message>
        <source>this expression</source>
        <translation>esta expresión</translation>
    </message>
    <message>
        <source>not run: no SQL yet for %1</source>
        <translation>no ejecutado: aún no hay SQL para %1</translation>
    </message>
    <message>
        <source>a lease step (no Redis server given)</source>
        <translation>un paso de lease (no se indicó un servidor Redis)</translation>
    </message>
    <message>
        <source>%1 #%2 still waits for %3 where the model goes on</source>
        <translation>%1 #%2 sigue esperando a %3 donde el modelo continúa</translation>
    </message>
</context>
<context>
    <name>StepActions</name>
    <message>
        <source>Step request %1</source>
        <translation>Avanzar petición %1</translation>
    </message>
    <message>
        <source>Let time pass</source>
        <translation>Dejar pasar el tiempo</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Deshacer</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Rehacer</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Reiniciar</translation>
    </message>
    <message>
        <source>Redo all</source>
        <translation>Rehacer todo</translation>
    </message>
</context>
<context>
    <name>StrategyBar</name>
    <message>
        <source>Fix:</source>
        <translation>Solución:</translation>
    </message>
    <message>
        <source>Fix: %1</source>
        <translation>Solución: %1</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>Solución</translation>
    </message>
</context>
<context>
    <name>StrategyChart</name>
    <message>
        <source>Press &lt;b&gt;Compare fixes&lt;/b&gt; to run the same load test on real threads under every fix (seed 004, example 7).</source>
        <translation>Pulsa &lt;b&gt;Comparar soluciones&lt;/b&gt; para ejecutar la misma prueba de carga en hilos reales con cada solución (texto 004, ejemplo 7).</translation>
    </message>
    <message>
        <source> (cancelled: partial)</source>
        <translation> (cancelado: parcial)</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>Solución</translation>
    </message>
    <message>
        <source>Successes</source>
        <translation>Éxitos</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Errores</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Reintentos</translation>
    </message>
    <message>
        <source>Lost (%1)</source>
        <translation>Perdido (%1)</translation>
    </message>
    <message>
        <source>Mean time</source>
        <translation>Tiempo medio</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n trial(s) per fix on real threads, %1.&lt;/b&gt; The table gives the means per trial.</source>
        <translation>
            <numerusform>&lt;b&gt;%n ensayo por solución en hilos reales, %1.&lt;/b&gt; La tabla da las medias por ensayo.</numerusform>
            <numerusform>&lt;b&gt;%n ensayos por solución en hilos reales, %1.&lt;/b&gt; La tabla da las medias por ensayo.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 broke a rule</source>
        <translation>%1 de %2 incumplieron una regla</translation>
    </message>
    <message>
        <source>%1: %2 of %3 trials broke a rule</source>
        <translation>%1: %2 de %3 ensayos incumplieron una regla</translation>
    </message>
    <message>
        <source>Trials that broke a rule, per fix (a full bar is every trial)</source>
        <translation>Ensayos que incumplieron una regla, por solución (una barra llena son todos los ensayos)</translation>
    </message>
</context>
<context>
    <name>ThreadedDriver</name>
    <message>
        <source>stopped after %1 moves</source>
        <translation>detenido tras %1 movimientos</translation>
    </message>
</context>
<context>
    <name>TimelineLayout</name>
    <message>
        <source>instance %1</source>
        <translation>instancia %1</translation>
    </message>
    <message>
        <source>Lock service</source>
        <translation>Servicio de bloqueos</translation>
    </message>
    <message>
        <source>TTL and tokens</source>
        <translation>TTL y tokens</translation>
    </message>
    <message>
        <source>Queue worker</source>
        <translation>Worker de la cola</translation>
    </message>
    <message>
        <source>one job at a time</source>
        <translation>un trabajo cada vez</translation>
    </message>
    <message>
        <source>Event loop %1</source>
        <translation>Bucle de eventos %1</translation>
    </message>
    <message>
        <source>Event loop</source>
        <translation>Bucle de eventos</translation>
    </message>
    <message>
        <source>one thread</source>
        <translation>un hilo</translation>
    </message>
</context>
<context>
    <name>TimelinePresenter</name>
    <message>
        <source>One run on real threads, in wall time. Its moves, %1, are loaded into the stepper below.</source>
        <translation>Una ejecución en hilos reales, en tiempo real. Sus movimientos, %1, están cargados abajo en el modo paso a paso.</translation>
    </message>
</context>
<context>
    <name>TimelineRenderer</name>
    <message>
        <source>Nothing has happened yet: step a request to start.</source>
        <translation>Todavía no ha pasado nada: avanza una petición para empezar.</translation>
    </message>
    <message>
        <source>move (logical step) · who moved</source>
        <translation>movimiento (paso lógico) · quién se movió</translation>
    </message>
    <message>
        <source>wall time since the run started</source>
        <translation>tiempo real desde el inicio de la ejecución</translation>
    </message>
    <message>
        <source>CPU work of %1 blocks the loop</source>
        <translation>el trabajo de CPU de %1 bloquea el bucle</translation>
    </message>
    <message>
        <source>runs %1</source>
        <translation>ejecuta %1</translation>
    </message>
    <message>
        <source>expired: still believes it holds it</source>
        <translation>caducado: aún cree tenerlo</translation>
    </message>
    <message>
        <source>%1 of instance %2</source>
        <translation>%1 de la instancia %2</translation>
    </message>
    <message>
        <source>holds %1 · token %2 · TTL %3 ms</source>
        <translation>tiene %1 · token %2 · TTL %3 ms</translation>
    </message>
    <message>
        <source>job of %1</source>
        <translation>trabajo de %1</translation>
    </message>
    <message>
        <source>holds a connection</source>
        <translation>tiene una conexión</translation>
    </message>
    <message>
        <source>holds %1</source>
        <translation>tiene %1</translation>
    </message>
    <message>
        <source>waits in queue %1</source>
        <translation>espera en la cola %1</translation>
    </message>
    <message>
        <source>waits for %1 (held by %2)</source>
        <translation>espera a %1 (en poder de %2)</translation>
    </message>
    <message>
        <source>waits for %1</source>
        <translation>espera a %1</translation>
    </message>
    <message>
        <source>paused %1 ms</source>
        <translation>en pausa %1 ms</translation>
    </message>
    <message>
        <source>CPU work %1 ms</source>
        <translation>trabajo de CPU %1 ms</translation>
    </message>
    <message>
        <source>LOST UPDATE</source>
        <translation>ACTUALIZACIÓN PERDIDA</translation>
    </message>
    <message>
        <source> (stale)</source>
        <translation> (obsoleto)</translation>
    </message>
    <message>
        <source>R read: the value it saw</source>
        <translation>R lectura: el valor que vio</translation>
    </message>
    <message>
        <source>W write</source>
        <translation>W escritura</translation>
    </message>
    <message>
        <source>write → the reads that saw it</source>
        <translation>escritura → las lecturas que la vieron</translation>
    </message>
    <message>
        <source>atomic update (read + write in one)</source>
        <translation>actualización atómica (lectura + escritura en una)</translation>
    </message>
    <message>
        <source>lost update: struck-through write, overwritten</source>
        <translation>actualización perdida: escritura tachada, sobrescrita</translation>
    </message>
    <message>
        <source>holds a lock (solid, lock&apos;s colour)</source>
        <translation>tiene un bloqueo (relleno, color del bloqueo)</translation>
    </message>
    <message>
        <source>waits for a lock (hatched)</source>
        <translation>espera un bloqueo (rayado)</translation>
    </message>
    <message>
        <source>busy or paused (cross-hatched)</source>
        <translation>ocupado o en pausa (rayado cruzado)</translation>
    </message>
    <message>
        <source>lease: TTL bar, red bar = expired; token n on writes</source>
        <translation>lease: barra de TTL, barra roja = caducado; token n en las escrituras</translation>
    </message>
    <message>
        <source>transaction begin / commit</source>
        <translation>transacción: inicio / commit</translation>
    </message>
    <message>
        <source>error or rejected</source>
        <translation>error o rechazado</translation>
    </message>
    <message>
        <source>deadlock cycle and its victim</source>
        <translation>ciclo de interbloqueo y su víctima</translation>
    </message>
    <message>
        <source>rule broken here</source>
        <translation>aquí se incumple una regla</translation>
    </message>
    <message>
        <source>retry (jumped back)</source>
        <translation>reintento (salto atrás)</translation>
    </message>
    <message>
        <source>LOST UPDATE: %1 overwritten</source>
        <translation>ACTUALIZACIÓN PERDIDA: %1 sobrescrito</translation>
    </message>
    <message>
        <source>DEADLOCK · victim %1</source>
        <translation>INTERBLOQUEO · víctima %1</translation>
    </message>
    <message>
        <source>wait for each other · lock wait timeout fails %1</source>
        <translation>se esperan mutuamente · el lock wait timeout hace fallar a %1</translation>
    </message>
    <message>
        <source>DEADLOCK · they wait for each other</source>
        <translation>DEADLOCK · se esperan mutuamente</translation>
    </message>
    <message>
        <source>timeout</source>
        <translation>tiempo agotado</translation>
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
        <translation>Línea de tiempo</translation>
    </message>
    <message>
        <source> (still at the end)</source>
        <translation> (aún al final)</translation>
    </message>
    <message>
        <source> (ended: chosen as the deadlock victim)</source>
        <translation> (terminó: elegida como víctima del interbloqueo)</translation>
    </message>
    <message>
        <source> (ended: lock wait timeout)</source>
        <translation> (terminó: tiempo de espera de bloqueo agotado)</translation>
    </message>
    <message>
        <source> (ended: the TTL ran out)</source>
        <translation> (terminó: se agotó el TTL)</translation>
    </message>
    <message>
        <source>It saw the value %1 wrote in move %2.</source>
        <translation>Vio el valor que %1 escribió en el movimiento %2.</translation>
    </message>
    <message>
        <source>It saw the initial value.</source>
        <translation>Vio el valor inicial.</translation>
    </message>
    <message>
        <source>Lost update: %1 overwrote this value in move %2 without ever having read it.</source>
        <translation>Actualización perdida: %1 sobrescribió este valor en el movimiento %2 sin haberlo leído nunca.</translation>
    </message>
    <message>
        <source>This write is based on a stale read and overwrites %1&apos;s write from move %2.</source>
        <translation>Esta escritura se basa en una lectura obsoleta y sobrescribe la escritura de %1 del movimiento %2.</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s); Ctrl+Right and Ctrl+Left walk through them.</source>
        <translation>
            <numerusform>%n evento; Ctrl+Derecha y Ctrl+Izquierda los recorren.</numerusform>
            <numerusform>%n eventos; Ctrl+Derecha y Ctrl+Izquierda los recorren.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TraceExport</name>
    <message>
        <source>Clock</source>
        <translation>Reloj</translation>
    </message>
    <message>
        <source>%1 (instance %2)</source>
        <translation>%1 (instancia %2)</translation>
    </message>
    <message>
        <source>believes it holds %1 (expired)</source>
        <translation>cree tener %1 (caducado)</translation>
    </message>
    <message>
        <source>reads from</source>
        <translation>lee de</translation>
    </message>
    <message>
        <source>Wait-for graph: %1</source>
        <translation>Grafo de espera: %1</translation>
    </message>
    <message>
        <source>after step %1</source>
        <translation>tras el paso %1</translation>
    </message>
    <message>
        <source>The deadlock detector broke this cycle by rolling back %1.</source>
        <translation>El detector de interbloqueos rompió este ciclo revirtiendo %1.</translation>
    </message>
    <message>
        <source>Deadlock: every request on the red cycle waits for the next one.</source>
        <translation>Interbloqueo: cada petición del ciclo rojo espera a la siguiente.</translation>
    </message>
    <message>
        <source>victim: rolled back</source>
        <translation>víctima: revertida</translation>
    </message>
    <message>
        <source>instance %1</source>
        <translation>instancia %1</translation>
    </message>
    <message>
        <source>held by</source>
        <translation>en poder de</translation>
    </message>
    <message>
        <source>waits for</source>
        <translation>espera a</translation>
    </message>
    <message>
        <source>waited for</source>
        <translation>esperó a</translation>
    </message>
    <message>
        <source>was held by</source>
        <translation>estaba en poder de</translation>
    </message>
    <message>
        <source>box: request · ellipse: lock or resource
solid arrow: held by · dashed arrow: waits for
red: deadlock cycle · double border: the detector&apos;s victim</source>
        <translation>caja: petición · elipse: bloqueo o recurso
flecha continua: en poder de · flecha discontinua: espera a
rojo: ciclo de interbloqueo · borde doble: la víctima del detector</translation>
    </message>
    <message>
        <source>holds lease %1 (token %2)</source>
        <translation>tiene el lease %1 (token %2)</translation>
    </message>
    <message>
        <source>job runs on %1</source>
        <translation>el trabajo se ejecuta en %1</translation>
    </message>
    <message>
        <source>holds a connection from %1</source>
        <translation>tiene una conexión de %1</translation>
    </message>
    <message>
        <source>holds %1</source>
        <translation>tiene %1</translation>
    </message>
    <message>
        <source>waits for %1</source>
        <translation>espera a %1</translation>
    </message>
    <message>
        <source>paused (%1 ms)</source>
        <translation>en pausa (%1 ms)</translation>
    </message>
    <message>
        <source>CPU work (%1 ms)</source>
        <translation>trabajo de CPU (%1 ms)</translation>
    </message>
</context>
<context>
    <name>VerdictLine</name>
    <message>
        <source>✗ Rule broken: %1</source>
        <translation>✗ Regla incumplida: %1</translation>
    </message>
    <message>
        <source>No rule broken so far</source>
        <translation>Ninguna regla incumplida por ahora</translation>
    </message>
    <message>
        <source>✓ Every rule holds</source>
        <translation>✓ Se cumplen todas las reglas</translation>
    </message>
</context>
<context>
    <name>WaitForGraphView</name>
    <message>
        <source>Wait-for graph</source>
        <translation>Grafo de espera</translation>
    </message>
    <message>
        <source>Deadlock %1. The database aborts %2 (ER_LOCK_DEADLOCK) so the others can go on.</source>
        <translation>Interbloqueo %1. La base de datos aborta %2 (ER_LOCK_DEADLOCK) para que las demás puedan seguir.</translation>
    </message>
    <message>
        <source>Deadlock %1: each waits for the next, forever.</source>
        <translation>Interbloqueo %1: cada una espera a la siguiente, para siempre.</translation>
    </message>
    <message>
        <source>Nobody waits for anybody right now.</source>
        <translation>Ahora mismo nadie espera a nadie.</translation>
    </message>
    <message>
        <source>%1 waits for %2</source>
        <translation>%1 espera a %2</translation>
    </message>
    <message>
        <source>Safe lock order: %1. If every request locks in this order, no cycle can form.</source>
        <translation>Orden de bloqueo seguro: %1. Si todas las peticiones bloquean en este orden, no puede formarse ningún ciclo.</translation>
    </message>
    <message>
        <source>waits for</source>
        <translation>espera a</translation>
    </message>
    <message>
        <source>held by</source>
        <translation>en poder de</translation>
    </message>
    <message>
        <source>victim: rolled back</source>
        <translation>víctima: revertida</translation>
    </message>
</context>
<context>
    <name>WidgetExporter</name>
    <message>
        <source>nothing to export: the view is not shown</source>
        <translation>nada que exportar: la vista no se muestra</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Interleave: see concurrency bugs happen, step by step.</source>
        <translation>Interleave: mira cómo ocurren los errores de concurrencia, paso a paso.</translation>
    </message>
    <message>
        <source>Strategy (fix) id.</source>
        <translation>Id de la estrategia (solución).</translation>
    </message>
    <message>
        <source>threads, eventloop or instances:N.</source>
        <translation>threads, eventloop o instances:N.</translation>
    </message>
    <message>
        <source>A parameter, name=value (repeatable).</source>
        <translation>Un parámetro, nombre=valor (repetible).</translation>
    </message>
    <message>
        <source>Moves to replay, for example &quot;A B A B&quot;.</source>
        <translation>Movimientos que reproducir, por ejemplo «A B A B».</translation>
    </message>
    <message>
        <source>Save a picture of the window to this PNG file and quit.</source>
        <translation>Guardar una imagen de la ventana en este archivo PNG y salir.</translation>
    </message>
    <message>
        <source>Window size for --screenshot, WIDTHxHEIGHT.</source>
        <translation>Tamaño de la ventana para --screenshot, ANCHOxALTO.</translation>
    </message>
    <message>
        <source>--strategy: no strategy &quot;%1&quot; in this scenario</source>
        <translation>--strategy: no hay ninguna estrategia «%1» en este escenario</translation>
    </message>
    <message>
        <source>--model: %1</source>
        <translation>--model: %1</translation>
    </message>
    <message>
        <source>--param %1: expected name=number with a parameter of this scenario</source>
        <translation>--param %1: se esperaba nombre=número con un parámetro de este escenario</translation>
    </message>
    <message>
        <source>--screenshot: cannot write %1</source>
        <translation>--screenshot: no se puede escribir %1</translation>
    </message>
    <message>
        <source>Explore every interleaving at start (fills the outcome histogram).</source>
        <translation>Explorar todos los entrelazados al iniciar (llena el histograma de resultados).</translation>
    </message>
    <message>
        <source>Load the simplest schedule that breaks a rule (explores first).</source>
        <translation>Cargar la planificación más simple que incumple una regla (explora primero).</translation>
    </message>
    <message>
        <source>After loading a schedule, step back to this move.</source>
        <translation>Tras cargar una planificación, retroceder hasta este movimiento.</translation>
    </message>
    <message>
        <source>Run the fix comparison (a load test on threads under every fix) at start.</source>
        <translation>Ejecutar al inicio la comparación de soluciones (una prueba de carga en hilos con cada solución).</translation>
    </message>
    <message>
        <source>A built-in scenario id (for example lost-update), a scenario file, or a saved session (.interleave).</source>
        <translation>El id de un escenario integrado (por ejemplo lost-update), un archivo de escenario o una sesión guardada (.interleave).</translation>
    </message>
    <message>
        <source>Start in presenter mode (F5); with --screenshot, at --size instead of full screen.</source>
        <translation>Empezar en modo presentación (F5); con --screenshot, al tamaño de --size en lugar de pantalla completa.</translation>
    </message>
    <message>
        <source>Use a dark palette (Fusion style), as on a dark desktop; for example for --screenshot, where no desktop theme is there to ask.</source>
        <translation>Usar una paleta oscura (estilo Fusion), como en un escritorio oscuro; por ejemplo para --screenshot, donde no hay tema de escritorio al que preguntar.</translation>
    </message>
    <message>
        <source>The interface&apos;s language for this run (en, de, es), without changing the saved choice.</source>
        <translation>El idioma de la interfaz para esta ejecución (en, de, es), sin cambiar la elección guardada.</translation>
    </message>
    <message>
        <source>Start in challenge mode on this challenge: a built-in id (interleave-cli challenge list) or a challenge file; --schedule then plays moves in it.</source>
        <translation>Empezar en modo reto con este reto: un id incorporado (interleave-cli challenge list) o un archivo de reto; --schedule juega entonces movimientos en él.</translation>
    </message>
    <message>
        <source>--challenge: %1</source>
        <translation>--challenge: %1</translation>
    </message>
</context>
</TS>
