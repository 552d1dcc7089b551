package dev.berth.webhooks;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The shape of a delivery's body. */
public enum PayloadFormat {
  /**
   * Docker Hub's push webhook body: {@code callback_url}, {@code push_data}, {@code repository}.
   */
  DOCKERHUB("dockerhub", "application/json"),
  /** A CloudEvents 1.0 event in structured JSON mode. */
  CLOUDEVENTS("cloudevents", "application/cloudevents+json"),
  /** A Slack incoming-webhook message: {@code text} with a link to the repository. */
  SLACK("slack", "application/json");

  private final String wireName;
  private final String contentType;

  PayloadFormat(String wireName, String contentType) {
    this.wireName = wireName;
    this.contentType = contentType;
  }

  public String wireName() {
    return wireName;
  }

  /** Returns the {@code Content-Type} of a delivery in this format. */
  public String contentType() {
    return contentType;
  }

  /** Returns the format named {@code name}, if it is one. */
  public static Optional<PayloadFormat> fromWireName(String name) {
    return Arrays.stream(values()).filter(f -> f.wireName.equals(name)).findFirst();
  }

  static String allNames() {
    return Arrays.stream(values()).map(PayloadFormat::wireName).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return wireName;
  }
}
