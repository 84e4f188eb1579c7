package dev.modelc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link GemmProbe} in child JVMs to check how {@link Gemm} chooses its kernel, including on
 * a JVM started without the incubator module, where VectorGemm must never be loaded.
 */
class GemmWithoutVectorModuleTest {

  @Test
  void runsOnPlainJavaWithoutTheModule() throws Exception {
    assertEquals("vectorized=false correct=true", probe());
  }

  @Test
  void usesTheVectorApiWithTheModule() throws Exception {
    assertEquals("vectorized=true correct=true", probe("--add-modules", "jdk.incubator.vector"));
  }

  @Test
  void thePropertyTurnsTheVectorApiOff() throws Exception {
    assertEquals("vectorized=false correct=true",
        probe("--add-modules", "jdk.incubator.vector", "-Dmodelc.vector=false"));
  }

  private static String probe(String... jvmOptions) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.add("-cp");
    command.add(location(Gemm.class) + File.pathSeparator + location(GemmProbe.class));
    command.add(GemmProbe.class.getName());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), output);
    // The JVM's one-line incubator warning comes first when the module is added.
    String[] lines = output.strip().split("\\R");
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
