package dev.berth.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads a new password for the account commands: from standard input with {@code --password-stdin},
 * as {@code docker login} does, or by prompting twice without echo on a terminal.
 */
final class PasswordReader {

  /** Reads one line without echo from the person at the terminal. */
  @FunctionalInterface
  interface Prompt {
    /** Shows {@code prompt} and returns the typed line, or empty when there is no terminal. */
    Optional<char[]> readPassword(String prompt);
  }

  /**
   * The maximum number of bytes read from standard input. A password may have 256 code points of up
   * to 4 bytes each; anything longer is rejected by the password rules, so the rest need not be
   * read.
   */
  private static final int MAX_STDIN_BYTES = 4 * 1024;

  private final InputStream stdin;
  private final Prompt prompt;

  PasswordReader(InputStream stdin, Prompt prompt) {
    this.stdin = stdin;
    this.prompt = prompt;
  }

  /** Returns a reader over the process's standard input and terminal. */
  static PasswordReader system() {
    return new PasswordReader(System.in, PasswordReader::readFromConsole);
  }

  /**
   * Returns the new password of {@code username}.
   *
   * @param fromStdin read all of standard input, minus one trailing line break, instead of
   *     prompting
   * @throws CommandFailedException when standard input is empty or cannot be read, when there is no
   *     terminal to prompt on, or when the two typed passwords differ
   */
  String read(boolean fromStdin, String username) throws CommandFailedException {
    if (fromStdin) {
      return readStdin();
    }
    char[] first =
        prompt
            .readPassword("New password for " + username + ": ")
            .orElseThrow(
                () ->
                    new CommandFailedException(
                        "no terminal to prompt for the password of "
                            + username
                            + "; pass --password-stdin and pipe the password in"));
    char[] second =
        prompt
            .readPassword("Repeat the password: ")
            .orElseThrow(() -> new CommandFailedException("no password was repeated"));
    try {
      if (!Arrays.equals(first, second)) {
        throw new CommandFailedException(
            "the two passwords differ; run the command again and type the same password twice");
      }
      return new String(first);
    } finally {
      Arrays.fill(first, '\0');
      Arrays.fill(second, '\0');
    }
  }

  private String readStdin() throws CommandFailedException {
    byte[] bytes;
    try {
      bytes = stdin.readNBytes(MAX_STDIN_BYTES + 1);
    } catch (IOException e) {
      throw new CommandFailedException("could not read the password from standard input", e);
    }
    if (bytes.length > MAX_STDIN_BYTES) {
      throw new CommandFailedException(
          "standard input contains more than "
              + MAX_STDIN_BYTES
              + " bytes; pipe in only the password");
    }
    // Strip the line break that echo and here-strings add, as docker login --password-stdin does.
    String password = new String(bytes, StandardCharsets.UTF_8);
    if (password.endsWith("\n")) {
      password = password.substring(0, password.length() - 1);
    }
    if (password.endsWith("\r")) {
      password = password.substring(0, password.length() - 1);
    }
    if (password.isEmpty()) {
      throw new CommandFailedException(
          "standard input is empty; pipe the password in when using --password-stdin");
    }
    return password;
  }

  private static Optional<char[]> readFromConsole(String text) {
    Console console = System.console();
    if (console == null || !isTerminal(console)) {
      return Optional.empty();
    }
    return Optional.ofNullable(console.readPassword("%s", text));
  }

  /**
   * Returns whether {@code console} is an interactive terminal. From JDK 22, {@link
   * System#console()} may return a console for redirected streams too, and only {@code
   * Console.isTerminal()} (JDK 22) distinguishes them; Berth compiles for Java 21, so it is looked
   * up by reflection.
   */
  private static boolean isTerminal(Console console) {
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      // Java 21: System.console() returns a console only for a terminal.
      return true;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Console.isTerminal() could not be called", e);
    }
  }
}
