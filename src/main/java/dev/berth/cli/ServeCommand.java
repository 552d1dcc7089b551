package dev.berth.cli;

import dev.berth.server.Berth;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.ConfigLoader;
import dev.berth.server.config.ConfigResult;
import dev.berth.server.config.HostPort;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth serve}: runs the registry until SIGTERM or SIGINT, then shuts down gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the Berth server.")
final class ServeCommand implements Callable<Integer> {

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description = "Address to listen on (default: 127.0.0.1:5000).")
  Optional<String> listen = Optional.empty();

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Directory for blobs, uploads and the SQLite database (default: ./data).")
  Optional<Path> data = Optional.empty();

  @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file.")
  Optional<Path> configFile = Optional.empty();

  @Override
  public Integer call() throws Exception {
    ConfigResult loaded = new ConfigLoader().load(configFile, System.getenv());
    if (loaded instanceof ConfigResult.Invalid invalid) {
      invalid.problems().forEach(System.err::println);
      System.err.println("berth: configuration is invalid; fix the values above and start again");
      return ConfigCommand.INVALID;
    }
    BerthConfig config = ((ConfigResult.Valid) loaded).config();
    if (listen.isPresent()) {
      try {
        config = config.withListen(HostPort.parse(listen.get()));
      } catch (IllegalArgumentException e) {
        System.err.println("--listen: " + e.getMessage());
        return ConfigCommand.INVALID;
      }
    }
    if (data.isPresent()) {
      config = config.withDataDir(data.get());
    }

    Berth berth;
    try {
      berth = Berth.start(config);
    } catch (Exception e) {
      if (hasCause(e, java.net.BindException.class)) {
        System.err.println(
            "berth: cannot listen on "
                + config.listen()
                + ": the address is in use or not available; stop the other process or choose"
                + " another address with --listen");
        return ConfigCommand.INVALID;
      }
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runnable stop =
        () -> {
          berth.close();
          stopped.countDown();
        };

    // SIGTERM and SIGINT stop Berth here instead of through a JVM shutdown hook, because a JVM
    // that a signal shuts down exits with 128 + the signal number, which service managers read
    // as a failure. The hook remains for other ways the JVM may end.
    for (String name : new String[] {"TERM", "INT"}) {
      sun.misc.Signal.handle(
          new sun.misc.Signal(name), signal -> Thread.ofPlatform().name("berth-stop").start(stop));
    }
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "berth-shutdown"));
    stopped.await();
    return 0;
  }

  private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
