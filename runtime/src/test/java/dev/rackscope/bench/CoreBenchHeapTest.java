package dev.rackscope.bench;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class CoreBenchHeapTest {

    @Test
    public void usedHeapIsTheSumOfTheGenerationsWhateverTheCollector() {
        String g1 = """
                 garbage-first heap   total 65536K, used 48128K [0x00000000c0000000, 0x0000000100000000)
                  region size 1024K, 12 young (12288K), 0 survivors (0K)
                 Metaspace       used 30000K, committed 30500K, reserved 1114112K
                """;
        assertEquals(47.0, CoreBench.usedHeapMb(g1), 1e-9);
        String parallel = """
                 PSYoungGen      total 113152K, used 1024K [0x0000000782700000, 0x000000078a500000)
                  eden space 97280K, 1% used [0x0000000782700000,0x0000000785f99da8,0x0000000788600000)
                 ParOldGen       total 258048K, used 47104K [0x0000000687400000, 0x0000000697000000)
                  object space 258048K, 18% used [0x0000000687400000,0x0000000687400000,0x0000000697000000)
                 Metaspace       used 127K, committed 320K, reserved 1114112K
                  class space    used 4K, committed 128K, reserved 1048576K
                """;
        assertEquals(47.0, CoreBench.usedHeapMb(parallel), 1e-9);
    }
}
