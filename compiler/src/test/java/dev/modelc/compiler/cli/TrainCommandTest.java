package dev.modelc.compiler.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelc.compiler.cli.MainTest.Run;
import dev.modelc.compiler.emit.Precision;
import dev.modelc.compiler.testing.GeneratedModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code modelc train}: training from CSV and IDX files, what it prints, saves and reports, and its errors. */
class TrainCommandTest {
  @TempDir
  Path dir;

  /** Two classes of points in the plane, around (-2, -2) and (2, 2): a few epochs separate them. */
  static final String BLOBS = """
      model Blobs {
        input  x[2];
        target label : class(2);

        h   = relu(dense(x, 8));
        out = dense(h, 2, init = xavier);

        output probs = softmax(out);
        loss cross_entropy(out, label);

        train {
          optimizer adam(lr = 0.05);
          batch 8;
          epochs 30;
          seed 1;
        }
      }
      """;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  /** {@code rows} points of each class, with a header, the class in the last column. */
  private Path blobs(String name, int rows, long seed) throws IOException {
    Random random = new Random(seed);
    StringBuilder s = new StringBuilder("x0,x1,label\n");
    for (int i = 0; i < 2 * rows; i++) {
      int label = i % 2;
      double centre = label == 0 ? -2 : 2;
      s.append(String.format(Locale.ROOT, "%.3f,%.3f,%d%n", centre + random.nextGaussian() * 0.7,
          centre + random.nextGaussian() * 0.7, label));
    }
    return write(name, s.toString());
  }

