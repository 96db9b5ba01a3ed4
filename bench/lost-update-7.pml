/* The 7-request lost update in Promela, to compare bench_explorer with SPIN on
   the same machine:
       spin -a bench/lost-update-7.pml && gcc -O2 -DNOREDUCE -DMEMLIM=8000 -o pan pan.c && ./pan -m10000
   -DNOREDUCE: the full state space, as the explorer builds it (no partial-order
   reduction). Each deposit reads the balance, then writes it back plus its
   amount; the value read is dropped once written, as Interleave's dead-variable
   reduction drops it. */
int balance = 1000;
active [7] proctype deposit() {
    int b;
    b = balance;
    d_step { balance = b + (_pid + 1) * 100; b = 0 }
}
