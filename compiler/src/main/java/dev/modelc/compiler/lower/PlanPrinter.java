package dev.modelc.compiler.lower;

import dev.modelc.compiler.ir.ModelIr;
import java.util.ArrayList;
import java.util.List;

/**
 * The memory plan as text ({@code modelc --emit plan}): every buffer with its shape, size and
 * lifetime, the workspace array it shares, and the bytes a batch needs in all.
 */
public final class PlanPrinter {
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
    int perExample = 0;
    for (MemoryPlan.Slot slot : memory.slots()) {
      perExample += slot.size();
    }
    int unshared = 0;
    for (Plan.Buffer b : plan.buffers()) {
      unshared += b.batched() ? b.size() : 0;
    }
    int batch = model.train().batch();
    long parameters = model.parameterCount();
    s.append(String.format("  workspace: %d arrays, %d values per example (%d without sharing)%n",
        memory.slots().size(), perExample, unshared));
    s.append(String.format("  per batch of %d: %,d bytes of workspace, plus %,d bytes of batch input and target%n",
        batch, (long) batch * perExample * bytesPerValue,
        (long) batch * (model.inputShape().size() + model.targetSize()) * bytesPerValue));
    s.append(String.format("  parameters: %,d values; %,d bytes with their gradients, the optimizer's state and the copy a step keeps%n",
        parameters, parameters * bytesPerValue * parameterArrays(model)));
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
   * Arrays of one value per parameter: the parameters, their gradients, the optimizer's state,
   * and the old parameters an optimizer step keeps until it is known to be finite.
   */
  private static int parameterArrays(ModelIr model) {
    return 2 + model.train().optimizer().stateArrays().size() + 1;
  }

  /** One sentence on the footprint, for the generated class's documentation. */
  public static String footprint(Plan plan, int bytesPerValue) {
    int perExample = 0;
    for (MemoryPlan.Slot slot : plan.memory().slots()) {
      perExample += slot.size();
    }
    int unshared = 0;
    for (Plan.Buffer b : plan.buffers()) {
      unshared += b.batched() ? b.size() : 0;
    }
    return "Memory: " + plan.model().parameterCount() + " parameters (" + plan.model().parameterCount() * (long) bytesPerValue
        * parameterArrays(plan.model()) + " bytes with their gradients, the optimizer's state and the copy a step keeps); a workspace of "
        + perExample + " values per example in " + plan.memory().slots().size() + " arrays ("
        + unshared + " without sharing), " + (long) perExample * bytesPerValue + " bytes per example.";
  }
}
