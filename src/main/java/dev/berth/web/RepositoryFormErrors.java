package dev.berth.web;

import dev.berth.hub.HubException;
import dev.berth.hub.RepositoryRules;
import dev.berth.oci.RepositoryName;
import java.util.Optional;

/**
 * Checks the repository forms against {@link RepositoryRules} before the hub sees them, so the
 * common mistakes get a sentence in the page's language that uses the form's own words. The hub
 * checks again; its text is shown only for errors these checks do not cover.
 */
final class RepositoryFormErrors {

  private RepositoryFormErrors() {}

  /** Returns the message for a name that the hub would reject, or empty when it is valid. */
  static Optional<String> name(Messages messages, String namespace, String name) {
    String full = namespace + "/" + name;
    if (full.length() > RepositoryName.MAX_LENGTH) {
      return Optional.of(
          messages.get("repository.error.name_too_long", full, full.length(), RepositoryName.MAX_LENGTH));
    }
    try {
      RepositoryRules.nameOf(namespace, name);
    } catch (HubException e) {
      return Optional.of(messages.get("repository.error.name_invalid", name));
    }
    return Optional.empty();
  }

  /** Returns the message for a description over the limit, or empty when it fits. */
  static Optional<String> description(Messages messages, String description) {
    int length = description.codePointCount(0, description.length());
    if (length > RepositoryRules.MAX_DESCRIPTION) {
      return Optional.of(
          messages.get(
              "repository.error.description_too_long", length, RepositoryRules.MAX_DESCRIPTION));
    }
    return Optional.empty();
  }

  /** Returns the message for an overview over the limit, or empty when it fits. */
  static Optional<String> overview(Messages messages, String overview) {
    int length = overview.codePointCount(0, overview.length());
    if (length > RepositoryRules.MAX_FULL_DESCRIPTION) {
      return Optional.of(
          messages.get(
              "repository.error.overview_too_long", length, RepositoryRules.MAX_FULL_DESCRIPTION));
    }
    return Optional.empty();
  }
}