  private static double figure(String text, String pattern) {
    Matcher m = Pattern.compile(pattern + " ([-0-9.e]+)").matcher(text);
    assertTrue(m.find(), "'" + pattern + "' in\n" + text);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void trainsOnACsvFileAndPrintsTheFinalFiguresAndTheTestFigures() throws IOException {
    Path model = write("blobs.nn", BLOBS);
    Run r = MainTest.run("train", model.toString(), "--data", blobs("train.csv", 30, 1).toString(),
        "--test", blobs("test.csv", 10, 2).toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    assertTrue(r.out().startsWith("model Blobs from blobs.nn: 42 parameters, float\n"
        + "training on " + dir.resolve("train.csv") + ": 60 examples; adam(lr = 0.05), batch 8, 30 epochs, seed 1\n"),
        r.out());
    assertTrue(r.out().contains("\nepoch  1/30  loss "), "a plain line per epoch when not on a terminal");
    assertTrue(r.out().contains("\nepoch 30/30  loss "), r.out());
    assertTrue(figure(r.out(), "trained 30 epochs in [0-9.]+ s: loss") < 0.2, r.out());
    assertTrue(figure(r.out(), "loss [-0-9.e]+, accuracy") >= 0.95, r.out());
    assertTrue(r.out().contains("test on " + dir.resolve("test.csv") + " (20 examples): loss "), r.out());
    assertTrue(figure(r.out(), "\\(20 examples\\): loss [-0-9.e]+, accuracy") >= 0.9, r.out());
  }

  @Test
  void theSavedCheckpointLoadsIntoTheGeneratedClass() throws Exception {
    Path checkpoint = dir.resolve("blobs.bin");
    Run r = MainTest.run("train", write("blobs.nn", BLOBS).toString(), "--data", blobs("train.csv", 30, 1).toString(),
        "--save", checkpoint.toString(), "--epochs", "20");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("saved " + checkpoint + "\n"), r.out());

    GeneratedModel fresh = GeneratedModel.compile("blobs.nn", BLOBS, Precision.FLOAT, 1);
    Object loaded = fresh.type().getMethod("load", Path.class).invoke(null, checkpoint);
    GeneratedModel trained = fresh.with(loaded);
    assertEquals(20, trained.call("epochsDone", new Class<?>[0]), "the checkpoint carries the epochs trained");
    double[] probs = trained.predict(new double[] {-2, -2, 2, 2}, 2);
    assertTrue(probs[0] > 0.9 && probs[3] > 0.9, Arrays.toString(probs));
  }

  @Test
  void theReportHasTheCurvesAsPngImagesAndAPageThatShowsThem() throws IOException {
    Path report = dir.resolve("report");
    Path model = write("blobs.nn", BLOBS.replace("seed 1;", "seed 1;\n    validation 0.25;"));
    Run r = MainTest.run("train", model.toString(), "--data", blobs("train.csv", 30, 1).toString(),
        "--report", report.toString(), "--lr", "0.02");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("60 examples, 15 held out for validation"), r.out());
    assertTrue(r.out().contains("  validation loss "), r.out());
    assertTrue(r.out().endsWith("report: " + report.resolve("index.html") + "\n"), r.out());
    for (String image : new String[] {"loss.png", "metric.png"}) {
      byte[] png = Files.readAllBytes(report.resolve(image));
      assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4), image);
    }
    String html = Files.readString(report.resolve("index.html"));
    assertTrue(html.contains("<img src=\"loss.png\""), html);
    assertTrue(html.contains("<img src=\"metric.png\""), html);
    assertTrue(html.contains("<tr><th>optimizer</th><td>adam(lr = 0.02) (--lr; the train block says lr = 0.05)</td></tr>"),
        html);
    assertTrue(html.contains("<tr><th>validation accuracy</th><td>"), html);
    assertTrue(html.contains("<tr><th>seed</th><td>1</td></tr>"), html);
  }

  @Test
  void optionsOverrideTheTrainBlockAndDoublePrecisionTrainsToo() throws IOException {
    Run r = MainTest.run("train", write("blobs.nn", BLOBS).toString(), "--data", blobs("train.csv", 30, 1).toString(),
        "--epochs", "3", "--batch", "60", "--seed", "5", "--precision", "double");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains(": 42 parameters, double\n"), r.out());
    assertTrue(r.out().contains("adam(lr = 0.05), batch 60, 3 epochs, seed 5\n"), r.out());
    assertTrue(r.out().contains("\nepoch 3/3  loss "), r.out());
    assertFalse(r.out().contains("epoch 4/"), r.out());
  }

  @Test
  void theTargetColumnCountsFromOne() throws IOException {
    StringBuilder csv = new StringBuilder();
    for (String line : Files.readAllLines(blobs("last.csv", 20, 3))) {
      String[] f = line.split(",");
      csv.append(f[2]).append(',').append(f[0]).append(',').append(f[1]).append('\n');
    }
    Run r = MainTest.run("train", write("blobs.nn", BLOBS).toString(), "--data", write("first.csv", csv.toString())
        .toString(), "--target-column", "1");
    assertEquals(0, r.code(), r.err());
    assertTrue(figure(r.out(), "loss [-0-9.e]+, accuracy") >= 0.95, r.out());
  }

  @Test
  void onATerminalALiveBarTakesThePlaceOfThePerEpochLines() throws IOException {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), new PrintStream(screen, true, StandardCharsets.UTF_8),
        "train", write("blobs.nn", BLOBS).toString(), "--data", blobs("train.csv", 30, 1).toString());
    assertEquals(0, code, err.toString());
    assertFalse(out.toString().contains("epoch  1/30"), out.toString());
    String bar = screen.toString(StandardCharsets.UTF_8);
    assertTrue(bar.contains("Blobs 100%"), bar);
    assertTrue(bar.contains("240/240"), "the steps of all epochs: " + bar);
    assertTrue(bar.contains("epoch 30/30 loss "), bar);
    assertTrue(bar.contains(" acc "), bar);
  }

  /** A little IDX file of unsigned bytes. */
  private Path idx(String name, boolean gzip, int[] sizes, int[] values) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(new byte[] {0, 0, 8, (byte) sizes.length});
    for (int s : sizes) {
      bytes.write(new byte[] {(byte) (s >>> 24), (byte) (s >>> 16), (byte) (s >>> 8), (byte) s});
    }
    for (int v : values) {
      bytes.write(v);
    }
    Path file = dir.resolve(name);
    try (OutputStream o = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      o.write(bytes.toByteArray());
    }
    return file;
  }

  @Test
  void trainsOnIdxImagesAndLabels() throws IOException {
    // 2x2 images: class 1 is bright on the diagonal, class 0 on the other one.
    int n = 40;
    int[] pixels = new int[n * 4];
    int[] labels = new int[n];
    Random random = new Random(4);
    for (int i = 0; i < n; i++) {
      labels[i] = i % 2;
      for (int p = 0; p < 4; p++) {
        boolean bright = (p == 0 || p == 3) == (labels[i] == 1);
        pixels[4 * i + p] = bright ? 200 + random.nextInt(56) : random.nextInt(56);
      }
    }
    String model = BLOBS.replace("input  x[2];", "input  x[4];");
    Path images = idx("images.idx.gz", true, new int[] {n, 2, 2}, pixels);
    Path labelFile = idx("labels.idx", false, new int[] {n}, labels);
    Run r = MainTest.run("train", write("pixels.nn", model).toString(), "--data", images.toString(), "--labels",
        labelFile.toString(), "--test", images.toString(), "--test-labels", labelFile.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("training on " + images + " with " + labelFile + ": 40 examples;"), r.out());
    assertTrue(figure(r.out(), "\\(40 examples\\): loss [-0-9.e]+, accuracy") >= 0.95, r.out());

    Run wide = MainTest.run("train", write("blobs.nn", BLOBS).toString(), "--data", images.toString(), "--labels",
        labelFile.toString());
    assertEquals(1, wide.code());
    assertEquals(images + ": error: each image has 4 values, but model Blobs takes 2 inputs [2]\n", wide.err());

    Path bad = idx("bad-labels.idx", false, new int[] {n}, Arrays.stream(labels).map(l -> l == 1 ? 7 : 0)
        .toArray());
    Run range = MainTest.run("train", write("pixels.nn", model).toString(), "--data", images.toString(), "--labels",
        bad.toString());
    assertEquals(1, range.code());
    assertEquals(bad + ": record 2: error: the target 7 is not a class of model Blobs, whose classes are 0 to 1\n",
        range.err());
  }

  @Test
  void badDataIsALocatedErrorWithExitCodeOne() throws IOException {
    String model = write("blobs.nn", BLOBS).toString();
    Path ragged = write("ragged.csv", "x0,x1,label\n1,2,0\n3,1\n");
    Run r = MainTest.run("train", model, "--data", ragged.toString());
    assertEquals(1, r.code());
    assertEquals(ragged + ":3: error: expected 3 columns, found 2\n", r.err());
    assertFalse(r.out().contains("epoch"), "nothing is trained");

    Path wide = write("wide.csv", "\n1,2,3,0\n4,5,6,1\n");
    r = MainTest.run("train", model, "--data", wide.toString());
    assertEquals(1, r.code());
    assertEquals(wide + ":2: error: the rows have 4 columns, but model Blobs needs 3: 2 input values and 1 target"
        + " (a class index from 0 to 1)\n", r.err());

    Path label = write("label.csv", "a,b,c\n1,2,0\n\n3,4,1\n5,6,2\n");
    r = MainTest.run("train", model, "--data", label.toString());
    assertEquals(1, r.code());
    assertEquals(label + ":5:3: error: the target 2 is not a class of model Blobs, whose classes are 0 to 1\n", r.err());

    Path text = write("text.csv", "1,2,0\n3,x,1\n");
    r = MainTest.run("train", model, "--data", blobs("ok.csv", 5, 1).toString(), "--test", text.toString());
    assertEquals(1, r.code());
    assertEquals(text + ":2:2: error: not a number: \"x\"\n", r.err());
    assertFalse(r.out().contains("epoch"), "test data is checked before training");

    r = MainTest.run("train", model, "--data", dir.resolve("missing.csv").toString());
    assertEquals(1, r.code());
    assertEquals("modelc: file not found: " + dir.resolve("missing.csv") + "\n", r.err());
  }

  @Test
  void outputsThatCannotBeWrittenAreErrors() throws IOException {
    String model = write("blobs.nn", BLOBS).toString();
    String data = blobs("train.csv", 5, 1).toString();
    Path nowhere = dir.resolve("no-such-folder").resolve("blobs.bin");
    Run r = MainTest.run("train", model, "--data", data, "--epochs", "1", "--save", nowhere.toString());
    assertEquals(1, r.code());
    assertEquals("modelc: cannot save the model to " + nowhere + ": its folder does not exist\n", r.err());
    Path file = write("report.txt", "");
    r = MainTest.run("train", model, "--data", data, "--epochs", "1", "--report", file.toString());
    assertEquals(1, r.code());
    assertEquals("modelc: cannot write the report into " + file + ": it is a file, not a folder\n", r.err());
    r = MainTest.run("train", model, "--data", dir.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("modelc: cannot read " + dir + ": "), r.err());
  }

  @Test
  void errorsInTheModelAreReportedAsByTheCompiler() throws IOException {
    Path bad = write("bad.nn", BLOBS.replace("dense(h, 2, init = xavier)", "dense(hh, 2)"));
    Run r = MainTest.run("train", bad.toString(), "--data", blobs("train.csv", 5, 1).toString());
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith(bad + ":6:15: error: cannot find 'hh'; did you mean 'h'?"), r.err());
  }

  @Test
  void aDivergingRunStopsWithAClearMessage() throws IOException {
    Path model = write("blobs.nn", BLOBS.replace("adam(lr = 0.05)", "sgd(lr = 0.1)"));
    Run r = MainTest.run("train", model.toString(), "--data", blobs("train.csv", 30, 1).toString(), "--lr", "1e30");
    assertEquals(1, r.code());
    assertTrue(r.err().matches("modelc: training stopped: the (gradient|new value) of parameter '[a-z.]+' is not finite"
        + " at epoch \\d+, step \\d+; a smaller learning rate \\(--lr\\) may help\n"), r.err());
  }

  @Test
  void usageErrorsExitWithTwo() throws IOException {
    String model = write("blobs.nn", BLOBS).toString();
    String data = blobs("train.csv", 5, 1).toString();
    String[][] cases = {
      {"train", model},
      {"train", model, "--data", data, "--bogus"},
      {"train", model, "--data", data, "--epochs", "ten"},
      {"train", model, "--data", data, "--epochs", "0"},
      {"train", model, "--data", data, "--batch", "-1"},
      {"train", model, "--data", data, "--lr", "0"},
      {"train", model, "--data", data, "--lr", "NaN"},
      {"train", model, "--data", data, "--seed", "1.5"},
      {"train", model, "--data", data, "--precision", "half"},
      {"train", model, "--data", data, "--target-column", "0"},
      {"train", model, "--data", data, "--test-labels", data},
      {"train", model, "--data", data, "--labels", data, "--target-column", "2"},
      {"train", model, "--data", data, "--model", "Other"},
      {"train", "--data", data},
    };
    for (String[] args : cases) {
      Run r = MainTest.run(args);
      assertEquals(2, r.code(), String.join(" ", args) + "\n" + r.err());
      assertTrue(r.err().startsWith("modelc: "), r.err());
      assertTrue(r.err().endsWith("Try 'modelc --help' for more information.\n"), r.err());
    }
    assertTrue(MainTest.run("train", model).err().contains("Missing required option: '--data=FILE'"));
    assertTrue(MainTest.run("train", model, "--data", data, "--model", "Other").err()
        .contains("has no model Other; it holds Blobs"));
    Path two = write("two.nn", BLOBS + BLOBS.replace("model Blobs", "model Other"));
    Run r = MainTest.run("train", two.toString(), "--data", data);
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("modelc: " + two + " holds the models Blobs, Other; choose one with --model\n"),
        r.err());
    assertEquals(0, MainTest.run("train", two.toString(), "--data", data, "--model", "Other", "--epochs", "1").code());
  }

  @Test
  void helpDocumentsEveryOption() {
    Run help = MainTest.run("train", "--help");
    assertEquals(0, help.code());
    for (String option : new String[] {"--data", "--labels", "--test", "--test-labels", "--target-column", "--model",
        "--epochs", "--batch", "--lr", "--seed", "--precision", "--save", "--report", "--help", "--version"}) {
      assertTrue(help.out().contains(option), option + " in\n" + help.out());
    }
    assertTrue(MainTest.run("--help").out().contains("train"), "the subcommand is listed");
  }

  @Test
  void withoutTheJdkCompilerTrainingIsAClearError() {
    InMemoryJavac.Failure e = assertThrows(InMemoryJavac.Failure.class,
        () -> InMemoryJavac.compile(GeneratedModel.generate("blobs.nn", BLOBS, Precision.FLOAT), null));
    assertTrue(e.getMessage().startsWith("training needs the Java compiler, which this Java runtime lacks ("),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("); run modelc with a JDK 17 or later rather than a JRE"), e.getMessage());
  }
}
