package dev.modelc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelc.compiler.emit.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The goal's work without Maven: what it compiles, skips, reports, writes and removes. */
class GenerationTest {
  static final String XOR = """
      package p;
      model Xor {
        input x[2];
        target y[1];
        param W[1, 2] init he;
        param b[1];
        out = W @ x + b;
        output out;
        loss mse(out, y);
      }
      """;

  @TempDir
  Path project;

  Path nn() {
    return project.resolve("src/main/nn");
  }

  Path out() {
    return project.resolve("target/generated-sources/modelc");
  }

  Path testOut() {
    return project.resolve("target/generated-test-sources/modelc");
  }

  Generation.Settings settings() {
    return settings("1.0", Precision.FLOAT, false);
  }

  Generation.Settings settings(String compiler, Precision precision, boolean tests) {
    return new Generation.Settings(nn(), out(), testOut(), tests, precision, null, compiler,
        file -> project.relativize(file).toString());
  }

  void source(String name, String text) throws IOException {
    Path file = nn().resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  /** Moves a file's modification time, as an edit would, without waiting for the clock. */
  void touch(Path file, long deltaMillis) throws IOException {
    long now = Files.getLastModifiedTime(file).toMillis();
    Files.setLastModifiedTime(file, FileTime.fromMillis(now + deltaMillis));
  }

  @Test
  void compilesEveryFileIntoItsPackageAndRecordsTheStamp() throws IOException {
    source("xor.nn", XOR);
    source("sub/other.nn", XOR.replace("package p;", "package q.r;").replace("Xor", "Other"));
    Generation.Outcome outcome = Generation.run(settings());
    assertEquals("modelc: 2 models compiled, 0 up to date", outcome.summary());
    assertTrue(Files.isRegularFile(out().resolve("p/Xor.java")));
    assertTrue(Files.isRegularFile(out().resolve("q/r/Other.java")));
    Stamp stamp = Stamp.read(out().resolve(Stamp.FILE));
    assertEquals(List.of("sub/other.nn", "xor.nn"), List.copyOf(stamp.entries().keySet()));
    assertEquals(List.of("p/Xor.java"), stamp.entries().get("xor.nn").outputs());
  }

  @Test
  void aSecondRunFindsEverythingUpToDateAndTouchesNothing() throws IOException {
    source("xor.nn", XOR);
    Generation.run(settings());
    Path generated = out().resolve("p/Xor.java");
    touch(generated, -5000);
    FileTime before = Files.getLastModifiedTime(generated);
    FileTime stampBefore = Files.getLastModifiedTime(out().resolve(Stamp.FILE));
    Generation.Outcome again = Generation.run(settings());
    assertEquals("modelc: 0 models compiled, 1 up to date", again.summary());
    assertEquals(before, Files.getLastModifiedTime(generated));
    assertEquals(stampBefore, Files.getLastModifiedTime(out().resolve(Stamp.FILE)));
  }

  @Test
  void anEditedFileIsCompiledAgainAndTheOthersAreNot() throws IOException {
    source("a.nn", XOR.replace("Xor", "A"));
    source("b.nn", XOR.replace("Xor", "B"));
    Generation.run(settings());
    source("a.nn", XOR.replace("Xor", "A").replace("init he", "init xavier"));
    touch(nn().resolve("a.nn"), 2000);
    Generation.Outcome outcome = Generation.run(settings());
    assertEquals("modelc: 1 model compiled, 1 up to date", outcome.summary());
    assertTrue(Files.readString(out().resolve("p/A.java")).contains("xavier"));
  }

  @Test
  void anotherCompilerOrOptionRegeneratesEverything() throws IOException {
    source("xor.nn", XOR);
    Generation.run(settings("1.0", Precision.FLOAT, false));
    assertEquals(1, Generation.run(settings("1.1", Precision.FLOAT, false)).compiled());
    assertEquals(1, Generation.run(settings("1.1", Precision.DOUBLE, false)).compiled());
    assertTrue(Files.readString(out().resolve("p/Xor.java")).contains("double[] predict(double[] x)"));
    assertEquals(0, Generation.run(settings("1.1", Precision.DOUBLE, false)).compiled());
  }

  @Test
  void aMissingOutputIsGeneratedAgain() throws IOException {
    source("xor.nn", XOR);
    Generation.run(settings());
    Files.delete(out().resolve("p/Xor.java"));
    assertEquals(1, Generation.run(settings()).compiled());
    assertTrue(Files.isRegularFile(out().resolve("p/Xor.java")));
  }

  @Test
  void theClassesOfADeletedOrRenamedModelAreRemoved() throws IOException {
    source("xor.nn", XOR);
    source("gone.nn", XOR.replace("package p;", "package gone.deep;").replace("Xor", "Gone"));
    Generation.run(settings());
    Files.delete(nn().resolve("gone.nn"));
    source("xor.nn", XOR.replace("Xor", "Renamed"));
    touch(nn().resolve("xor.nn"), 2000);
    Generation.Outcome outcome = Generation.run(settings());
    assertEquals("modelc: 1 model compiled, 0 up to date, 2 stale files removed", outcome.summary());
    assertFalse(Files.exists(out().resolve("p/Xor.java")));
    assertTrue(Files.exists(out().resolve("p/Renamed.java")));
    assertFalse(Files.exists(out().resolve("gone")), "empty package folders go too");
  }

  @Test
  void everyErrorOfEveryFileIsReportedAndNothingIsWritten() throws IOException {
    source("good.nn", XOR);
    source("bad.nn", XOR.replace("W @ x + b", "W @ b"));
    source("worse.nn", XOR.replace("Xor", "Worse").replace("output out;", "output out"));
    Generation.Outcome outcome = Generation.run(settings());
    assertEquals(2, outcome.errors().size(), outcome.failure());
    assertEquals("src/main/nn/bad.nn:7:11: error: cannot multiply [1, 2] by [1]: inner dimensions 2 and 1 differ",
        outcome.errors().get(0).lines().findFirst().orElseThrow());
    assertEquals("src/main/nn/worse.nn:8:13: error: expected ';'\n  output out\n            ^\n",
        outcome.errors().get(1));
    assertTrue(outcome.failure().endsWith("\n2 errors"), outcome.failure());
    assertFalse(Files.exists(out()), "a failed run writes nothing, not even the good file's class");
  }

  @Test
  void warningsAreReportedAndDoNotStopTheRun() throws IOException {
    source("spare.nn", XOR.replace("param b[1];", "param b[1];\n  param spare[3];"));
    Generation.Outcome outcome = Generation.run(settings());
    assertEquals(List.of(), outcome.errors());
    assertEquals(1, outcome.warnings().size());
    assertTrue(outcome.warnings().get(0).startsWith("src/main/nn/spare.nn:7:9: warning: parameter 'spare'"),
        outcome.warnings().get(0));
    assertTrue(Files.exists(out().resolve("p/Xor.java")));
  }

  @Test
  void twoFilesCannotGenerateTheSameClass() throws IOException {
    source("a.nn", XOR);
    Generation.run(settings());
    source("b.nn", XOR);
    Generation.Outcome outcome = Generation.run(settings());
    assertEquals(List.of("src/main/nn/b.nn: error: class p.Xor is generated from src/main/nn/a.nn as well\n"),
        outcome.errors());
  }

  @Test
  void noSourceFolderIsNoWork() throws IOException {
    Generation.Outcome outcome = Generation.run(settings());
    assertEquals(0, outcome.files());
    assertEquals(List.of(), outcome.errors());
  }

  @Test
  void gradientTestsAndTwinsComeAndGoWithTheOption() throws IOException {
    source("xor.nn", XOR);
    Generation.run(settings("1.0", Precision.FLOAT, true));
    assertTrue(Files.exists(testOut().resolve("p/XorGradientTest.java")));
    assertTrue(Files.exists(testOut().resolve("p/gradcheck/Xor.java")));
    Generation.run(settings("1.0", Precision.DOUBLE, true));
    assertTrue(Files.exists(testOut().resolve("p/XorGradientTest.java")));
    assertFalse(Files.exists(testOut().resolve("p/gradcheck")), "a double model is its own reference");
    Generation.run(settings("1.0", Precision.DOUBLE, false));
    assertFalse(Files.exists(testOut().resolve("p")));
  }

  @Test
  void aStampThatNamesFilesOutsideTheOutputFolderDeletesNothingThere() throws IOException {
    Path outside = project.resolve("precious.txt");
    Files.writeString(outside, "keep");
    Files.createDirectories(out());
    Files.writeString(out().resolve(Stamp.FILE),
        "modelc-stamp 1\nbuild x\nsource 1 gone.nn\nmain ../../precious.txt\n");
    Generation.run(settings());
    assertTrue(Files.exists(outside));
  }
}
