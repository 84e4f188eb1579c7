package dev.modelc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.modelc.compiler.emit.Precision;
import dev.modelc.compiler.testing.GeneratedModel;
import dev.modelc.compiler.testing.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same seed gives bit-identical parameters after training in fresh JVMs, for a given kernel
 * (the Vector API's and the plain kernels sum in different orders), and whatever the thread count.
 */
class DeterminismTest {
  @TempDir
  Path dir;

  private static final String MAIN = """
      import dev.modelc.examples.Resume;
      import dev.modelc.runtime.Csv;
      import dev.modelc.runtime.Dataset;
      import java.nio.file.Path;

      public final class TrainAndHash {
        public static void main(String[] args) throws Exception {
          Dataset data = Csv.read(Path.of(args[0]), 1);
          Resume model = new Resume(7);
          model.fit(data, null);
          long hash = 17;
          for (float p : model.parameters()) {
            hash = hash * 31 + Float.floatToRawIntBits(p);
          }
          System.out.println(hash);
        }
      }
      """;

  @Test
  void freshJvmsTrainToBitIdenticalParameters() throws Exception {
    Path classes = compile(GeneratedModel.generate("resume.nn", Resources.text("models/resume.nn"), Precision.FLOAT),
        "TrainAndHash", MAIN);
    Path data = dir.resolve("iris.csv");
    Files.writeString(data, Resources.text("data/iris.csv"), StandardCharsets.UTF_8);
    String classPath = System.getProperty("java.class.path");
    String run1 = run(classes, classPath, data, "--add-modules", "jdk.incubator.vector");
    String run2 = run(classes, classPath, data, "--add-modules", "jdk.incubator.vector");
    assertTrue(!run1.isBlank(), "the child printed a hash");
    assertEquals(run1, run2, "two fresh JVMs");
  }

  private static final String WIDE = """
      package dev.modelc.examples;

      model Wide {
        input  x[300];
        target label : class(10);

        h   = relu(dense(x, 256));
        out = dense(h, 10);

        output probs = softmax(out);
        loss cross_entropy(out, label);

        train {
          optimizer adam(lr = 0.001);
          batch 96;
          seed 1;
        }
      }
      """;

  private static final String WIDE_MAIN = """
      import dev.modelc.examples.Wide;
      import java.util.Random;

      public final class TrainWideAndHash {
        public static void main(String[] args) {
          Wide model = new Wide(7);
          Random random = new Random(11);
          float[] x = new float[96 * 300];
          float[] y = new float[96];
          long hash = 17;
          for (int step = 0; step < 4; step++) {
            for (int i = 0; i < x.length; i++) {
              x[i] = random.nextFloat();
            }
            for (int i = 0; i < y.length; i++) {
              y[i] = random.nextInt(10);
            }
            hash = hash * 31 + Float.floatToRawIntBits(model.trainStep(x, y, 96));
          }
          for (float p : model.parameters()) {
            hash = hash * 31 + Float.floatToRawIntBits(p);
          }
          System.out.println(hash);
        }
      }
      """;

  /**
   * A layer wide enough for the thread pool (96 x 256 x 300 products, split into blocks of rows
   * that share one packing of B, and their weight gradients into blocks of columns) trains to the
   * same bits on one thread and on three.
   */
  @Test
  void oneThreadAndThreeTrainToBitIdenticalParameters() throws Exception {
    Path classes = compile(GeneratedModel.generate("wide.nn", WIDE, Precision.FLOAT), "TrainWideAndHash", WIDE_MAIN);
    String classPath = System.getProperty("java.class.path");
    String one = run(classes, classPath, 1, List.of("TrainWideAndHash"), "--add-modules", "jdk.incubator.vector");
    String three = run(classes, classPath, 3, List.of("TrainWideAndHash"), "--add-modules", "jdk.incubator.vector");
    assertTrue(!one.isBlank(), "the child printed a hash");
    assertEquals(one, three, "one thread and three");
  }

  /** Compiles the generated model and a main class of the default package; returns the classes' directory. */
  private Path compile(JavaFile model, String mainName, String mainSource) throws IOException {
    Path sources = Files.createDirectories(dir.resolve("src"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    model.writeTo(sources);
    Path main = sources.resolve(mainName + ".java");
    Files.writeString(main, mainSource);
    Path modelSource = sources.resolve(model.packageName().replace('.', '/')).resolve(model.typeSpec().name() + ".java");
    int javac = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), "-cp",
        System.getProperty("java.class.path"), main.toString(), modelSource.toString());
    assertEquals(0, javac);
    return classes;
  }

  private static String run(Path classes, String classPath, Path data, String... jvmOptions) throws IOException,
      InterruptedException {
    return run(classes, classPath, 1, List.of("TrainAndHash", data.toString()), jvmOptions);
  }

  /** Runs a main class with its arguments in a child JVM; returns what it printed. */
  private static String run(Path classes, String classPath, int threads, List<String> mainAndArgs, String... jvmOptions)
      throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-Dmodelc.threads=" + threads, "-cp", classes + java.io.File.pathSeparator + classPath));
    command.addAll(mainAndArgs);
    Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child finished");
    assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    return out;
  }
}
