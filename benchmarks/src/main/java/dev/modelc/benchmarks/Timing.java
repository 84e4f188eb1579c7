package dev.modelc.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The timing protocol that compare.sh applies to every framework (compare_torch.py follows the
 * same steps in Python): warm up for a while, then time {@code rounds} rounds of k operations each,
 * k chosen so that a round lasts about {@code roundSeconds}, and report the median over rounds of
 * the time per operation. The median keeps the rounds that another process interrupted from
 * moving the result.
 *
 * <p>Before each timed round, untimed, a reset puts a trained model's parameters back to their
 * initial values: trained for seconds on one fixed batch, a network learns it by heart, and its
 * steps then run on vanishing gradients, which makes them measurably slower (20 % for Mnist in
 * modelc after 20,000 steps) and unlike the steps of real training.
 */
public final class Timing {

  /**
   * Runs an operation k times in its own loop and returns a value that depends on the results.
   * Each subject has its own implementation, so the call inside the loop stays monomorphic.
   */
  @FunctionalInterface
  public interface Loop {
    double run(int k);
  }

  /** Receives every loop's result, so the JIT cannot remove the work as dead code. */
  public static volatile double sink;

  /** How long to warm up, how many rounds to time, and how long each round should last. */
  public record Settings(double warmupSeconds, int rounds, double roundSeconds) {

    /** The defaults: 2 s of warm-up, then 15 rounds of about 0.1 s. */
    public static Settings defaults() {
      return new Settings(2.0, 15, 0.1);
    }

    /** Reads {@code --warmup S}, {@code --rounds N} and {@code --round S} from the arguments. */
    public static Settings parse(String[] args) {
      Settings s = defaults();
      for (int i = 0; i + 1 < args.length; i += 2) {
        switch (args[i]) {
          case "--warmup" -> s = new Settings(Double.parseDouble(args[i + 1]), s.rounds, s.roundSeconds);
          case "--rounds" -> s = new Settings(s.warmupSeconds, Integer.parseInt(args[i + 1]), s.roundSeconds);
          case "--round" -> s = new Settings(s.warmupSeconds, s.rounds, Double.parseDouble(args[i + 1]));
          default -> { /* other options (--models) belong to the caller */ }
        }
      }
      return s;
    }
  }

  private Timing() {}

  /**
   * The median time of one operation, and the process's CPU time over the wall-clock time of the
   * timed rounds: about 1 when one thread did the work, more when others (helper threads of a
   * library, the garbage collector, the JIT) ran beside it.
   */
  public record Measurement(double medianNanos, double cpuPerWall) {}

  /** Times the loop: warm-up, then the median over the rounds, each preceded by {@code reset}. */
  public static Measurement measure(Loop loop, Runnable reset, Settings settings) {
    // Warm-up: batches of doubling size until the warm-up time has passed, so the JIT compiles the
    // loop and everything it calls; the last batch's rate then sizes the timed rounds.
    long deadline = System.nanoTime() + (long) (settings.warmupSeconds() * 1e9);
    int k = 1;
    double perOperation;
    while (true) {
      long start = System.nanoTime();
      sink += loop.run(k);
      long end = System.nanoTime();
      perOperation = Math.max(1.0, (double) (end - start) / k);
      if (end >= deadline) {
        break;
      }
      if (end - start < 20_000_000L) {
        k *= 2;
      }
    }
    int perRound = (int) Math.max(1, Math.min(Integer.MAX_VALUE, settings.roundSeconds() * 1e9 / perOperation));
    double[] times = new double[settings.rounds()];
    long cpuNanos = 0;
    long wallNanos = 0;
    for (int r = 0; r < times.length; r++) {
      reset.run();
      long cpuStart = cpuNanos();
      long start = System.nanoTime();
      sink += loop.run(perRound);
      long end = System.nanoTime();
      cpuNanos += cpuNanos() - cpuStart;
      wallNanos += end - start;
      times[r] = (double) (end - start) / perRound;
    }
    double cpuPerWall = (double) cpuNanos / wallNanos;
    return new Measurement(median(times), cpuPerWall);
  }

  /** CPU time of the whole process (every thread), or 0 where the platform does not tell. */
  private static long cpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos()).orElse(0L);
  }

  /** The median of the values (the mean of the middle two when their number is even). */
  public static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /**
   * The line compare.sh collects: {@code RESULT framework model operation nanoseconds cpu/wall}.
   */
  public static void report(String framework, String model, String operation, Measurement m) {
    System.out.println(String.format(Locale.ROOT, "RESULT %s %s %s %.1f %.2f", framework, model,
        operation, m.medianNanos(), m.cpuPerWall()));
    System.out.flush();
  }

  /**
   * The models named by {@code --models A,B} in the arguments, in the order of {@code all}; all of
   * them when the option is absent.
   */
  public static List<String> models(String[] args, List<String> all) {
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("--models")) {
        List<String> wanted = Arrays.asList(args[i + 1].split(","));
        for (String name : wanted) {
          if (!all.contains(name)) {
            throw new IllegalArgumentException("unknown model " + name + "; the models are " + all);
          }
        }
        return all.stream().filter(wanted::contains).toList();
      }
    }
    return all;
  }
}
