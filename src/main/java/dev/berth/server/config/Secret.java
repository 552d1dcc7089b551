package dev.berth.server.config;

/**
 * A secret configuration value, masked when printed so it never reaches a log line.
 *
 * @param value the secret in clear text
 */
public record Secret(String value) {
  @Override
  public String toString() {
    return "******";
  }
}
