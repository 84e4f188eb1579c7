package dev.modelc.compiler.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.modelc.compiler.Compiler;
import dev.modelc.compiler.diag.Diagnostic;
import dev.modelc.compiler.diag.Diagnostics;
import dev.modelc.compiler.diag.Renderer;
import dev.modelc.compiler.diag.SourceFile;
import dev.modelc.compiler.emit.Precision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A seeded, bounded mutation fuzzer over the whole compiler: mutants of every `.nn` file in the
 * test resources, and of random models, must end in located diagnostics or in Java source, never
 * in an exception, and quickly.
 */
class FrontEndFuzzTest {
  private static final String[] TOKENS = {"(", ")", "[", "]", "{", "}", ";", ",", "=", "@", "*", "/", "+", "-", ":",
      ".", "model", "input", "param", "output", "loss", "train", "dense(", "relu(", "x", "0", "-1", "1e309", "2147483648",
      "99999999999", "class", "__x", "$", "\u0000", "\uFEFF", "/*", "*/", "//", "\"", "\\u000a", "é", "\r", "\n",
      "true", "batch", "epochs", "concat(", "reshape(", "[-1]", "[0:0]", "batch_norm(", "dropout(", "0.5"};

  @Test
  void everyMutantEndsInDiagnosticsOrJava() {
    List<String> corpus = corpus();
    Random random = new Random(20261123);
    int inputs = Integer.getInteger("modelc.fuzzInputs", 4000);
    int located = 0;
    for (int i = 0; i < inputs; i++) {
      String original = corpus.get(random.nextInt(corpus.size()));
      String mutant = mutate(original, random);
      long start = System.nanoTime();
      Diagnostics diagnostics = new Diagnostics();
      try {
        Compiler.compile(new SourceFile("fuzz.nn", mutant), new Compiler.Options(null, Precision.FLOAT, null), diagnostics);
      } catch (RuntimeException | StackOverflowError e) {
        fail("input " + i + " crashed the compiler with " + e + ":\n" + mutant, e);
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis < 5_000, "input " + i + " took " + millis + " ms:\n" + mutant);
      for (Diagnostic d : diagnostics.sorted()) {
        // Every diagnostic can be rendered, and points into the file (or just past its end).
        Renderer.render(d);
        assertTrue(d.span().line() <= d.source().lineCount() + 1, "input " + i + ": " + Renderer.render(d));
      }
      located += diagnostics.hasErrors() ? 1 : 0;
    }
    assertTrue(located > inputs / 2, "most mutants are errors, each located: " + located + " of " + inputs);
  }

  private static String mutate(String text, Random random) {
    StringBuilder s = new StringBuilder(text);
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int at = s.length() == 0 ? 0 : random.nextInt(s.length() + 1);
      switch (random.nextInt(7)) {
        case 0 -> s.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
        case 1 -> {
          if (s.length() > 0) {
            int end = Math.min(s.length(), at + 1 + random.nextInt(12));
            s.delete(Math.min(at, s.length() - 1), end);
          }
        }
        case 2 -> {
          if (s.length() > 0) {
            int pos = Math.min(at, s.length() - 1);
            s.setCharAt(pos, (char) (s.charAt(pos) ^ (1 << random.nextInt(7))));
          }
        }
        case 3 -> s.setLength(Math.min(s.length(), at));
        case 4 -> {
          int from = random.nextInt(s.length() + 1);
          int to = Math.min(s.length(), from + random.nextInt(40));
          s.insert(at, s.substring(from, to));
        }
        case 5 -> s.insert(at, "(".repeat(1 + random.nextInt(3000)));
        default -> s.insert(at, Integer.toString(random.nextInt()));
      }
    }
    return s.toString();
  }

  private static List<String> corpus() {
    List<String> corpus = new ArrayList<>();
    try {
      Path root = Path.of(FrontEndFuzzTest.class.getClassLoader().getResource("examples/xor.nn").toURI()).getParent().getParent();
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(p -> p.toString().endsWith(".nn")).sorted().toList()) {
          corpus.add(Files.readString(file, StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    for (long seed = 0; seed < 20; seed++) {
      corpus.add(RandomModels.model(seed));
    }
    return corpus;
  }
}
