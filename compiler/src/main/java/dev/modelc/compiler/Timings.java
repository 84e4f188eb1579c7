package dev.modelc.compiler;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * How long each phase of the pipeline took, summed over the files and models of one run, for
 * {@code modelc --timings}. The pipeline wraps each phase in {@link #time}, so that measuring
 * adds one call per phase and no bookkeeping to the driver's code.
 */
public final class Timings {
  /** The timed stages of the pipeline, in order; the labels are those printed. */
  public enum Phase {
    /**
     * The one-time setup of the command line's preload thread (grammar tables, function table,
     * JavaPoet), which runs while picocli reads the arguments, before the total starts.
     */
    SETUP("setup"),
    READ("read"),
    PARSE("parse"),
    CHECK("check"),
    DIFFERENTIATE("differentiate"),
    OPTIMIZE("optimize"),
    PLAN("plan"),
    GENERATE("generate"),
    WRITE("write");

    private final String label;

    Phase(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final Map<Phase, Long> nanos = new EnumMap<>(Phase.class);

  /** A phase's work: returns its result, and may fail as the phase does. */
  @FunctionalInterface
  public interface Work<T, E extends Exception> {
    T run() throws E;
  }

  /** Runs one phase and adds its time to the phase's sum; what the phase returns or throws passes through. */
  public <T, E extends Exception> T time(Phase phase, Work<T, E> work) throws E {
    long start = System.nanoTime();
    try {
      return work.run();
    } finally {
      add(phase, System.nanoTime() - start);
    }
  }

  /** Adds time measured elsewhere, in nanoseconds, to a phase's sum. */
  public void add(Phase phase, long elapsed) {
    nanos.merge(phase, elapsed, Long::sum);
  }

  /** The summed time of a phase in nanoseconds; -1 when the phase did not run. */
  public long nanos(Phase phase) {
    return nanos.getOrDefault(phase, -1L);
  }

  /**
   * One line per phase that ran, in pipeline order, then the total, which is the wall time of the
   * whole run given in nanoseconds and so also counts what lies between the phases (but not the
   * setup, which ran on another thread before the run started):
   * <pre>
   * modelc: parse           12.3 ms
   * …
   * modelc: total           61.0 ms
   * </pre>
   */
  public String render(long total) {
    StringBuilder s = new StringBuilder();
    for (Phase phase : Phase.values()) {
      if (nanos.containsKey(phase)) {
        s.append(line(phase.label(), nanos.get(phase)));
      }
    }
    return s.append(line("total", total)).toString();
  }

  private static String line(String label, long nanos) {
    return String.format(Locale.ROOT, "modelc: %-14s %8.1f ms\n", label, nanos / 1e6);
  }
}
