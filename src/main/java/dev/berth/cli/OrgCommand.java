package dev.berth.cli;

import dev.berth.auth.AccountService;
import dev.berth.auth.OrganizationMember;
import dev.berth.auth.OrganizationMembership;
import dev.berth.auth.OrganizationRole;
import dev.berth.auth.Principal;
import dev.berth.auth.UserAccount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth org}: creates organizations, adds and removes their members, and lists them, acting
 * as an administrator directly on the database.
 */
@Command(
    name = "org",
    description = "Manages organizations in Berth's database, as an administrator.",
    synopsisSubcommandLabel = "COMMAND",
    mixinStandardHelpOptions = true)
public final class OrgCommand {

  /** Users read per page by {@code list}, which finds organizations through their members. */
  private static final int PAGE_SIZE = 500;

  private final Map<String, String> environment;

  @Spec @Nullable CommandSpec spec;

  /** Creates the command over the process environment. */
  public OrgCommand() {
    this(System.getenv());
  }

  /** Creates the command over {@code environment}, in place of the process environment. */
  OrgCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Creates an organization with one owner.",
        "The name is 4 to 30 lower-case letters and digits, and no user may have it."
      })
  int create(
      @Parameters(paramLabel = "NAME", description = "The new organization's name.") String name,
      @Option(
              names = "--owner",
              required = true,
              paramLabel = "USER",
              description = "The user who becomes the organization's first owner.")
          String owner,
      @Mixin StoreOptions store) {
    return AccountSession.run(
        subcommand("create"),
        store,
        environment,
        (session, out) -> {
          AccountService service = session.accounts().accountService();
          Principal.User administrator = session.administrator();
          requireEnabledUser(service, owner);

          // The administrator creates it, so names reserved for administrators (such as library)
          // work, then hands ownership over. The owner was checked just before, so the hand-over
          // fails only when another client changes these accounts in between.
          service.createOrganization(administrator, name);
          if (!owner.equals(administrator.username())) {
            try {
              service.setMember(administrator, name, owner, OrganizationRole.OWNER);
              service.removeMember(administrator, name, administrator.username());
            } catch (RuntimeException e) {
              throw new CommandFailedException(
                  "created organization "
                      + name
                      + " owned by "
                      + administrator.username()
                      + ", but could not make "
                      + owner
                      + " its owner: "
                      + e.getMessage()
                      + "; run berth org add-member "
                      + name
                      + " "
                      + owner
                      + " --role owner",
                  e);
            }
          }
          out.println("created organization " + name + " with owner " + owner);
        });
  }

  @Command(
      name = "add-member",
      mixinStandardHelpOptions = true,
      description =
          "Adds a user to an organization, or changes the role of a member. Owners manage the"
              + " organization; members get repository access through teams.")
  int addMember(
      @Parameters(index = "0", paramLabel = "ORG", description = "The organization.")
          String organization,
      @Parameters(index = "1", paramLabel = "USER", description = "The user to add.")
          String username,
      @Option(
              names = "--role",
              paramLabel = "ROLE",
              defaultValue = "member",
              description = "owner or member (default: ${DEFAULT-VALUE}).")
          String roleName,
      @Mixin StoreOptions store) {
    return AccountSession.run(
        subcommand("add-member"),
        store,
        environment,
        (session, out) -> {
          OrganizationRole role = OrganizationRole.parse(roleName);
          AccountService service = session.accounts().accountService();
          Principal.User administrator = session.administrator();
          Optional<OrganizationRole> before =
              service.members(administrator, organization).stream()
                  .filter(member -> member.username().equals(username))
                  .map(OrganizationMember::role)
                  .findFirst();

          service.setMember(administrator, organization, username, role);
          if (before.isEmpty()) {
            out.println("added " + username + " to organization " + organization + " as " + role);
          } else if (before.get() == role) {
            out.println(
                username + " already has the role " + role + " in organization " + organization);
          } else {
            out.println(
                "changed the role of "
                    + username
                    + " in organization "
                    + organization
                    + " from "
                    + before.get()
                    + " to "
                    + role);
          }
        });
  }

  @Command(
      name = "remove-member",
      mixinStandardHelpOptions = true,
      description =
          "Removes a user from an organization and its teams. The last owner cannot be removed.")
  int removeMember(
      @Parameters(index = "0", paramLabel = "ORG", description = "The organization.")
          String organization,
      @Parameters(index = "1", paramLabel = "USER", description = "The member to remove.")
          String username,
      @Mixin StoreOptions store) {
    return AccountSession.run(
        subcommand("remove-member"),
        store,
        environment,
        (session, out) -> {
          session
              .accounts()
              .accountService()
              .removeMember(session.administrator(), organization, username);
          out.println("removed " + username + " from organization " + organization);
        });
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists every organization with its owners and members.")
  int list(@Mixin StoreOptions store) {
    return AccountSession.run(
        subcommand("list"),
        store,
        environment,
        (session, out) -> {
          SortedMap<String, List<OrganizationMember>> organizations = allOrganizations(session);
          List<List<String>> rows = new ArrayList<>();
          rows.add(List.of("ORGANIZATION", "OWNERS", "MEMBERS"));
          for (var entry : organizations.entrySet()) {
            rows.add(
                List.of(
                    entry.getKey(),
                    names(entry.getValue(), OrganizationRole.OWNER),
                    names(entry.getValue(), OrganizationRole.MEMBER)));
          }
          TextTable.print(out, rows);
        });
  }

  /**
   * Returns every organization with its members, ordered by name. The auth room lists organizations
   * only per user, and every organization keeps at least one owner, so walking the users finds them
   * all.
   */
  private static SortedMap<String, List<OrganizationMember>> allOrganizations(
      AccountSession session) {
    AccountService service = session.accounts().accountService();
    SortedMap<String, List<OrganizationMember>> organizations = new TreeMap<>();
    Optional<String> after = Optional.empty();
    while (true) {
      List<UserAccount> page = service.listUsers(session.administrator(), after, PAGE_SIZE);
      for (UserAccount user : page) {
        for (OrganizationMembership membership : service.memberships(user.username())) {
          organizations
              .computeIfAbsent(membership.organization(), name -> new ArrayList<>())
              .add(new OrganizationMember(user.username(), membership.role()));
        }
      }
      if (page.size() < PAGE_SIZE) {
        return organizations;
      }
      after = Optional.of(page.getLast().username());
    }
  }

  /** Returns the names of {@code members} with {@code role}, comma-separated, or a dash. */
  private static String names(List<OrganizationMember> members, OrganizationRole role) {
    List<String> names =
        members.stream()
            .filter(member -> member.role() == role)
            .map(OrganizationMember::username)
            .toList();
    return names.isEmpty() ? "-" : String.join(",", names);
  }

  private static void requireEnabledUser(AccountService service, String username)
      throws CommandFailedException {
    Optional<UserAccount> user = service.user(username);
    if (user.isEmpty()) {
      throw new CommandFailedException(
          "user " + username + " not found; berth user list shows the existing users");
    }
    if (user.get().disabled()) {
      throw new CommandFailedException(
          "user "
              + username
              + " is disabled; enable them first with berth user enable "
              + username);
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
