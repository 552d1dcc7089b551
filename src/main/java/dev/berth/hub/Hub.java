package dev.berth.hub;

import dev.berth.audit.AuditActions;
import dev.berth.audit.AuditActor;
import dev.berth.audit.AuditEntry;
import dev.berth.audit.AuditLog;
import dev.berth.auth.RepositoryPermission;
import dev.berth.db.Database;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.registry.Registry;
import dev.berth.registry.RegistryListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub room, wired: repositories with descriptions and visibility, tags with their images,
 * stars, pull counts and search, each shown only as far as the {@link Viewer} may see. A private
 * repository the viewer may not pull is reported as not found, like a missing one. Build one per
 * process with {@link #create}, which also builds the registry so that the registry tells this hub
 * about every push, delete and pull. Thread-safe; {@link #close()} writes the pulls still in
 * memory.
 */
public final class Hub implements AutoCloseable {

  /** How often pulls counted in memory are written to the database. */
  public static final Duration FLUSH_INTERVAL = Duration.ofSeconds(5);

  /** The maximum length of a search term, which is also the maximum length of a repository name. */
  public static final int MAX_SEARCH_TERM = 255;

  private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
  private static final int BACKFILL_BATCH = 500;

  private final Jdbi jdbi;
  private final HubStore store;
  private final Clock clock;
  private final boolean defaultPrivate;
  private final PullCounter pulls;
  private final Registry registry;
  private final ScheduledExecutorService flusher;
  private final AuditLog audit;

  private Hub(
      Jdbi jdbi,
      HubStore store,
      Clock clock,
      boolean defaultPrivate,
      PullCounter pulls,
      Registry registry) {
    this.audit = new AuditLog(jdbi, clock);
    this.jdbi = jdbi;
    this.store = store;
    this.clock = clock;
    this.defaultPrivate = defaultPrivate;
    this.pulls = pulls;
    this.registry = registry;
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("hub-pulls").factory());
  }

  /**
   * Builds the hub and, through {@code registryFactory}, the registry it listens to. The factory
   * gets the hub's listener and must pass it (possibly combined with others) to the registry it
   * builds. Repositories that existed before the hub kept metadata get their hub rows now, and pull
   * counts start being written every {@link #FLUSH_INTERVAL}.
   *
   * @param defaultPrivate whether a repository created without a stated visibility is private
   */
  public static Hub create(
      Database database,
      Clock clock,
      boolean defaultPrivate,
      Function<RegistryListener, Registry> registryFactory) {
    HubStore store = new HubStore(database.dialect());
    PullCounter pulls = new PullCounter();
    LateRegistry late = new LateRegistry();
    ImageSummaries summaries = new ImageSummaries(late, store);
    Registry registry = registryFactory.apply(new HubListener(store, summaries, pulls));
    late.set(registry);
    Hub hub = new Hub(database.jdbi(), store, clock, defaultPrivate, pulls, registry);
    hub.backfill();
    long every = FLUSH_INTERVAL.toMillis();
    hub.flusher.scheduleWithFixedDelay(hub::flushQuietly, every, every, TimeUnit.MILLISECONDS);
    return hub;
  }

  /** Returns the storage each namespace uses, for administrators. */
  public StorageUsage storageUsage() {
    return new StorageUsage(jdbi);
  }

  /** Returns the registry this hub listens to. */
  public Registry registry() {
    return registry;
  }

  /**
   * Returns the repository a hub path names: {@code namespace/name}, or for {@code library/NAME}
   * the one-component repository {@code NAME} when only that one exists, since Docker Hub shows
   * {@code alpine} as {@code library/alpine}.
   *
   * @throws HubException INVALID when the namespace or name is malformed
   */
  public RepositoryName locate(String namespace, String name) {
    RepositoryName direct = RepositoryRules.nameOf(namespace, name);
    Optional<RepositoryName> alias = RepositoryRules.officialAlias(namespace, name);
    if (alias.isPresent()
        && registry.isPrivate(direct).isEmpty()
        && registry.isPrivate(alias.get()).isPresent()) {
      return alias.get();
    }
    return direct;
  }

  // Repositories.

  /**
   * Creates an empty repository, as Docker Hub does before the first push.
   *
   * @param isPrivate the visibility; empty for the configured default
   * @throws HubException INVALID for a description over its limit, UNAUTHORIZED for an anonymous
   *     viewer, DENIED when the viewer may not push there, CONFLICT when it exists
   */
  public RepositoryInfo create(
      Viewer viewer,
      RepositoryName name,
      String description,
      String fullDescription,
      Optional<Boolean> isPrivate) {
    RepositoryRules.checkDescription(description);
    RepositoryRules.checkFullDescription(fullDescription);
    Optional<RepositoryPermission> permission = viewer.permissionOn(name);
    if (permission.isEmpty() || permission.get() == RepositoryPermission.READ) {
      boolean exists = registry.isPrivate(name).isPresent();
      if (exists && permission.isPresent()) {
        throw conflict(name);
      }
      throw cannot(
          viewer,
          "create repository " + name,
          "you may not push to namespace "
              + RepositoryRules.ownerNamespace(name)
              + "; use your own namespace or ask an owner of that organization for access");
    }
    boolean visibility = isPrivate.orElse(defaultPrivate);
    long now = clock.millis();
    jdbi.useTransaction(
        h -> {
          if (!registry.createRepository(h, name, visibility, now)) {
            if (store.findRepository(h, name).isPresent()) {
              throw conflict(name);
            }
            // Blobs were uploaded but no manifest pushed yet: the repository becomes visible now.
            registry.setPrivate(h, name, visibility);
          }
          store.insertRepository(h, name, description, fullDescription, viewer.actor(), now);
          audit.record(
              h,
              repositoryEntry(AuditActions.REPOSITORY_CREATE, viewer, name)
                  .with("private", String.valueOf(visibility)));
        });
    return get(viewer, name);
  }

  /**
   * Returns one repository.
   *
   * @throws HubException NOT_FOUND when it does not exist or the viewer may not see it
   */
  public RepositoryInfo get(Viewer viewer, RepositoryName name) {
    RepositoryPermission permission = visible(viewer, name);
    // Reads run outside a transaction: SQLite's transactions here are BEGIN IMMEDIATE, which
    // would queue every page behind pushes. Only a repository without a hub row needs a write.
    Optional<RepositoryRow> found = jdbi.withHandle(h -> store.findRepository(h, name));
    RepositoryRow row =
        found.isPresent() ? found.get() : jdbi.inTransaction(h -> findOrAdd(h, name));
    return jdbi.withHandle(h -> infos(h, viewer, List.of(row), Optional.of(permission)).get(0));
  }

  /**
   * Returns one page of the repositories the viewer may see, all of them or those of {@code
   * namespace} (the first component of their names).
   */
  public Page<RepositoryInfo> list(
      Viewer viewer,
      Optional<String> namespace,
      RepositoryOrdering ordering,
      long offset,
      int limit) {
    return jdbi.withHandle(
        h -> {
          long count = store.countRepositories(h, viewer, namespace);
          List<RepositoryRow> rows =
              offset >= count
                  ? List.of()
                  : store.listRepositories(h, viewer, namespace, ordering, offset, limit);
          return new Page<>(count, infos(h, viewer, rows, Optional.empty()));
        });
  }

  /**
   * Changes the descriptions and the visibility that are present. Descriptions need {@code write}
   * on the repository, visibility needs {@code admin}.
   *
   * @throws HubException INVALID for a description over its limit, NOT_FOUND when the viewer may
   *     not see it, DENIED when the viewer's permission is too low
   */
  public RepositoryInfo update(
      Viewer viewer,
      RepositoryName name,
      Optional<String> description,
      Optional<String> fullDescription,
      Optional<Boolean> isPrivate) {
    description.ifPresent(RepositoryRules::checkDescription);
    fullDescription.ifPresent(RepositoryRules::checkFullDescription);
    RepositoryPermission permission = visible(viewer, name);
    if ((description.isPresent() || fullDescription.isPresent())
        && permission.compareTo(RepositoryPermission.WRITE) < 0) {
      throw cannot(viewer, "change the description of " + name, "it needs write permission");
    }
    if (isPrivate.isPresent() && permission != RepositoryPermission.ADMIN) {
      throw cannot(viewer, "change the visibility of " + name, "it needs admin permission");
    }
    long now = clock.millis();
    jdbi.useTransaction(
        h -> {
          findOrAdd(h, name);
          store.updateDescriptions(h, name, description, fullDescription, now);
          if (isPrivate.isPresent()) {
            registry.setPrivate(h, name, isPrivate.get());
          }
          AuditEntry entry = repositoryEntry(AuditActions.REPOSITORY_UPDATE, viewer, name);
          if (description.isPresent() || fullDescription.isPresent()) {
            entry = entry.with("descriptions_changed", "true");
          }
          if (isPrivate.isPresent()) {
            entry = entry.with("private", String.valueOf(isPrivate.get()));
          }
          audit.record(h, entry);
        });
    return get(viewer, name);
  }

  /**
   * Deletes a repository with its tags and manifests; blobs stay for garbage collection.
   *
   * @throws HubException NOT_FOUND when the viewer may not see it, DENIED without admin permission
   */
  public void delete(Viewer viewer, RepositoryName name) {
    RepositoryPermission permission = visible(viewer, name);
    if (permission != RepositoryPermission.ADMIN) {
      throw cannot(viewer, "delete " + name, "it needs admin permission");
    }
    if (!registry.deleteRepository(name, viewer.actor())) {
      throw notFound(name);
    }
    // NOTE: this event is recorded after the delete's own transaction, so a crash in between
    // loses it. The manifest.delete events of the same delete are recorded inside it.
    audit.record(repositoryEntry(AuditActions.REPOSITORY_DELETE, viewer, name));
  }

  private static AuditEntry repositoryEntry(String action, Viewer viewer, RepositoryName name) {
    AuditActor actor = viewer.actor().map(AuditActor::user).orElse(AuditActor.anonymous());
    return AuditEntry.of(action, actor, "repository", name.value())
        .inNamespace(RepositoryRules.ownerNamespace(name));
  }

  // Stars.

  /**
   * Stars a repository for the viewer; starring twice changes nothing.
   *
   * @throws HubException UNAUTHORIZED for anonymous viewers, DENIED for organization tokens,
   *     NOT_FOUND when the viewer may not see it
   */
  public void star(Viewer viewer, RepositoryName name) {
    String user = starrer(viewer);
    visible(viewer, name);
    long now = clock.millis();
    jdbi.useTransaction(
        h -> {
          findOrAdd(h, name);
          store.star(h, name, user, now);
        });
  }

  /** Removes the viewer's star; see {@link #star} for the errors. */
  public void unstar(Viewer viewer, RepositoryName name) {
    String user = starrer(viewer);
    visible(viewer, name);
    jdbi.useTransaction(h -> store.unstar(h, name, user));
  }

  // Tags.

  /**
   * Returns one page of a repository's tags.
   *
   * @throws HubException NOT_FOUND when the viewer may not see the repository
   */
  public Page<TagInfo> tags(
      Viewer viewer, RepositoryName name, TagOrdering ordering, long offset, int limit) {
    visible(viewer, name);
    return jdbi.withHandle(
        h -> {
          long count = store.countTags(h, name);
          List<TagRow> rows =
              offset >= count ? List.of() : store.listTags(h, name, ordering, offset, limit);
          return new Page<>(count, rows.stream().map(row -> tagInfo(name, row)).toList());
        });
  }

  /**
   * Returns one tag.
   *
   * @throws HubException NOT_FOUND when the tag does not exist or the viewer may not see the
   *     repository
   */
  public TagInfo tag(Viewer viewer, RepositoryName name, Tag tag) {
    visible(viewer, name);
    return jdbi.withHandle(h -> store.findTag(h, name, tag))
        .map(row -> tagInfo(name, row))
        .orElseThrow(
            () ->
                HubException.notFound(
                    "tag " + tag + " not found in repository " + name + "; list its tags first"));
  }

  // Search.

  /**
   * Returns one page of the repositories the viewer may see whose name or description contains
   * {@code term} (case-insensitive), ranked: exact name, then name prefix, then other name matches,
   * then description matches; ties go to more stars, then more pulls.
   *
   * @param minStars leave out repositories with fewer stars
   * @param ordering a sort order that replaces the ranking; empty to rank
   * @throws HubException INVALID when the term is longer than {@value #MAX_SEARCH_TERM} characters
   */
  public Page<RepositoryInfo> search(
      Viewer viewer,
      String term,
      long minStars,
      Optional<RepositoryOrdering> ordering,
      long offset,
      int limit) {
    if (term.length() > MAX_SEARCH_TERM) {
      throw HubException.invalid(
          "search term has " + term.length() + " characters; use at most " + MAX_SEARCH_TERM);
    }
    String normalized = term.trim().toLowerCase(Locale.ROOT);
    return jdbi.withHandle(
        h -> {
          long count = store.countSearch(h, viewer, normalized, minStars);
          List<RepositoryRow> rows =
              offset >= count
                  ? List.of()
                  : store.search(h, viewer, normalized, minStars, ordering, offset, limit);
          return new Page<>(count, infos(h, viewer, rows, Optional.empty()));
        });
  }

  // Pull counts.

  /** Writes the pulls counted in memory so far; called every few seconds and on close. */
  public void flushPulls() {
    PullCounter.Batch batch = pulls.drain();
    if (batch.isEmpty()) {
      return;
    }
    try {
      jdbi.useTransaction(
          h -> {
            batch
                .repositories()
                .forEach((name, p) -> store.addPulls(h, name, p.count.sum(), p.lastAt.get()));
            batch
                .tags()
                .forEach(
                    (key, at) -> store.recordTagPull(h, key.repository(), key.tag(), at.get()));
          });
    } catch (RuntimeException e) {
      pulls.restore(batch);
      throw e;
    }
  }

  private void flushQuietly() {
    try {
      flushPulls();
    } catch (RuntimeException e) {
      LOG.atWarn().setCause(e).log("failed to write pull counts; keeping them for the next try");
    }
  }

  /** Stops the periodic flush and writes the remaining pulls. */
  @Override
  public void close() {
    flusher.shutdownNow();
    try {
      flusher.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushQuietly();
  }

  // Helpers.

  /** Adds hub rows for repositories that have none, such as those pushed before the hub existed. */
  private void backfill() {
    int added = 0;
    while (true) {
      int batch =
          jdbi.inTransaction(
              h -> {
                List<RepositoryName> missing = store.repositoriesWithoutRow(h, BACKFILL_BATCH);
                for (RepositoryName name : missing) {
                  addRow(h, name);
                }
                return missing.size();
              });
      added += batch;
      if (batch < BACKFILL_BATCH) {
        break;
      }
    }
    if (added > 0) {
      LOG.atInfo().addKeyValue("count", added).log("added hub rows for existing repositories");
    }
  }

  private RepositoryRow findOrAdd(Handle h, RepositoryName name) {
    Optional<RepositoryRow> row = store.findRepository(h, name);
    if (row.isPresent()) {
      return row.get();
    }
    addRow(h, name);
    return store.findRepository(h, name).orElseThrow(() -> notFound(name));
  }

  private void addRow(Handle h, RepositoryName name) {
    Optional<Long> createdAt = store.registryCreatedAt(h, name);
    if (createdAt.isPresent()) {
      store.insertRepository(h, name, "", "", Optional.empty(), createdAt.get());
    }
  }

  private RepositoryPermission visible(Viewer viewer, RepositoryName name) {
    if (registry.isPrivate(name).isEmpty()) {
      throw notFound(name);
    }
    return viewer.permissionOn(name).orElseThrow(() -> notFound(name));
  }

  private List<RepositoryInfo> infos(
      Handle h, Viewer viewer, List<RepositoryRow> rows, Optional<RepositoryPermission> known) {
    List<RepositoryName> names = rows.stream().map(RepositoryRow::name).toList();
    Map<RepositoryName, Long> sizes = store.storageSizes(h, names);
    Set<RepositoryName> starred =
        viewer.starrer().map(user -> store.starred(h, user, names)).orElse(Set.of());
    return rows.stream()
        .map(
            row ->
                new RepositoryInfo(
                    row.name(),
                    row.description(),
                    row.fullDescription(),
                    row.isPrivate(),
                    row.starCount(),
                    row.pullCount(),
                    Instant.ofEpochMilli(row.updatedAt()),
                    row.lastPushedAt().map(Instant::ofEpochMilli),
                    row.lastPulledAt().map(Instant::ofEpochMilli),
                    Instant.ofEpochMilli(row.createdAt()),
                    row.createdBy(),
                    sizes.getOrDefault(row.name(), 0L),
                    known.orElseGet(() -> viewer.listedPermission(row.name())),
                    starred.contains(row.name())))
        .toList();
  }

  private static TagInfo tagInfo(RepositoryName repository, TagRow row) {
    ImageSummaries.Summary summary =
        row.fullSize().isPresent() && row.imagesJson().isPresent()
            ? new ImageSummaries.Summary(
                row.fullSize().get(), ImageSummaries.parse(row.imagesJson().get()))
            : ImageSummaries.fallback(row.digest(), row.manifestSize());
    return new TagInfo(
        repository,
        row.name(),
        row.digest(),
        row.mediaType(),
        row.artifactType(),
        summary.fullSize(),
        summary.images(),
        Instant.ofEpochMilli(row.pushedAt()),
        row.pusher(),
        row.lastPulledAt().map(Instant::ofEpochMilli));
  }

  private static String starrer(Viewer viewer) {
    if (viewer.starrer().isPresent()) {
      return viewer.starrer().get();
    }
    if (viewer.actor().isEmpty()) {
      throw new HubException(
          HubException.Kind.UNAUTHORIZED, "starring a repository requires signing in");
    }
    throw new HubException(
        HubException.Kind.DENIED,
        "only users star repositories; use a session or a personal access token");
  }

  private static HubException cannot(Viewer viewer, String action, String reason) {
    if (viewer.actor().isEmpty()) {
      return new HubException(HubException.Kind.UNAUTHORIZED, "you must sign in to " + action);
    }
    return new HubException(HubException.Kind.DENIED, "you may not " + action + ": " + reason);
  }

  private static HubException conflict(RepositoryName name) {
    return new HubException(
        HubException.Kind.CONFLICT,
        "repository " + name + " exists already; choose another name or update it instead");
  }

  private static HubException notFound(RepositoryName name) {
    return HubException.notFound(
        "repository "
            + name
            + " not found; check the name, or sign in with an account that may see it");
  }

  /** The registry, known only once the factory has built it; used only after that. */
  static final class LateRegistry {
    private volatile Registry registry;

    void set(Registry registry) {
      this.registry = registry;
    }

    Registry get() {
      Registry current = registry;
      if (current == null) {
        throw new IllegalStateException("the registry is used before Hub.create finished");
      }
      return current;
    }
  }
}
