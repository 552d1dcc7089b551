package dev.berth.oci;

import java.util.Optional;

/**
 * The platform an image in an index runs on, such as {@code linux/arm64/v8} or {@code wasi/wasm32}.
 *
 * @param os the operating system, for example {@code linux}
 * @param architecture the CPU architecture, for example {@code amd64}
 * @param variant the CPU variant, for example {@code v8}
 * @param osVersion the operating system version, used by Windows images
 */
public record Platform(
    String os, String architecture, Optional<String> variant, Optional<String> osVersion) {

  @Override
  public String toString() {
    return os + "/" + architecture + variant.map(v -> "/" + v).orElse("");
  }
}
