package dev.berth.cli;

import dev.berth.auth.AccountService;
import dev.berth.auth.Principal;
import dev.berth.auth.UserAccount;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth user}: creates users, resets their passwords, disables and enables them, and lists
 * them, acting as an administrator directly on the database.
 */
@Command(
    name = "user",
    description = "Manages user accounts in Berth's database, as an administrator.",
    synopsisSubcommandLabel = "COMMAND",
    mixinStandardHelpOptions = true)
public final class UserCommand {

  /** Users read per page by {@code list}. */
  private static final int PAGE_SIZE = 500;

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  private final Map<String, String> environment;
  private final PasswordReader passwords;

  @Spec @Nullable CommandSpec spec;

  /** Creates the command over the process environment, standard input and terminal. */
  public UserCommand() {
    this(System.getenv(), PasswordReader.system());
  }

  /** Creates the command over {@code environment} and {@code passwords}, for tests. */
  UserCommand(Map<String, String> environment, PasswordReader passwords) {
    this.environment = Map.copyOf(environment);
    this.passwords = passwords;
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Creates a user. Without --password-stdin, prompts twice for the password.",
        "The name is 4 to 30 lower-case letters and digits; the password 8 to 256 characters."
      })
  int create(
      @Parameters(paramLabel = "USERNAME", description = "The new user's name.") String username,
      @Option(
              names = "--email",
              required = true,
              paramLabel = "EMAIL",
              description = "The user's e-mail address.")
          String email,
      @Option(names = "--admin", description = "Make the user an administrator of this Berth.")
          boolean administrator,
      @Option(
              names = "--password-stdin",
              description = "Read the password from standard input instead of prompting.")
          boolean passwordStdin,
      @Mixin StoreOptions store) {
    return AccountSession.run(
        subcommand("create"),
        store,
        environment,
        (session, out) -> {
          AccountService service = session.accounts().accountService();
          Principal.User actor = session.administrator();
          if (service.user(username).isPresent()) {
            throw new CommandFailedException(
                "user " + username + " already exists; choose another name");
          }
          String password = passwords.read(passwordStdin, username);
          UserAccount user = service.createUser(actor, username, email, password);
          if (administrator) {
            // A separate transaction: if it fails, the user exists without the role, and the
            // message reports that.
            try {
              service.setAdministrator(actor, username, true);
            } catch (RuntimeException e) {
              throw new CommandFailedException(
                  "created user "
                      + username
                      + " but could not make them an administrator: "
                      + e.getMessage()
                      + "; the user exists without the administrator role",
                  e);
            }
            out.println("created administrator " + username + " <" + user.email() + ">");
          } else {
            out.println("created user " + username + " <" + user.email() + ">");
          }
        });
  }

  @Command(
      name = "reset-password",
      mixinStandardHelpOptions = true,
      description =
          "Sets a new password for a user and ends their web sessions. Without"
              + " --password-stdin, prompts twice for the password.")
  int resetPassword(
      @Parameters(paramLabel = "USERNAME", description = "The user whose password to set.")
          String username,
      @Option(
              names = "--password-stdin",
              description = "Read the password from standard input instead of prompting.")
          boolean passwordStdin,
      @Mixin StoreOptions store) {
    return AccountSession.run(
        subcommand("reset-password"),
        store,
        environment,
        (session, out) -> {
          requireUser(session, username);
          String password = passwords.read(passwordStdin, username);
          session
              .accounts()
              .accountService()
              .resetPassword(session.administrator(), username, password);
          out.println("reset the password of " + username);
        });
  }

  @Command(
      name = "disable",
      mixinStandardHelpOptions = true,
      description =
          "Disables a user: their logins and access tokens are rejected and their web sessions"
              + " end. Their repositories stay.")
  int disable(
      @Parameters(paramLabel = "USERNAME", description = "The user to disable.") String username,
      @Mixin StoreOptions store) {
    return setDisabled(username, true, store);
  }

  @Command(
      name = "enable",
      mixinStandardHelpOptions = true,
      description = "Enables a disabled user again.")
  int enable(
      @Parameters(paramLabel = "USERNAME", description = "The user to enable.") String username,
      @Mixin StoreOptions store) {
    return setDisabled(username, false, store);
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "Lists every user with e-mail address, role, state, two-factor authentication and"
              + " creation day (UTC).")
  int list(@Mixin StoreOptions store) {
    return AccountSession.run(
        subcommand("list"),
        store,
        environment,
        (session, out) -> {
          List<UserAccount> users = allUsers(session);
          List<List<String>> rows = new ArrayList<>();
          rows.add(List.of("USERNAME", "EMAIL", "ROLE", "STATE", "2FA", "CREATED"));
          for (UserAccount user : users) {
            rows.add(
                List.of(
                    user.username(),
                    user.email(),
                    user.administrator() ? "admin" : "user",
                    user.disabled() ? "disabled" : "enabled",
                    user.twoFactorEnabled() ? "on" : "off",
                    DAY.format(user.createdAt())));
          }
          TextTable.print(out, rows);
        });
  }

  private int setDisabled(String username, boolean disabled, StoreOptions store) {
    return AccountSession.run(
        subcommand(disabled ? "disable" : "enable"),
        store,
        environment,
        (session, out) -> {
          requireUser(session, username);
          session
              .accounts()
              .accountService()
              .setDisabled(session.administrator(), username, disabled);
          out.println((disabled ? "disabled user " : "enabled user ") + username);
        });
  }

  /** Fails before a password prompt when the user does not exist. */
  private static void requireUser(AccountSession session, String username)
      throws CommandFailedException {
    if (session.accounts().accountService().user(username).isEmpty()) {
      throw new CommandFailedException(
          "user " + username + " not found; berth user list shows the existing users");
    }
  }

  private static List<UserAccount> allUsers(AccountSession session) {
    AccountService service = session.accounts().accountService();
    List<UserAccount> users = new ArrayList<>();
    Optional<String> after = Optional.empty();
    while (true) {
      List<UserAccount> page = service.listUsers(session.administrator(), after, PAGE_SIZE);
      users.addAll(page);
      if (page.size() < PAGE_SIZE) {
        return users;
      }
      after = Optional.of(page.getLast().username());
    }
  }

  /** Returns the spec of subcommand {@code name}, whose qualified name prefixes errors. */
  private CommandSpec subcommand(String name) {
    if (spec == null) {
      throw new IllegalStateException(
          "picocli did not inject the command spec; run via CommandLine");
    }
    return spec.subcommands().get(name).getCommandSpec();
  }
}
