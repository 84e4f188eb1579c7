package dev.modelc.compiler.ast;

import dev.modelc.compiler.diag.Span;

/** A name as written at a declaration, with its span. */
public record Ident(String text, Span span) {}
