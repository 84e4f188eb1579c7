package dev.modelc.compiler.lower;

import dev.modelc.compiler.ir.ModelIr;
import java.util.ArrayList;
import java.util.List;

/**
 * The memory plan as text ({@code modelc --emit plan}): every buffer with its shape, size and
 * lifetime, the workspace array it shares, and the bytes a batch needs in all.
 */
public final class PlanPrinter {
  /** What {@link #parameterBytes} counts, after the number. */
  private static final String PARAMETER_BYTES =
      "bytes with their gradients, the optimizer's state and the copy a step keeps";

  private PlanPrinter() {}

  /** @param bytesPerValue 4 for float, 8 for double */
  public static String print(Plan plan, int bytesPerValue) {
    ModelIr model = plan.model();
    MemoryPlan.Assignment memory = plan.memory();
    StringBuilder s = new StringBuilder();
    s.append("model ").append(model.name()).append('\n');
    s.append(String.format("  %-16s %-14s %10s  %-11s %s%n", "buffer", "shape", "per example", "steps", "array"));
    List<Plan.Buffer> buffers = new ArrayList<>(plan.buffers());
    buffers.sort((a, b) -> Integer.compare(lifetime(memory, a).first(), lifetime(memory, b).first()));
    for (Plan.Buffer b : buffers) {
      MemoryPlan.Lifetime life = lifetime(memory, b);
      String steps = b.batched() ? life.first() + ".." + life.last() : "all";
      String array = b.batched() ? memory.slotOf().get(b.name()) : "(own, shared by all examples)";
      s.append(String.format("  %-16s %-14s %10d  %-11s %s%n", b.name(), b.node().shape(), b.size(), steps, array));
    }
    int perExample = perExample(plan);
    int unshared = unshared(plan);
    int batch = model.train().batch();
    long parameters = model.parameterCount();
    s.append(String.format("  workspace: %d arrays, %d values per example (%d without sharing)%n",
        memory.slots().size(), perExample, unshared));
    s.append(String.format("  per batch of %d: %,d bytes of workspace, plus %,d bytes of batch input and target%n",
        batch, (long) batch * perExample * bytesPerValue,
        (long) batch * (model.inputShape().size() + model.targetSize()) * bytesPerValue));
    s.append(String.format("  parameters: %,d values; %,d %s%n", parameters, parameterBytes(model, bytesPerValue),
        PARAMETER_BYTES));
    s.append("  steps:\n");
    for (String step : memory.steps()) {
      s.append("    ").append(step).append('\n');
    }
    return s.toString();
  }

  private static MemoryPlan.Lifetime lifetime(MemoryPlan.Assignment memory, Plan.Buffer b) {
    return memory.lifetimes().getOrDefault(b.name(), new MemoryPlan.Lifetime(-1, -1));
  }

  /**
   * The bytes of the arrays of one value per parameter: the parameters, their gradients, the
   * optimizer's state, and the old parameters an optimizer step keeps until it is known to be
   * finite.
   */
  private static long parameterBytes(ModelIr model, int bytesPerValue) {
    return model.parameterCount() * (long) bytesPerValue * (2 + model.train().optimizer().stateArrays().size() + 1);
  }

  /** Values per example in the workspace arrays, shared by liveness. */
  private static int perExample(Plan plan) {
    int values = 0;
    for (MemoryPlan.Slot slot : plan.memory().slots()) {
      values += slot.size();
    }
    return values;
  }

  /** Values per example if each batched buffer had an array of its own. */
  private static int unshared(Plan plan) {
    int values = 0;
    for (Plan.Buffer b : plan.buffers()) {
      values += b.batched() ? b.size() : 0;
    }
    return values;
  }

  /** One sentence on the footprint, for the generated class's documentation. */
  public static String footprint(Plan plan, int bytesPerValue) {
    int perExample = perExample(plan);
    return "Memory: " + plan.model().parameterCount() + " parameters (" + parameterBytes(plan.model(), bytesPerValue)
        + " " + PARAMETER_BYTES + "); a workspace of "
        + perExample + " values per example in " + plan.memory().slots().size() + " arrays ("
        + unshared(plan) + " without sharing), " + (long) perExample * bytesPerValue + " bytes per example.";
  }
}
