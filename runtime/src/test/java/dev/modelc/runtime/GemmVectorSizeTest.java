package dev.modelc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The tile height of the micro-kernel follows the vector size (six rows with 256-bit vectors,
 * four otherwise), and the split products rely on it not mattering to the bits: child JVMs whose
 * preferred vectors are 128 and 256 bits wide must compute the same products to the same bits,
 * single-threaded and split. And with vectors of two doubles, which C2 on x86 handles less
 * completely than wider ones, nothing allocates once warm.
 */
class GemmVectorSizeTest {

  @Test
  void childJvmsAgreeWhateverTheVectorSize() throws Exception {
    String narrow = GemmThreadsTest.probe("-Dmodelc.threads=1", "-XX:MaxVectorSize=16");
    String crc = narrow.substring(narrow.indexOf(" crc="), narrow.indexOf(" pool="));
    assertEquals("threads=1" + crc + " pool=[]",
        GemmThreadsTest.probe("-Dmodelc.threads=1", "-XX:MaxVectorSize=32"));
    assertEquals("threads=2" + crc + " pool=[modelc-gemm-1:daemon]",
        GemmThreadsTest.probe("-Dmodelc.threads=2", "-XX:MaxVectorSize=32"));
    assertEquals("threads=2" + crc + " pool=[modelc-gemm-1:daemon]",
        GemmThreadsTest.probe("-Dmodelc.threads=2", "-XX:MaxVectorSize=16"));
  }

  @Test
  void epiloguesAndScansAllocateNothingWithVectorsOfTwoDoubles() throws Exception {
    String line = GemmThreadsTest.probe(NarrowVectorsProbe.class, "-Dmodelc.threads=1",
        "-XX:MaxVectorSize=16");
    assertTrue(line.startsWith("allocated=0 "), line);
  }
}
