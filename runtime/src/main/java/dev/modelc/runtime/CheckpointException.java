package dev.modelc.runtime;

import java.io.IOException;

/**
 * A checkpoint file that cannot be used: not a checkpoint, an unknown version, truncated,
 * corrupted, written for another model, or lacking a requested section.
 */
public class CheckpointException extends IOException {

  private static final long serialVersionUID = 1L;

  /** An error whose message names the file and the reason. */
  public CheckpointException(String file, String reason) {
    super(file + ": " + reason);
  }
}
