package dev.berth.auth;

/** What a caller may do to a repository; the names are the token spec's action strings. */
public enum RepositoryAction {
  PULL("pull"),
  PUSH("push"),
  DELETE("delete");

  private final String wireName;

  RepositoryAction(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the action for {@code pull}, {@code push} or {@code delete}, if it is one. */
  public static java.util.Optional<RepositoryAction> fromWireName(String value) {
    for (RepositoryAction action : values()) {
      if (action.wireName.equals(value)) {
        return java.util.Optional.of(action);
      }
    }
    return java.util.Optional.empty();
  }

  public String wireName() {
    return wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
