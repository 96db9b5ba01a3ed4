<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>Cli</name>
    <message>
        <source>List scenarios, their strategies, models and parameters (with --scenario: one scenario in full).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the scenario on real threads, many trials, and print the outcome histogram.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay one schedule in the deterministic stepper and narrate every event.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count every interleaving and its outcome, with the simplest schedule that breaks a rule.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in scenario id or a scenario .json file (default: lost-update).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID|FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strategy (fix) id (default: the scenario&apos;s first, usually the broken one).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Execution model: threads, eventloop or instances:N (default: threads).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MODEL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set a scenario parameter, for example requests=3 (repeatable).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAME=VALUE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print JSON instead of text (format in docs/cli.md).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: interleave-cli &lt;verb&gt; [options]

Interleave shows concurrency bugs happen: lost updates, overselling, deadlocks, expired leases.

Verbs:
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
Options every verb takes: --scenario ID|FILE, --strategy ID, --model MODEL, --param NAME=VALUE, --json.
Run &quot;interleave-cli &lt;verb&gt; --help&quot; for a verb&apos;s own options.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown option &quot;%1%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing verb (expected %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown verb &quot;%1&quot; (expected %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: unexpected argument &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--strategy &quot;%1&quot;: scenario &quot;%2&quot; has no such strategy (it has %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--model &quot;%1&quot;: scenario &quot;%2&quot; offers only %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--param &quot;%1&quot;: expected NAME=VALUE with a whole number, for example requests=3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--param &quot;%1&quot;: scenario &quot;%2&quot; has no parameter &quot;%3&quot; (it has %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--param &quot;%1&quot;: %2 must be from %3 to %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The seed says: %1
What really happens: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strategies:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  (none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rules:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (at every moment)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code of strategy %1 (%2):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenarios (%1):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>strategies: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>models: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>parameters: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models: threads (every shared step can interleave), eventloop (one Node.js loop: only at await), instances:N (N server processes, each with its own memory and locks).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next: interleave-cli list --scenario ID, then run or step it (interleave-cli run --help).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interleave-cli: --%1 &quot;%2&quot;: expected a number from %3 to %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many runs (1 to 1000000, default 100).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed for the random jitter (default 1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to MS virtual milliseconds of random extra delay after each step (default 0).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Real milliseconds per virtual millisecond (default 0.01: a 100 ms delay takes 1 ms).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>X</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interleave-cli: --%1: expected a whole number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 trials in %3 ms (mean %4 ms per trial) · seed %5 · jitter %6 ms · time scale %7%8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · CANCELLED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcomes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>outcome  [example schedule]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anomalies:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  lost updates: %1 trials of %2 end below the expected %3; %4 lost in all (mean %5 per trial)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  ✗ %1: broken in %2 of %3 trials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>      e.g. [%1], step %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  %1: in %2 trials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  deadlock: %1 trials ended with every request waiting forever</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errors per actor:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  %1: %2 ×%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Successes %1 · errors %2%3 · mean run %4 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · retries %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay an example: interleave-cli step --scenario %1 --strategy %2 --model %3 --schedule &quot;…&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The moves, for example &quot;A B A B&quot;: a request&apos;s letter moves it one step, ~ lets time pass to the next deadline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MOVES</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interleave-cli: step: missing --schedule (for example --schedule &quot;A B A B&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no moves)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  ← overwrites a write it never saw: lost update</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Final state (t=%1 ms):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>      broken at step %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  lost update: step %1 (%2) overwrote step %3 (%4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  deadlock: %1 wait for each other; the database rolled back %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  deadlock: %1 wait for each other forever</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Finished after %n move(s): %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stuck after %n move(s): every request that is left waits forever.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not finished after %n move(s). Possible next moves: %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>still running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 = %2 (one per server instance)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 (expected %3)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CodePanel</name>
    <message>
        <source>Step %1   [%2]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✗ failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⏳ waiting for time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⏸ blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run %1 up to its next scheduling point</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CodePanelStrip</name>
    <message>
        <source>&lt;b&gt;You are the scheduler:&lt;/b&gt; pick who runs next — click a Step button or press its number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Let time pass  [~]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advance the clock to the next deadline: a pause or timer ends, a lock&apos;s TTL runs out, a lock wait times out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take back the last move (Ctrl+Z or Backspace)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay the move taken back (Ctrl+Y)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the start, keeping the moves for redo (Home)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule: (no moves yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody can move and no deadline lies ahead: every remaining request waits forever.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every request has finished. Undo (Backspace) to try another order.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody can run until time passes: press ~ or T.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>Business rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Committed value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ as expected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>= so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✗ %1 missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✗ %1 too many</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 short so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 over so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#666&apos;&gt;&lt;b&gt;…&lt;/b&gt; %1 &lt;i&gt;(checked when every request has finished)&lt;/i&gt;&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>broken at &lt;a href=&apos;event:%1&apos;&gt;move %2&lt;/a&gt;: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lost updates: &lt;b&gt;0&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1&apos;s %2 = %3, overwritten by %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lost updates: &lt;b&gt;%1&lt;/b&gt; — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written in the last move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (instance %2 memory)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (process memory)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EngineJobs</name>
    <message>
        <source>Exploring every interleaving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running trials on real threads…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running once on real threads…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparing the fixes under load…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Explorer</name>
    <message numerus="yes">
        <source>schedules with more than %n preemption(s) were not followed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Expression</name>
    <message>
        <source>unexpected &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in expression &quot;%1&quot; at column %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>number out of range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unterminated string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown text &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown function %1() with %2 argument(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a column name after &apos;.&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown cell %1[…].%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a name after &apos;.&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown name &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Interleave</name>
    <message>
        <source>a program must be a list of lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a program needs at least one line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a step needs an &quot;op&quot; string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unsupported format %1 (this version reads format 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid id (letters, digits, - and _)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid parameter name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>parameter &quot;%1&quot; is defined twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>min %1 is greater than max %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default %1 lies outside %2…%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a scenario needs at least one actor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a number or an expression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a scenario needs at least one strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>strategy &quot;%1&quot; is defined twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be &quot;safe&quot;, &quot;broken&quot; or an object per model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown model &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be &quot;safe&quot; or &quot;broken&quot;, not &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing required field &quot;programs&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a strategy needs at least one program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a model name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a language code such as &quot;de&quot; or &quot;pt_BR&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a translation must be a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>holds lease %1 (token %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>job runs on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>holds a connection from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>holds %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waits for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused (%1 ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU work (%1 ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R read: the value it saw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>W write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>write → the reads that saw it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>atomic update (read + write in one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lost update: struck-through write, overwritten</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>holds a lock (solid, lock&apos;s colour)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waits for a lock (hatched)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>busy or paused (cross-hatched)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lease TTL bar; ⧗ expiry; token n on writes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[ ] transaction begin / commit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✗ error or rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deadlock cycle; ⊗ victim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rule broken here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>↺ retry</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Interleave::ExplorerResult</name>
    <message>
        <source>it was cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the state budget ran out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the time budget ran out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incomplete: %1. Covered %2 states and %3 finished interleavings; %4 schedule prefixes were not followed to their end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Infinitely many interleavings (a cycle can repeat forever); none breaks a rule.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Infinitely many interleavings: a cycle can repeat forever (livelock), and some break a rule.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 interleavings break a rule.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Interleave::Frame</name>
    <message>
        <source>runs %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired: still believes it holds it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> stale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LOST UPDATE: overwritten</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waits for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DEADLOCK · victim %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DEADLOCK · all wait forever</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>move (logical step) · who moved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wall time since the run started</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Interleave::InterleavingCount</name>
    <message>
        <source>infinite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Interleave::Machine</name>
    <message>
        <source>Waits in queue %1 until the worker finishes %2&apos;s job.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waits for the row lock on %1, held by %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waits: %1 inserted the same key %2 into %3 and has not committed yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waits for mutex %1, which it already holds itself: it will wait forever.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waits for mutex %1, held by %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waits for lock %1, held by %2 until t=%3 ms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waits for a free connection in pool %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Busy or paused until t=%1 ms; advance time to wake it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The event loop is busy running %1; nothing else on it can run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stuck: every request waits forever</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scenario &quot;%1&quot; has no strategy &quot;%2&quot; (it has %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scenario &quot;%1&quot; has no parameter &quot;%2&quot; (it has %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 = %2 is outside the allowed range %3…%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>local &quot;%1&quot; has the name of a parameter; rename one of them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 actors is outside 0…200</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>strategy &quot;%1&quot; has no program &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no actors with these parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a list of key table names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no key table &quot;%1&quot; in state.tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at most 60 rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ER_LOCK_DEADLOCK: Deadlock found when trying to get lock; try restarting transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ER_LOCK_WAIT_TIMEOUT: Lock wait timeout exceeded; try restarting transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage rejected the write: its fencing token is older than one already seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage rejected the read: its fencing token is older than one already seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No such row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model limit: table is full</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model limit: more than 10,000 local steps without touching shared state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pool exhausted: timed out waiting for a connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 locks and reads %2 = %3 (SELECT … FOR UPDATE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 reads %2 = %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tries to write %2 = %3 with fencing token %4; storage has seen a newer token and rejects it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 writes %2 = %3 with fencing token %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 writes %2 = %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 updates %2 to %3 in one atomic statement (1 row affected).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1&apos;s atomic update of %2 matches no row (0 rows affected): its condition is false.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 inserts key %2 into %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tries to insert key %2 into %3, but the unique key rejects the duplicate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 looks for key %2 in %3 and finds it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 looks for key %2 in %3 and does not find it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 begins a transaction.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 commits: its changes become visible and its row locks are released.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rolls back: its uncommitted changes are discarded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must wait for %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must wait for %2, held by %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 acquires lock %2 (SET NX PX) with fencing token %3; it expires at t=%4 ms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 takes a connection from pool %2 (%3 left).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 acquires the lock on %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 deletes lock %2 without checking its owner, but the lock now belongs to %3!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 releases %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 deletes lock %2, but it is already gone: nothing to delete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 leaves lock %2 alone: it no longer holds it (the lease expired), and the owner check deletes only its own lock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 leaves lock %2 alone: it now belongs to %3, and the owner check deletes only its own lock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 finds lock %2 held by %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot take %2: it is already taken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock %1 of %2 expires (TTL ran out). Its holder is not told.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 puts its job on queue %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The worker finishes %1&apos;s job from queue %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 waits %2 ms (setTimeout); other threads keep running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 resumes after awaiting a %2 ms timer; meanwhile the event loop was free for other requests.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is paused for %2 ms (for example a GC pause); it does not notice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does %2 ms of CPU work.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 resumes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 computes %2 = %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 fails: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 finishes successfully.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadlock: %1 requests wait for each other in a cycle. The database picks %2 as the victim and rolls it back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has waited too long for %2 and gives up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule broken: %1. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A rule is broken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 writes although it no longer holds its lock (the lease expired or was deleted): nothing stops this stale write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 released a lock it no longer owned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anomaly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time passes: the clock is now t=%1 ms.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Interleave::MachineCompiler</name>
    <message>
        <source>&quot;%1&quot; must be a constant built from parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a list of names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is declared twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown state field &quot;%1&quot; (expected tables, memory, mutexes, leases, queues or pools)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a list of tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be an object { … }</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a table needs a &quot;name&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>table &quot;%1&quot; is declared twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>table &quot;%1&quot; has the name of a parameter; rename one of them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must list at least one column name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a table with columns needs at least one row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a row needs a numeric &quot;id&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>duplicate row id %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>table &quot;%1&quot; has no column &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be an object of name: value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be an object of name: size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a pool needs at least one connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no memory cell &quot;%1&quot; in state.memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a cell; write table[id].column or mem.name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no table &quot;%1&quot; with columns in state.tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a row; write table[id]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no %1 &quot;%2&quot; is declared in state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown step kind &quot;%1&quot; (expected one of %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown step field &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step &quot;%1&quot; needs &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is a parameter and cannot be assigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only database rows can be read FOR UPDATE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only database rows check fencing tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step &quot;update&quot; needs &quot;set&quot;: { column: expression }</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no key table &quot;%1&quot; in state.tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>label &quot;%1&quot; is used twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>goto to unknown label &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the program has no steps; add &quot;steps&quot; to at least one line</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Interleave::Reader</name>
    <message>
        <source>missing required field &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must not be empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a whole number, not %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a whole number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a list [ … ]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be an object { … }</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Interleave::ScenarioLoader</name>
    <message>
        <source>%1:%2:%3: JSON syntax error: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:1: the file must hold one JSON object { … }</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:%2: %3: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>top level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no such scenario file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: file is larger than 4 MiB; a scenario is a small JSON file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown scenario &quot;%1&quot; (built-in: %2; or give a .json file)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Interleave::Search</name>
    <message>
        <source>The explorer cannot handle this machine&apos;s state layout.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>livelock: a cycle of moves that can repeat forever, so the run never ends</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Interleave::Session</name>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a session file (JSON error at byte %1: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a session file (expected one JSON object)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not an Interleave session (expected &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing or not a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>version %1 is newer than this program reads (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing, or not an object { &quot;id&quot; … } or { &quot;file&quot; … }</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be the scenario&apos;s JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>names no scenario (give &quot;id&quot; or &quot;file&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing, or not a strategy id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing, or not a model name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be an object of name: number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a whole number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a schedule string such as &quot;A B A ~ B&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a whole number ≥ 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot write: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no such session file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: file is larger than 16 MiB; a session is a small JSON file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>embedded scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cursor %1 lies past the schedule&apos;s %2 moves</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Interleave::TimelineRenderer</name>
    <message>
        <source>W %1=%2 token %3 rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>W %1=%2 token %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>U %1=%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>U %1: 0 rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INSERT %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INSERT %1 duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>find %1: yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>find %1: no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BEGIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>COMMIT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ROLLBACK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waits %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lock %1 token %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lock %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>release conn.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unlock %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 busy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enqueue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>job done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>await %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resumes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DEADLOCK: victim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RULE BROKEN: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RULE BROKEN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stale write!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deleted another&apos;s lock!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>anomaly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>t=%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>holds %1 · token %2 · TTL %3 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>job of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>holds a connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>holds %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waits in queue %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waits for %1 (held by %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waits for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU work %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing has happened yet: step a request to start.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Interleave::TimelineView</name>
    <message>
        <source>It saw the value %1 wrote in move %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It saw the initial value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lost update: %1 overwrote this value in move %2 without ever having read it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This write is based on a stale read and overwrites %1&apos;s write from move %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (still at the end)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (ended: chosen as the deadlock victim)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (ended: lock wait timeout)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (ended: the TTL ran out)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Interleave::TraceExport</name>
    <message>
        <source>R %1=%2 (FOR UPDATE)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R %1=%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>W %1=%2 rejected (token %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>W %1=%2 (token %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>W %1=%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>U %1=%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>U %1: 0 rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INSERT %1 into %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INSERT %1 into %2: duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>find %1 in %2: found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>find %1 in %2: none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BEGIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>COMMIT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ROLLBACK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wait for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>acquire %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>release %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>denied %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lease %1 expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enqueue on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>job done on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>await (%1 ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pause (%1 ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU work (%1 ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>compute = %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deadlock: victim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lock wait timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rule broken: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rule broken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stale write after lease expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>released a lock it did not own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stale token rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>anomaly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>t = %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (instance %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>believes it holds %1 (expired)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reads from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait-for graph: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>after step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The deadlock detector broke this cycle by rolling back %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadlock: every request on the red cycle waits for the next one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>victim: rolled back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>instance %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>held by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waits for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waited for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>was held by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>box: request · ellipse: lock or resource
solid arrow: held by · dashed arrow: waits for
red: deadlock cycle · double border: the detector&apos;s victim</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Machine</name>
    <message>
        <source>unknown model &quot;%1&quot; (expected threads, eventloop or instances:N with N from 1 to 16)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Node.js event loop</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n server instance(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Interleave</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcomes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare fixes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who waits for whom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix and execution model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>▶ Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step automatically with the chosen policy (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>random, seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>round-robin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>show me the bug</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How Play chooses the next move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed of the random policy: the same seed plays the same schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play speed: moves per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show me the bug</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play the simplest schedule that breaks a rule, found by exploring every interleaving (B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explore all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count every possible interleaving and its outcome (E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run on threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run once on real threads; the timeline shows wall time (R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run ×N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run many trials on real threads and count their outcomes (N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many trials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same load test on real threads under every fix (C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⏸ Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open scenario file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step request %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Let time pass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel running job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit timeline to window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Interleave</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the running job (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No built-in scenario &quot;%1&quot; and no such file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — nothing was loaded; the current scenario stays.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded %1. It reloads by itself when you save it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenario files (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 changed on disk, but the new version does not load: %2 — the previous version stays loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reloaded %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interleave — %1 · %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trials above were for another variant. Press &lt;b&gt;Run ×N&lt;/b&gt; again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#1b6e20&apos;&gt;&lt;b&gt;✓ This fix holds here.&lt;/b&gt;&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#b00020&apos;&gt;&lt;b&gt;✗ This can go wrong here.&lt;/b&gt;&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1&lt;br&gt;&lt;b&gt;Shown:&lt;/b&gt; %2 on %3. %4 &lt;i&gt;Try: step the requests in different orders with the Step buttons (or keys 1–9), or press &lt;b&gt;Show me the bug&lt;/b&gt;.&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move %1 of %2 · t = %3 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one run on real threads (wall time) · schedule %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>schedule %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exploring every interleaving… %L1 states</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deadlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deadlock: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>livelock: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 interleavings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%L1 distinct states, %2 s. Click a bar to step through one schedule that ends there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 trials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 trials on real threads broke a rule.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms in all. Threads interleave differently each run; Explore all counts every possibility.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled after %1 of %2 trials. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ran once on real threads in %1 ms: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded the schedule %1. Undo (Backspace) to step back through it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 … 9</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step request 1 … 9 (A … I) to its next scheduling point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>~ or T</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>let time pass: a pause or timer ends, a lock&apos;s TTL runs out, a wait times out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Z or Backspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>undo the last move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Y or Ctrl+Shift+Z</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Home / End</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>back to the start / redo every move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>play or pause (policy and speed in the Run toolbar)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>show me the bug: play the simplest schedule that breaks a rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>explore all interleavings (outcome histogram)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run once on real threads (timeline in wall time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run N trials on real threads (outcome histogram)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>compare the fixes under the same load test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Esc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancel the running job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+O</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open your own scenario file (or drop it on the window)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+ + / Ctrl+ − / Ctrl+0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>zoom the timeline in / out / fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wheel zooms, drag pans, Shift+drag zooms to a range, +/− zoom, ←/→ pan, F fit, click selects an event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Interleave</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Interleave %1&lt;/h3&gt;&lt;p&gt;Teaches concurrency bugs by showing them happen: lost updates, check-then-act, double withdrawals, deadlocks, lease expiry — and the fixes from the teaching texts, switched on against the very same schedule.&lt;/p&gt;&lt;p&gt;You are the scheduler: step the requests one at a time, or let Interleave explore every interleaving, or run them on real threads.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NarrationModel</name>
    <message>
        <source>someone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This value goes stale: %1 writes %2 (move %3) before %4 writes back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> %1 computed %2 from the value it read at move %3, before %4 wrote.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ Lost update: %1&apos;s write (%2) is gone, overwritten by %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ Why: each transaction holds a lock the other one needs, and neither lets go. If every transaction takes its locks in the same order (for example sorted by id), this cycle cannot form.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutcomeChart</name>
    <message>
        <source>Press &lt;b&gt;Explore all&lt;/b&gt; to count every possible interleaving, or &lt;b&gt;Run ×N&lt;/b&gt; for trials on real threads.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>breaks a rule ✗</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all rules hold ✓</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
%2 — click to load its schedule: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlayController</name>
    <message>
        <source>No interleaving breaks a rule here: there is no bug to show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playing the simplest schedule that breaks a rule: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Scenario</name>
    <message>
        <source>Double withdraw: check, then act</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two withdrawals of 60 both see a balance of 100, both pass the check, and the account goes to −20.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each request checks that the balance covers the amount and then debits it. The check and the debit are separate steps: when both requests check before either debits, both pass on the same balance and both withdraw, so the account is overdrawn (seed 001: &quot;both reading a balance, both seeing $100, both debiting $60, and both succeeding&quot;). The seeds recommend making the check part of the write: UPDATE … SET balance = balance − ? WHERE balance &gt;= ? and look at the affected rows. Optimistic locking with a version column and pessimistic locking with SELECT … FOR UPDATE also hold. An in-process mutex holds only inside one process. Seed 002&apos;s in-memory Express handler has no await at all: on Node&apos;s event loop it runs to completion before the next request starts, so it cannot interleave; on threads it can, and with two server instances each process has its own balance.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 002, example 5: two simultaneous requests on the synchronous handler both read balance = 100 and both pass the check.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The handler has no await: on Node&apos;s single event loop each request runs from the check to res.send without stopping, so the two requests cannot interleave at all. Select the event loop model: every interleaving is one request after the other. They can interleave on threads (select the threads model), and with two server instances each process has its own `balance` variable.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 002, example 5: &quot;Final result: balance = 0. Expected: balance = 50. Bug: race condition.&quot;</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>100 − 50 − 50 = 0 is the correct result: both withdrawals of 50 were covered. The bugs a race really causes are a lost update (both read 100, both write 50: 100 paid out, balance 50) and, when the amounts together exceed the balance, an overdraft. That is why this scenario withdraws 60 twice by default; set the amount to 50 to replay the seed&apos;s numbers.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 001, withdrawOptimistic: throws &quot;Concurrent update detected — retry&quot;.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The function never retries: the losing request simply fails, even when the money would have covered it (try two withdrawals of 30). A retry loop would be the caller&apos;s job.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many withdrawals run at once</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initial balance</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 001 and seed 002: 100</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount per withdrawal</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 001 debits 60; seed 002 hard-codes 50</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Withdrawal %1</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No fix (check, then update)</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 001&apos;s withdrawUnsafe: SELECT the balance, throw &quot;Insufficient funds&quot; if it is too low, otherwise UPDATE balance = balance − amount. Both requests can pass the check on the same balance.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insufficient funds</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conditional atomic update</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 001&apos;s withdrawAtomic (and seed 002&apos;s UPDATE accounts SET balance = balance − 50 WHERE balance &gt;= 50): the check is part of the UPDATE, which the database runs as one statement under the row lock. A withdrawal that no longer fits affects 0 rows and fails with &quot;Insufficient funds&quot;.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimistic locking (version)</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 001&apos;s withdrawOptimistic: read balance and version, check, then UPDATE … WHERE version = ?. If another withdrawal wrote first, the UPDATE affects 0 rows and the request fails with &quot;Concurrent update detected — retry&quot;. The seed does not retry, so the loser fails even when the money would have been enough.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Concurrent update detected — retry</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pessimistic locking (SELECT … FOR UPDATE)</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The check runs inside a transaction on a locked row: SELECT … FOR UPDATE makes the second withdrawal wait until the first commits, and then it reads the new balance and fails the check. An error rolls the transaction back.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In-process mutex</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>withdrawUnsafe wrapped in an async mutex. Safe on threads and on one event loop; with two server instances each process has its own mutex and both withdrawals pass the check again (seed 001: a mutex inside one process doesn&apos;t prevent another server from running the same code).</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 002: in-memory handler, no await</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 002, example 4: `let balance = 100` in process memory and a handler that checks and subtracts with no await in between. On Node&apos;s event loop the whole handler runs without a break, so requests cannot interleave. On threads, `balance -= amount` is a read and a write that another thread can come between. With two server instances each process has its own `balance`, and both pay out.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>balance ≥ 0</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bank must never pay out money the account does not have. (The database strategies keep the balance in the accounts table, seed 002&apos;s handler in process memory; the rule looks at whichever went down.)</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>balance = initial − every withdrawal paid out</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every withdrawal that was paid out must be taken off the balance exactly once; otherwise money was created (a lost update) or paid twice. With two server instances each process has its own balance, so two payouts of 60 from an account of 100 break this rule.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>money paid out ≤ initial balance</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Together the withdrawals must not take out more than was in the account.</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid out</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Withdrawals paid out</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests refused</source>
        <extracomment>Scenario &quot;double-withdraw&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last seat: overselling</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two students try to book the last seat on a trip; both see one seat left and both book it.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Booking is check-then-act: look at the seats left, then take one. If both students check before either takes the seat, both pass and the trip is oversold: seats = −1 and two bookings for one seat (seed 003). Where the two can come between the check and the act depends on the code and on how it runs. In the seed&apos;s tracker the check and the decrement sit after the await with no await between them, so on one Node event loop they cannot be split; on threads they can, and with two server instances each process has its own seat count. With the seats in a database, the SELECT and the UPDATE are two statements and other requests run between them everywhere. The fixes the seed names: an in-memory lock (a Set that rejects with &quot;try later&quot;; it works only inside one process), a database row lock (SELECT … FOR UPDATE in a transaction), and, from the other seeds, a mutex that waits and a conditional atomic UPDATE … WHERE seats &gt; 0.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 003, race.mjs: both students book and &quot;Final Seat Count: -1&quot;.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not on Node. The only await is the random delay; after it, the check `trip.seats &gt; 0`, the decrement and the push run synchronously, so on one event loop the second student always sees 0 seats and fails. The output -1 with two bookings happens on threads (select the threads model), with two server instances (each has its own trips array: two bookings, each process still counting 0 seats), or when the seats live in a database (the db-check-then-update strategy).</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 003, locking.mjs: the in-memory Set lock makes booking safe.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only inside one process, and only because has() and add() run without an await between them. There is no try/finally: if anything between add() and delete() throws, the trip stays locked forever and every later student is told to try later. With two server instances each has its own Set and both students book. On threads, has() and add() are themselves a check-then-act: both can see the trip unlocked. And the lock rejects instead of waiting, so a student can be refused although seats are left (try capacity = 2).</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Students</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many students book at once</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seats</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seats on the trip (the seed: 1)</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network delay (ms)</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The seed waits Math.random() * 1000 ms; the model waits this long</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Student %1</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 003 race.mjs (in memory)</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The seed&apos;s TransportTracker as written: the trip&apos;s seats in process memory, a random await, then check and decrement. On one event loop the check and the decrement cannot be split, so it does not oversell there; on threads and with two instances it does.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No seats left</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 003 locking.mjs (Set lock, try later)</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The seed&apos;s in-memory lock: if the trip is in the Set, reject with &quot;try later&quot;; otherwise add it, book, and delete it. On one event loop has() and add() run together, so it works. On threads has() and add() race; with two server instances each process has its own Set (and its own seats).</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trip 1 is locked, try later</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seats in the database (SELECT, then UPDATE)</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same check-then-act with the seats in a database: SELECT seats, and if there is one, UPDATE seats = seats − 1 and INSERT the booking. The SELECT and the UPDATE are two statements; another request runs between them on every model, so two students pass the check and the trip ends at −1.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In-process mutex (waits)</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The seed&apos;s tracker with a mutex that waits instead of rejecting: the second student waits until the first has booked, then sees 0 seats. Safe on threads and on one event loop; with two server instances each process has its own mutex and its own seats.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UPDATE trips SET seats = seats − 1 WHERE id = ? AND seats &gt; 0: the database checks and decrements in one statement under its row lock. The second student&apos;s UPDATE affects 0 rows and is refused. Safe on every model.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row lock (SELECT … FOR UPDATE)</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 003&apos;s database row-level lock: in a transaction, SELECT … FOR UPDATE locks the trip&apos;s row, so the second student&apos;s locking read waits until the first commits and then sees 0 seats. The lock lives in the database, so it holds for any number of server instances.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seats ≥ 0</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A trip cannot have fewer than zero seats left. (The seed&apos;s tracker keeps the seats in process memory, the database strategies in the trips table; the rule looks at whichever went down.)</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seats sold ≤ capacity</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No more students may hold a booking than the trip has seats.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seats left + bookings = capacity</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every booking takes exactly one seat. If two bookings took the same seat (a lost decrement) or a process counted seats that another process sold, the numbers no longer add up.</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seats left</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bookings</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Students refused</source>
        <extracomment>Scenario &quot;last-seat&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lost update: concurrent deposits</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two deposits read the same balance and both write back; one deposit vanishes.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each request reads the balance, waits, adds its amount in JavaScript and writes the result back. When both read before either writes, the second write overwrites the first: a lost update (P4 in the isolation literature). With +100 and +200 on 1000 the balance should end at 1300, but 1200 or 1100 are possible. The seeds&apos; first recommendation is to let the database do the read-modify-write in one statement (UPDATE … SET balance = balance + ?). Optimistic locking (a version column with bounded retry) and pessimistic locking (SELECT … FOR UPDATE in a transaction) also work. An in-process mutex works only inside one process: with two server instances each has its own mutex, while the database is shared. A distributed lock with a TTL works across servers only as long as every holder finishes before its lease runs out. A single-worker queue runs the jobs one at a time.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 004 example 7: optimistic locking under 100 concurrent requests ends with &quot;Success: 100, Errors: 0, Final balance: 2000&quot;.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each round only one of the requests that read the same version can win the UPDATE … WHERE version = ?; all the others retry. With maxRetries = 3, a request that loses three times gets 409 Too many conflicts. Under 100 concurrent requests many requests lose three times, so errors are far from 0 and the balance ends at 1000 + 10 × (successful requests), below 2000. Try requests = 100, first deposit = 10, each next deposit adds 0: round-robin scheduling gives 3 successes and 97 rejections.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 004 example 7 counts &quot;Lost updates: (concurrency × 10) − (balance − 1000)&quot;.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That formula counts every request rejected with 409 as a lost update, although those clients were told their deposit failed and no money they were promised is missing. A real lost update is money a client was told was deposited that is not in the account: initial + successful deposits − balance. The dashboard shows both numbers.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 004 example 4&apos;s test: ten concurrent optimistic deposits of 10 end at &quot;1000 + (10 * 10) = 1100, version 10&quot;.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only if no request loses the version race three times. With ten requests reading at once, the last ones can exhaust their three attempts and get 409; the balance then ends below 1100 and the version below 10, consistently with each other.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 004 example 5: inside withLock &quot;this code runs exclusively across ALL servers&quot;; acquire() throws &quot;Could not acquire lock&quot; when the key is taken.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exclusive only while the lease lasts: if the holder is paused or slow for longer than the TTL (5000 ms), Redis deletes the key and the next request gets the lock while the first is still working, so a deposit can be lost again (seed 001&apos;s caution; let time pass with ~ to see it). As written, acquire() does not wait: a second concurrent deposit fails with 500 &quot;Could not acquire lock&quot;. This strategy retries SET NX until the key is free, as Redlock clients do, to show what the lock protects.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many deposits run at once; seed 004 example 7&apos;s load test uses 100</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First deposit</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed example 1: +100 then +200; the load test: 10 each</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each next deposit adds</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 makes every deposit the same amount</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processing delay (ms)</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The seed&apos;s setTimeout between read and write</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimistic attempts</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>maxRetries in seed example 4; after that 409</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry back-off (ms)</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The seed waits Math.random() * 50 ms before retrying; the model waits this long</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock TTL (ms)</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The distributed lock&apos;s lease (PX); the seed passes 5000</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request %1</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No fix (read, then write)</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 004 example 1: SELECT the balance, wait, compute in JavaScript, UPDATE with the computed value. Another request can read or write between the SELECT and the UPDATE. Seed 000&apos;s counter (getCount, then setCount(current + 1)) is the same bug.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Atomic update</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 004 example 2 (and seed 000&apos;s db.incrementCount()): UPDATE accounts SET balance = balance + ? lets the database read and write the row in one statement, under its own row lock. Nothing can come between the read and the write.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimistic locking (version + retry)</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 004 example 4: read balance and version, then UPDATE … WHERE version = ? so that the write only lands if nobody wrote in between. A request whose UPDATE affects 0 rows backs off and retries, at most 3 attempts, then answers 409. No deposit is lost, but under heavy contention requests are rejected.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>409 Too many conflicts, please retry</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 004 example 3&apos;s pattern applied to a deposit: in a transaction, SELECT … FOR UPDATE locks the row, so a second request&apos;s locking read waits until the first commits, and then reads the new balance.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The broken handler wrapped in an async mutex (seed 002, strategy 3: only one request inside the critical section). It works on threads and on one event loop. With two server instances each process has its own mutex, while the database is shared, so the deposits race again (seed 001: a mutex inside one process doesn&apos;t prevent another server from running the same code).</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Distributed lock (Redis, TTL)</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 004 example 5: withLock takes SET lock:account:1 &lt;random&gt; PX 5000 NX before the read-modify-write and releases it with an owner-checked Lua script. It works across server instances, but only while the lease lasts: if time passes (a pause, a slow query) until the TTL runs out, the next request gets the lock while the first still works, and a deposit is lost again. Let time pass with ~ to see it; the lease-expiry scenario shows the fencing token that stops it.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue with one worker</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 002, strategy 7: Request → Queue → Worker → Safe execution. The requests only enqueue a job; one worker runs the jobs one after the other, so even the broken read-then-write code never overlaps itself. The queue lives outside the server processes, so this holds for any number of instances.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>balance = initial + every successful deposit</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Money that a client was told was deposited must be in the account. A request rejected with an error (409) was told its deposit failed and does not count.</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lost updates (money)</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected requests</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed&apos;s &quot;lost updates&quot; formula</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <extracomment>Scenario &quot;lost-update&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfers and deadlock</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two transfers in opposite directions: without locks money appears or vanishes; with row locks taken in request order they deadlock.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A transfer reads two balances and writes both. Without locks, another transfer can read or write between those statements, so one of its writes overwrites the other&apos;s and the total of the two accounts changes: money is created or destroyed. Row locks (SELECT … FOR UPDATE in a transaction) stop that, but Txn 1 locks account 1 and then wants account 2 while Txn 2 locks account 2 and then wants account 1: each waits for the other forever, a deadlock (seed 004 example 8). InnoDB&apos;s deadlock detector notices the cycle and rolls one transaction back with ER_LOCK_DEADLOCK; the other goes on. With the detector switched off, the waits end only when innodb_lock_wait_timeout runs out (ER_LOCK_WAIT_TIMEOUT). The seeds&apos; fix is to take the locks in one consistent order (seed 004 example 3): then one transfer waits for the other, and no cycle can form.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 004 example 3: after resetting both balances to 1000 and transferring $500 from Alice to Bob, &quot;Alice: 500, Bob: 2500 ✓&quot;.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bob ends with 1500: the reset set his balance to 1000 too. 2500 would be his setup balance of 2000 plus 500, but the test resets it first. Total money stays 2000.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 004 example 3: sorting the ids with [fromId, toId].sort() before SELECT … WHERE id IN (?, ?) FOR UPDATE takes the locks in a consistent order.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The order of the values in IN (?, ?) does not decide the lock order: InnoDB scans the primary key index and locks the matching rows in index order whatever order the parameters come in. The one statement is what makes the order consistent (the sort is harmless but does nothing). Deadlocks come from two separate statements issued in request order, as in example 8. The model locks the rows in index order.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 004 example 8&apos;s output: &quot;Txn2 failed: ER_LOCK_DEADLOCK, Txn1: Success!&quot;.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Either transaction can be the victim. InnoDB rolls back the transaction it considers cheapest to undo (the one that has modified or locked the fewest rows); with two equal transactions that is not always Txn 2. In this model the victim is the transaction whose lock request closed the cycle, so different schedules show either one failing.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alice&apos;s balance (account 1)</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The seed resets both accounts to 1000</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bob&apos;s balance (account 2)</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount per transfer</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The seed transfers $500</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delay between the locks (ms)</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed example 8: sleep(100) to give time for the deadlock to form</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Txn 1 (Alice → Bob)</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Txn 2 (Bob → Alice)</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No locks (read both, write both)</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each transfer SELECTs both balances, computes in JavaScript and UPDATEs both rows with the computed values, with no transaction. The other transfer can run between any two statements, and its writes get overwritten: money is not conserved.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row locks in request order (deadlock)</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 004 example 8 as a transfer: lock the source row, wait a little, lock the destination row. Txn 1 locks 1 then 2, Txn 2 locks 2 then 1. When both hold their first lock, each waits for the other: a deadlock. InnoDB&apos;s detector rolls one back with ER_LOCK_DEADLOCK and the other commits. Money is conserved, but a transfer fails and must be retried.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locks in sorted id order</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed 004 example 3: one SELECT … WHERE id IN (?, ?) FOR UPDATE locks both rows before anything is changed. Both transfers lock account 1 first and account 2 second (InnoDB locks in index order), so the second transfer waits for the first to commit and no cycle can form.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadlock detection off: lock wait timeout</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request-order transfer on a server with innodb_deadlock_detect = OFF. Nobody notices the cycle; both transactions wait until innodb_lock_wait_timeout (50 s by default) runs out for one of them, which then fails with ER_LOCK_WAIT_TIMEOUT and rolls back, and the other goes on. Let time pass with ~ to reach the timeout.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>total money conserved</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A transfer moves money; it must never create or destroy it. Without locks one transfer&apos;s write overwrites the other&apos;s, and the total changes.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No account may be overdrawn.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every transfer completes</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A transfer the customer asked for must go through. A deadlock victim (ER_LOCK_DEADLOCK) or a lock wait timeout (ER_LOCK_WAIT_TIMEOUT) fails and has to be retried; with no detector and no timeout the two would wait forever.</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alice</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bob</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total money</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed transfers</source>
        <extracomment>Scenario &quot;transfer-deadlock&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScenarioLibrary</name>
    <message>
        <source>threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>event loop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>several instances</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open your own scenario file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load a scenario JSON file (see docs/scenario-format.md). You can also drop a file on the window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (your file)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What goes wrong:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fixes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ holds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✗ breaks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ holds on %1; ✗ breaks on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (shown now)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;The seed says&lt;/b&gt; %1 — &lt;b&gt;what really happens:&lt;/b&gt; %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScenarioSession</name>
    <message>
        <source>No scenario.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no deadline lies ahead, so time cannot pass.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>that request does not exist with these parameters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time (~)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The same schedule runs for %n move(s) here; then %1 cannot move: %2</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Schedule</name>
    <message>
        <source>schedule move %1 &quot;%2&quot;: no such request (this scenario has %3 to %4, and ~ for time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>time (~)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no deadline lies ahead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>schedule move %1: %2 cannot move now. %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StrategyChart</name>
    <message>
        <source>Press &lt;b&gt;Compare fixes&lt;/b&gt; to run the same load test on real threads under every fix (seed 004, example 7).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>successes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>retries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lost (%1 missing)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 of %3 trials broke a rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>per trial</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n trial(s) per fix on real threads, %1.&lt;/b&gt; </source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source> (cancelled: partial)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ThreadedDriver</name>
    <message>
        <source>stopped after %1 moves</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimelineLayout</name>
    <message>
        <source>instance %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TTL and tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue worker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one job at a time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event loop %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event loop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one thread</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VariantBar</name>
    <message>
        <source>Fix:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Execution model: OS threads interleave at every shared step; a Node.js event loop only at await; several server instances each have their own memory and in-process locks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>instances:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Several server instances</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WaitForGraphView</name>
    <message>
        <source>Wait-for graph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadlock %1. The database aborts %2 (ER_LOCK_DEADLOCK) so the others can go on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadlock %1: each waits for the next, forever.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody waits for anybody right now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 waits for %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Safe lock order: %1. If every request locks in this order, no cycle can form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waits for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>held by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>victim: rolled back</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
