package dev.modelc.compiler.diag;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a `.nn` file as UTF-8, reporting bytes that are not UTF-8 as a located error. */
public final class SourceReader {
  private SourceReader() {}

  /** The file's text, without a leading byte-order mark; null after reporting a problem. */
  public static SourceFile read(Path path, String name, Diagnostics diagnostics) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      String text = decoder.decode(ByteBuffer.wrap(bytes)).toString();
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      return new SourceFile(name, text);
    } catch (CharacterCodingException e) {
      // Locate the first bad byte: decode leniently up to it to count lines and columns.
      int bad = firstMalformed(bytes);
      String before = new String(bytes, 0, bad, StandardCharsets.UTF_8);
      SourceFile lenient = new SourceFile(name, new String(bytes, StandardCharsets.UTF_8));
      int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
      int column = before.length() - before.lastIndexOf('\n');
      diagnostics.error(lenient, new Span(line, column, 1), Messages.invalidUtf8());
      return null;
    }
  }

  private static int firstMalformed(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
    // On an error the decoder stops with the input positioned at the offending byte.
    decoder.decode(in, out, true);
    return in.position();
  }
}
