package dev.modelc.compiler.lower;

/**
 * Where a materialized value lives in the generated class: an array, the offset of its first
 * element, and whether it holds one copy per example ({@code batched}, stride {@code size}).
 *
 * @param array the Java name of the array: a workspace field, or {@code x}, {@code y},
 *     {@code params}, {@code grads}
 */
public record Storage(String array, int base, int size, boolean batched) {}
