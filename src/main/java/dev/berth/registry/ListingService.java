package dev.berth.registry;

import dev.berth.oci.RepositoryName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jdbi.v3.core.Jdbi;

/** Pages through tag lists and the catalog in lexical order. Thread-safe. */
final class ListingService {

  /** One page of names, and whether more follow it. */
  record Page(List<String> names, boolean more) {}

  private final Jdbi jdbi;
  private final RegistryStore store;

  ListingService(Jdbi jdbi, RegistryStore store) {
    this.jdbi = jdbi;
    this.store = store;
  }

  /**
   * Returns up to {@code limit} tags of {@code repository} after {@code last}.
   *
   * @throws RegistryException NAME_UNKNOWN when the repository does not exist
   */
  Page tags(RepositoryName repository, Optional<String> last, int limit) {
    return jdbi.withHandle(
        h -> {
          if (!store.repositoryExists(h, repository)) {
            throw new RegistryException(
                ErrorCode.NAME_UNKNOWN, "repository " + repository + " not found");
          }
          return page(store.listTags(h, repository, last, limit + 1), limit);
        });
  }

  /**
   * Returns up to {@code limit} repository names after {@code last} for which {@code visible}
   * holds, reading the table in batches until the page is full.
   */
  Page repositories(Optional<String> last, int limit, Predicate<RepositoryName> visible) {
    List<String> names = new ArrayList<>();
    Optional<String> cursor = last;
    int batch = Math.max(limit + 1, 100);
    while (names.size() <= limit) {
      Optional<String> from = cursor;
      List<String> fetched = jdbi.withHandle(h -> store.listRepositories(h, from, batch));
      for (String name : fetched) {
        if (visible.test(RepositoryName.parse(name))) {
          names.add(name);
          if (names.size() > limit) {
            break;
          }
        }
      }
      if (fetched.size() < batch) {
        break;
      }
      cursor = Optional.of(fetched.get(fetched.size() - 1));
    }
    return page(names, limit);
  }

  private static Page page(List<String> fetched, int limit) {
    if (fetched.size() > limit) {
      return new Page(fetched.subList(0, limit), true);
    }
    return new Page(fetched, false);
  }
}
