package dev.modelc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Products split across threads by {@link GemmThreads}: bit-for-bit the results of one thread,
 * whatever the thread count, shape, transposes and offsets ({@link SplitProduct}); the
 * {@code modelc.threads} property, in child JVMs. {@link GemmPoolTest} tests the pool itself.
 */
class GemmThreadsTest {

  private static final int[] SIZES = {1, 3, 4, 5, 9, 31, 32, 33, 47, 65, 130};
  private static final int[] DEPTHS = {1, 7, 129, 300};

  static Stream<Arguments> kernels() {
    return Stream.of(Arguments.of("plain", Gemm.plain()), Arguments.of("vector", Gemm.vector()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void sgemmGivesTheSameBitsForEveryThreadCount(String name, GemmKernel kernel) {
    Rng rng = new Rng(21);
    for (int t = 0; t < 4; t++) {
      for (int m : SIZES) {
        for (int n : SIZES) {
          for (int k : DEPTHS) {
            SplitProduct p = new SplitProduct(t >= 2, t % 2 == 1, m, n, k, rng);
            for (boolean accumulate : new boolean[] {false, true}) {
              float[] one = p.sgemm(kernel, 1, accumulate);
              for (int threads = 2; threads <= 4; threads++) {
                float[] many = p.sgemm(kernel, threads, accumulate);
                if (!Arrays.equals(one, many)) {
                  fail(p + ", accumulate=" + accumulate + ": " + threads
                      + " threads differ from one at index " + Arrays.mismatch(one, many));
                }
              }
            }
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void dgemmGivesTheSameBitsForEveryThreadCount(String name, GemmKernel kernel) {
    Rng rng = new Rng(22);
    for (int t = 0; t < 4; t++) {
      for (int m : SIZES) {
        for (int n : SIZES) {
          for (int k : DEPTHS) {
            SplitProduct p = new SplitProduct(t >= 2, t % 2 == 1, m, n, k, rng);
            for (boolean accumulate : new boolean[] {false, true}) {
              double[] one = p.dgemm(kernel, 1, accumulate);
              for (int threads = 2; threads <= 4; threads++) {
                double[] many = p.dgemm(kernel, threads, accumulate);
                if (!Arrays.equals(one, many)) {
                  fail(p + ", accumulate=" + accumulate + ": " + threads
                      + " threads differ from one at index " + Arrays.mismatch(one, many));
                }
              }
            }
          }
        }
      }
    }
  }

  /**
   * Blocks of rows that read one packing of op(B), made by all threads together, give the bits
   * of one thread: a forward product of a 784-256 layer, one with two blocks of columns and two
   * slices, one whose last panel is partial; all split into blocks of rows.
   */
  @Test
  void blocksOfRowsSharingOnePackingOfBGiveTheBitsOfOneThread() {
    GemmKernel kernel = Gemm.vector();
    Rng rng = new Rng(23);
    int[][] shapes = {{128, 256, 784}, {200, 400, 600}, {120, 300, 257}};
    for (int[] shape : shapes) {
      for (boolean transB : new boolean[] {true, false}) {
        SplitProduct p = new SplitProduct(false, transB, shape[0], shape[1], shape[2], rng);
        assertTrue(kernel.sharedPanels(false, transB, shape[0], shape[1], shape[2]) > 0, p.toString());
        assertTrue(GemmProduct.byRows(shape[0], shape[1], kernel.tileRows(), kernel.tileColumns(false), 3),
            p.toString());
        for (boolean accumulate : new boolean[] {false, true}) {
          float[] one = p.sgemm(kernel, 1, accumulate);
          for (int threads = 2; threads <= 3; threads++) {
            assertArrayEquals(one, p.sgemm(kernel, threads, accumulate), p + ", " + threads + " threads");
          }
        }
      }
    }
  }

  /** The layer products of a 784-256-128-10 network at batch 128, through the public method. */
  @Test
  void layerProductsThroughTheDefaultThreadCount() {
    Rng rng = new Rng(23);
    int[][] shapes = {
      {0, 1, 128, 256, 784}, {0, 1, 128, 128, 256}, {0, 1, 128, 10, 128},
      {1, 0, 256, 784, 128}, {1, 0, 128, 256, 128}, {1, 0, 10, 128, 128},
      {0, 0, 128, 784, 256}, {0, 0, 128, 256, 128}, {0, 0, 128, 128, 10},
    };
    for (int[] s : shapes) {
      SplitProduct p = new SplitProduct(s[0] == 1, s[1] == 1, s[2], s[3], s[4], rng);
      float[] expected = p.sgemm(Gemm.vectorized() ? Gemm.vector() : Gemm.plain(), 1, false);
      float[] c = p.c.clone();
      Gemm.sgemm(p.transA, p.transB, p.m, p.n, p.k, p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb,
          c, p.cOff, p.ldc, false);
      assertArrayEquals(expected, c, p.toString());
    }
  }

  @Test
  void threadCountFromTheProperty() {
    assertEquals(4, GemmThreads.parseThreads(null, 4));
    assertEquals(1, GemmThreads.parseThreads("1", 4));
    assertEquals(3, GemmThreads.parseThreads(" 3 ", 4));
    assertEquals(16, GemmThreads.parseThreads("16", 4));
    for (String invalid : new String[] {"", "0", "-2", "two", "2.5", "99999999999"}) {
      assertEquals(4, GemmThreads.parseThreads(invalid, 4), invalid);
    }
    assertEquals(GemmThreads.MAX_THREADS, GemmThreads.parseThreads("100000", 4));
    assertEquals(1, GemmThreads.parseThreads(null, 0));
  }

  /**
   * Child JVMs with 1, 2 and 3 threads, and with values that are not thread counts, compute the
   * same bits through the public methods; the pool has the threads the count asks for, daemons
   * that do not keep the JVM from exiting.
   */
  @Test
  void childJvmsAgreeWhateverTheProperty() throws Exception {
    int processors = Runtime.getRuntime().availableProcessors();
    String one = probe("-Dmodelc.threads=1");
    String crc = one.substring(one.indexOf(" crc="), one.indexOf(" pool="));
    assertEquals("threads=1" + crc + " pool=[]", one);
    assertEquals("threads=2" + crc + " pool=[modelc-gemm-1:daemon]", probe("-Dmodelc.threads=2"));
    assertEquals("threads=3" + crc + " pool=[modelc-gemm-1:daemon, modelc-gemm-2:daemon]",
        probe("-Dmodelc.threads=3"));
    for (String invalid : new String[] {"-Dmodelc.threads=lots", "-Dmodelc.threads=0"}) {
      String out = probe(invalid);
      assertTrue(out.startsWith("threads=" + processors + crc + " pool="), invalid + ": " + out);
    }
    String plain = probe("-Dmodelc.threads=2", "-Dmodelc.vector=false");
    String plainCrc = plain.substring(plain.indexOf(" crc="), plain.indexOf(" pool="));
    assertEquals("threads=1" + plainCrc + " pool=[]",
        probe("-Dmodelc.threads=1", "-Dmodelc.vector=false"));
  }

  static String probe(String... options) throws Exception {
    return probe(GemmThreadsProbe.class, options);
  }

  /** The last line that {@code main}'s main method prints in a child JVM with {@code options}. */
  static String probe(Class<?> main, String... options) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--add-modules");
    command.add("jdk.incubator.vector");
    command.addAll(List.of(options));
    command.add("-cp");
    command.add(location(Gemm.class) + File.pathSeparator + location(main));
    command.add(main.getName());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the probe did not exit: " + output);
    assertEquals(0, process.exitValue(), output);
    String[] lines = output.strip().split("\\R"); // the incubator warning comes first
    return lines[lines.length - 1];
  }

  private static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
