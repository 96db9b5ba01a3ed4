# Writes the issue-13 reproducers that are too big to commit into OUT/<harness>/
# (cmake -DOUT=dir -P make-seeds.cmake; tests/fuzz/CMakeLists.txt runs it at configure time).
cmake_minimum_required(VERSION 3.21)
if(NOT OUT)
    message(FATAL_ERROR "usage: cmake -DOUT=dir -P make-seeds.cmake")
endif()

# A scenario whose rule is CHECK (the committed corpus/scenario/minimal.json with another check).
function(scenario_with_rule file check)
    file(WRITE "${OUT}/scenario/${file}" "{\"format\": 1, \"id\": \"deep-rule\", \"title\": \"A deep rule\",
 \"state\": {\"memory\": {\"count\": 0}}, \"actors\": [{\"repeat\": 2}],
 \"strategies\": [{\"id\": \"broken\", \"label\": \"Read, then write\", \"programs\": {\"main\": [
   {\"code\": \"const c = count;\", \"steps\": [{\"op\": \"read\", \"cell\": \"mem.count\", \"into\": \"c\"}]},
   {\"code\": \"count = c + 1;\", \"steps\": [{\"op\": \"write\", \"cell\": \"mem.count\", \"value\": \"c + 1\"}]}]}}],
 \"invariants\": [{\"id\": \"deep\", \"label\": \"deep\", \"check\": \"${check}\"}]}
")
endfunction()

# 20,000 nested parentheses (40 KB): the parser's recursion overflowed the stack.
string(REPEAT "(" 20000 open)
string(REPEAT ")" 20000 close)
file(WRITE "${OUT}/expression/parens-20000.txt" "${open}x${close}")
scenario_with_rule(rule-parens-20000.json "${open}mem.count >= 0${close}")

# A long chain of unary minus: the same recursion, one character per level.
string(REPEAT "-" 30000 minus)
file(WRITE "${OUT}/expression/unary-minus-30000.txt" "${minus}1")
scenario_with_rule(rule-unary-minus-30000.json "mem.count >= ${minus}1")

# A session of 100,000 moves (200 KB) of a request that loops forever: the window kept
# a copy of everything per move (more than 7 GB).
string(REPEAT "A " 99999 moves)
file(WRITE "${OUT}/session/moves-100000.interleave" "{\"format\": \"interleave-session\", \"version\": 1,
 \"scenario\": {\"file\": \"loop.json\", \"source\": {\"format\": 1, \"id\": \"loop\", \"title\": \"A request that never ends\",
   \"state\": {\"memory\": {\"count\": 0}}, \"actors\": [{\"repeat\": 1}],
   \"strategies\": [{\"id\": \"broken\", \"label\": \"Loop\", \"programs\": {\"main\": [
     {\"code\": \"for (;;) count++;\", \"label\": \"top\", \"steps\": [{\"op\": \"read\", \"cell\": \"mem.count\", \"into\": \"c\"},
      {\"op\": \"write\", \"cell\": \"mem.count\", \"value\": \"c + 1\"}, {\"op\": \"goto\", \"to\": \"top\"}]}]}}]}},
 \"strategy\": \"broken\", \"model\": \"threads\", \"schedule\": \"${moves}A\"}
")

# A challenge whose goal expression is 20,000 nested parentheses: it reaches the
# expression parser through the grading machine's extra figure.
file(WRITE "${OUT}/challenge/goal-parens-20000.json" "{\"format\": 1, \"id\": \"deep-goal\", \"title\": \"T\", \"task\": \"t\",
 \"scenario\": \"lost-update\", \"goal\": {\"kind\": \"reach\", \"expression\": \"${open}accounts[1].balance == 1100${close}\"}}
")
