package dev.modelc.compiler.ir;

/** A trainable tensor of a model: its name, shape, place in the flat parameter array and initializer. */
public record ParamDecl(String name, Shape shape, int offset, InitSpec init, int line) {}
