package dev.berth.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one scenario in three phases: setup (push the images that pulls and catalog listing read),
 * planning (choose each request's kind and size and hash its blob), then the timed phase, where
 * {@code concurrency} workers take the planned requests in order until none are left.
 *
 * <p>Only the timed phase counts, and each worker pushes into its own repository, {@code
 * PREFIX/SLUG-wN}, with one tag per request. Blob content is new for every push of a run, so no
 * push is served by deduplication. Not thread-safe; run one scenario at a time.
 */
final class ScenarioRunner {

  /** The layer size of the images pushed for the catalog scenario, which reads only names. */
  static final long CATALOG_LAYER_BYTES = 1024;

  private final ImageClient client;
  private final String prefix;
  private final AtomicLong nextSeed;

  /**
   * @param prefix the namespace of every repository the run creates, such as {@code bench}
   * @param seed the seed of the first blob; each later blob uses the next one
   */
  ScenarioRunner(ImageClient client, String prefix, long seed) {
    this.client = client;
    this.prefix = prefix;
    this.nextSeed = new AtomicLong(seed);
  }

  /** A planned request: a catalog listing, a pull of a set-up image, or a push of a new blob. */
  private sealed interface Planned {}

  private record PlannedCatalog() implements Planned {}

  private record PlannedPull(PushedImage image) implements Planned {}

  private record PlannedPush(GeneratedBlob layer, boolean chunked) implements Planned {}

  /**
   * Runs {@code warmup} untimed requests, then {@code requests} timed ones, each phase with {@code
   * concurrency} workers.
   *
   * @throws BenchException when setup fails, since no request could then succeed
   */
  ScenarioResult run(Scenario scenario, int concurrency, int requests, int warmup)
      throws InterruptedException {
    if (concurrency < 1 || requests < 1 || warmup < 0) {
      throw new BenchException(
          "concurrency and requests must be >= 1 and warmup >= 0, got "
              + concurrency
              + ", "
              + requests
              + " and "
              + warmup);
    }
    Map<Long, PushedImage> sources = setUp(scenario, requests);
    SplittableRandom random = new SplittableRandom(nextSeed.get());

    if (warmup > 0) {
      execute(scenario, concurrency, plan(scenario, sources, warmup, random));
    }
    List<Planned> timed = plan(scenario, sources, requests, random);
    long start = System.nanoTime();
    List<Sample> samples = execute(scenario, concurrency, timed);
    long wall = System.nanoTime() - start;
    return ScenarioResult.of(scenario, concurrency, wall, samples);
  }

  private Map<Long, PushedImage> setUp(Scenario scenario, int requests) {
    Map<Long, PushedImage> sources = new HashMap<>();
    try {
      switch (scenario.kind()) {
        case CATALOG -> {
          // zb lists a catalog that contains one repository per request, and so does this runner.
          for (int i = 0; i < requests; i++) {
            String repository = prefix + "/catalog-" + i;
            client.push(repository, "latest", newBlob(CATALOG_LAYER_BYTES), false);
          }
        }
        case PULL, MIXED -> {
          for (long size : scenario.sizes().sizes()) {
            String tag = "source-" + Scenario.label(size).toLowerCase(java.util.Locale.ROOT);
            String repository = prefix + "/" + scenario.slug();
            sources.put(size, client.push(repository, tag, newBlob(size), false));
          }
        }
        case PUSH_MONOLITH, PUSH_CHUNKED -> {
          // Pushes need no images in place.
        }
      }
    } catch (RequestFailedException e) {
      throw new BenchException("setup of '" + scenario.name() + "' failed: " + e.getMessage(), e);
    }
    return sources;
  }

  private List<Planned> plan(
      Scenario scenario, Map<Long, PushedImage> sources, int count, SplittableRandom random) {
    List<Planned> planned = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long size = scenario.sizes().pick(random);
      boolean pull =
          switch (scenario.kind()) {
            case PULL -> true;
            case MIXED -> random.nextDouble() < scenario.pullShare();
            case CATALOG, PUSH_MONOLITH, PUSH_CHUNKED -> false;
          };
      if (scenario.kind() == Scenario.Kind.CATALOG) {
        planned.add(new PlannedCatalog());
      } else if (pull) {
        planned.add(new PlannedPull(sources.get(size)));
      } else {
        boolean chunked = scenario.kind() == Scenario.Kind.PUSH_CHUNKED;
        planned.add(new PlannedPush(newBlob(size), chunked));
      }
    }
    return planned;
  }

  private List<Sample> execute(Scenario scenario, int concurrency, List<Planned> planned)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    List<Sample> samples = Collections.synchronizedList(new ArrayList<>(planned.size()));
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      String repository = prefix + "/" + scenario.slug() + "-w" + w;
      Runnable work =
          () -> {
            for (int i = next.getAndIncrement(); i < planned.size(); i = next.getAndIncrement()) {
              samples.add(perform(planned.get(i), repository));
            }
          };
      workers.add(Thread.ofPlatform().name("bench-worker-" + w).start(work));
    }
    for (Thread worker : workers) {
      worker.join();
    }
    return List.copyOf(samples);
  }

  private Sample perform(Planned planned, String repository) {
    boolean pull = planned instanceof PlannedPull;
    List<String> scopes =
        switch (planned) {
          case PlannedCatalog c -> List.of(ImageClient.CATALOG_SCOPE);
          case PlannedPull p -> List.of(ImageClient.pullScope(p.image().repository()));
          case PlannedPush p -> List.of(ImageClient.pushScope(repository));
        };
    try {
      // A client has its token before a push or pull starts, so fetching or refreshing one
      // stays out of the measured time.
      client.authorize(scopes);
    } catch (RuntimeException e) {
      return Sample.failed(0, pull, e.getMessage());
    }

    long start = System.nanoTime();
    try {
      long bytes =
          switch (planned) {
            case PlannedCatalog c -> client.catalog();
            case PlannedPull p -> client.pull(p.image());
            // The blob seed is unique in the run, so every push adds a tag and moves none.
            case PlannedPush p ->
                client.push(repository, "r" + p.layer().seed(), p.layer(), p.chunked()).bytes();
          };
      return Sample.success(System.nanoTime() - start, bytes, pull);
    } catch (RequestFailedException | RuntimeException e) {
      return Sample.failed(System.nanoTime() - start, pull, e.getMessage());
    }
  }

  private GeneratedBlob newBlob(long size) {
    return GeneratedBlob.create(nextSeed.getAndIncrement(), size);
  }
}
