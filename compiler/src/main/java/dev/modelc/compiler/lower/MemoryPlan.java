package dev.modelc.compiler.lower;

import dev.modelc.compiler.ir.Graph;
import dev.modelc.compiler.ir.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shares workspace arrays between buffers whose lifetimes do not overlap. Steps run in one fixed
 * order (output, loss, state updates, backward, gradient copies); a buffer lives from the step
 * that writes it to the last step that reads it, and buffers that the class reads after its passes
 * (the output, the loss, the metric) live to the end. A slot is handed to a new buffer only after
 * its last reader, never during, so no step reads an array it is writing.
 */
public final class MemoryPlan {
  private MemoryPlan() {}

  /** One workspace array and the buffers that take turns in it. */
  public record Slot(String name, int size, List<Plan.Buffer> buffers) {}

  /** A buffer's lifetime, as positions in the order of steps. */
  public record Lifetime(int first, int last) {}

  /** Where each batched buffer lives, and when. */
  public record Assignment(List<Slot> slots, Map<String, String> slotOf, Map<String, Lifetime> lifetimes,
      List<String> steps) {}

  static Assignment assign(Plan plan, Set<String> reserved) {
    List<Node> order = new ArrayList<>();
    order.addAll(plan.outputPhase());
    order.addAll(plan.lossPhase());
    List<String> stepNames = new ArrayList<>();
    Map<String, Integer> first = new HashMap<>();
    Map<String, Integer> last = new HashMap<>();
    Map<String, Plan.Buffer> byName = new HashMap<>();
    for (Plan.Buffer b : plan.buffers()) {
      if (b.batched()) {
        byName.put(b.name(), b);
      }
    }
    int step = 0;
    for (Node node : order) {
      step = visit(plan, node, node, step, stepNames, first, last, byName);
    }
    for (Node update : plan.stateUpdates().values()) {
      step = visit(plan, update, null, step, stepNames, first, last, byName);
    }
    for (Node node : plan.backwardPhase()) {
      step = visit(plan, node, node, step, stepNames, first, last, byName);
    }
    for (Node copy : plan.gradientCopies().values()) {
      step = visit(plan, copy, null, step, stepNames, first, last, byName);
    }
    // What the class reads after the passes: predictions, the mean loss, the metric.
    List<Node> pinned = new ArrayList<>(List.of(plan.model().graph().root(Graph.OUTPUT), plan.model().graph().root(Graph.LOSS)));
    Node metric = plan.model().graph().root(Graph.METRIC);
    if (metric != null) {
      pinned.add(metric);
    }
    stepNames.add(step + ": after the passes (predictions, mean loss, metric)");
    for (Node root : pinned) {
      for (String array : reads(plan, root, true)) {
        if (byName.containsKey(array)) {
          last.put(array, step);
        }
      }
    }

    List<Slot> slots = new ArrayList<>();
    List<Integer> freeFrom = new ArrayList<>();
    Map<String, String> slotOf = new HashMap<>();
    Map<String, Lifetime> lifetimes = new HashMap<>();
    List<Plan.Buffer> inOrder = new ArrayList<>(byName.values());
    inOrder.sort((a, b) -> Integer.compare(first.getOrDefault(a.name(), 0), first.getOrDefault(b.name(), 0)));
    for (Plan.Buffer buffer : inOrder) {
      int begin = first.getOrDefault(buffer.name(), 0);
      int end = last.getOrDefault(buffer.name(), begin);
      lifetimes.put(buffer.name(), new Lifetime(begin, end));
      int chosen = -1;
      for (int s = 0; s < slots.size(); s++) {
        // Free strictly before this buffer is written; among those, the closest in size.
        if (freeFrom.get(s) < begin && (chosen < 0
            || Math.abs(slots.get(s).size() - buffer.size()) < Math.abs(slots.get(chosen).size() - buffer.size()))) {
          chosen = s;
        }
      }
      if (chosen < 0) {
        String name = "work" + slots.size();
        while (reserved.contains(name)) {
          name = name + "_";
        }
        slots.add(new Slot(name, 0, new ArrayList<>()));
        freeFrom.add(-1);
        chosen = slots.size() - 1;
      }
      Slot slot = slots.get(chosen);
      List<Plan.Buffer> members = new ArrayList<>(slot.buffers());
      members.add(buffer);
      slots.set(chosen, new Slot(slot.name(), Math.max(slot.size(), buffer.size()), members));
      freeFrom.set(chosen, end);
      slotOf.put(buffer.name(), slot.name());
    }
    return new Assignment(slots, slotOf, lifetimes, stepNames);
  }

  /** Records the arrays one step writes and reads; returns the next step's position. */
  private static int visit(Plan plan, Node root, Node written, int step, List<String> names, Map<String, Integer> first,
      Map<String, Integer> last, Map<String, Plan.Buffer> buffers) {
    Node shown = written == null ? root : written;
    names.add(step + ": %" + shown.id() + (shown.line() > 0 ? " (line " + shown.line() + ")" : "")
        + (written == null ? " copied" : "") + fused(plan.epilogueOf(shown)));
    if (written != null) {
      Storage s = plan.storageOf(written);
      if (s != null && buffers.containsKey(s.array())) {
        first.putIfAbsent(s.array(), step);
        last.merge(s.array(), step, Math::max);
      }
    }
    for (String array : reads(plan, root, written == null)) {
      if (buffers.containsKey(array)) {
        first.putIfAbsent(array, step);
        last.merge(array, step, Math::max);
      }
    }
    return step + 1;
  }

  /** How a step that is a product with an epilogue computes its node, or nothing. */
  private static String fused(Plan.Epilogue epilogue) {
    if (epilogue == null) {
      return "";
    }
    String product = " = product %" + epilogue.product().id();
    return switch (epilogue.kind()) {
      case BIAS -> product + " + bias %" + epilogue.operand().id();
      case BIAS_RELU -> product + " + bias %" + epilogue.operand().id() + ", relu";
      case MASK -> product + " masked by %" + epilogue.operand().id() + " > 0";
    };
  }

  /** The arrays a step reads: the storage of every stored value in its formula. */
  private static Set<String> reads(Plan plan, Node root, boolean includeRoot) {
    Set<String> arrays = new LinkedHashSet<>();
    List<Node> work = new ArrayList<>();
    if (includeRoot) {
      work.add(root);
    } else {
      work.addAll(root.op().inputs());
    }
    Set<Node> seen = new java.util.HashSet<>();
    while (!work.isEmpty()) {
      Node n = work.remove(work.size() - 1);
      if (!seen.add(n)) {
        continue;
      }
      Storage s = plan.storageOf(n);
      if (s != null) {
        arrays.add(s.array());
      } else {
        work.addAll(n.op().inputs());
      }
    }
    return arrays;
  }
}
