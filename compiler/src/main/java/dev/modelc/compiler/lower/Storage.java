package dev.modelc.compiler.lower;

import java.util.Objects;

/**
 * Where a materialized value lives in the generated class: an array, the offset of its first
 * element, and whether it holds one copy per example ({@code batched}, stride {@code size}).
 *
 * @param array the Java name of the array: a workspace field, or {@code x}, {@code y},
 *     {@code params}, {@code grads}
 */
public record Storage(String array, int base, int size, boolean batched) {
  // Written out rather than generated: a record's equals and hashCode are linked on their first
  // call, which costs a fresh JVM a millisecond or more, and the planner compares storages once.
  // They are the record's: equal components, and the hash that combines them by 31s.

  @Override
  public boolean equals(Object other) {
    return other instanceof Storage s
        && Objects.equals(s.array, array) && s.base == base && s.size == size && s.batched == batched;
  }

  @Override
  public int hashCode() {
    return ((Objects.hashCode(array) * 31 + Integer.hashCode(base)) * 31 + Integer.hashCode(size)) * 31
        + Boolean.hashCode(batched);
  }
}
