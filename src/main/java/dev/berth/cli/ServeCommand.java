package dev.berth.cli;

import dev.berth.server.Berth;
import dev.berth.server.config.BerthConfig;
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
    BerthConfig config = BerthConfig.defaults();
    if (listen.isPresent()) {
      config = config.withListen(HostPort.parse(listen.get()));
    }
    if (data.isPresent()) {
      config = config.withDataDir(data.get());
    }

    Berth berth = Berth.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  berth.close();
                  stopped.countDown();
                },
                "berth-shutdown"));
    berth.join();
    stopped.await();
    return 0;
  }
}
