package dev.berth.interop;

import dev.berth.testing.Processes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A network namespace joined to this host by a veth pair, so a client inside it reaches a server
 * of this test at a non-loopback address. Docker treats every loopback registry as insecure and
 * skips certificate checks for it, so only such an address shows real TLS verification.
 */
final class TestNetwork implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String namespace;
  private final String hostInterface;
  private final String hostAddress;

  private TestNetwork(String namespace, String hostInterface, String hostAddress) {
    this.namespace = namespace;
    this.hostInterface = hostInterface;
    this.hostAddress = hostAddress;
  }

  /** Creates the namespace and a /30 link in 10.231.0.0/16 with a random subnet. */
  static TestNetwork create() {
    int id = ThreadLocalRandom.current().nextInt(1, 16_000);
    String namespace = "berth-test-" + id;
    String hostInterface = "bth" + id;
    String peerInterface = "btp" + id;
    int base = id * 4;
    String subnet = "10.231." + (base / 256) + ".";
    String hostAddress = subnet + (base % 256 + 1);
    String peerAddress = subnet + (base % 256 + 2);

    TestNetwork network = new TestNetwork(namespace, hostInterface, hostAddress);
    try {
      ip("netns", "add", namespace);
      ip("link", "add", hostInterface, "type", "veth", "peer", "name", peerInterface);
      ip("link", "set", peerInterface, "netns", namespace);
      ip("addr", "add", hostAddress + "/30", "dev", hostInterface);
      ip("link", "set", hostInterface, "up");
      ip("netns", "exec", namespace, "ip", "addr", "add", peerAddress + "/30", "dev", peerInterface);
      ip("netns", "exec", namespace, "ip", "link", "set", peerInterface, "up");
      ip("netns", "exec", namespace, "ip", "link", "set", "lo", "up");
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
    return network;
  }

  /** Returns the namespace's name, for {@code ip netns exec}. */
  String namespace() {
    return namespace;
  }

  /**
   * Returns the command prefix that runs a program in the namespace. It uses nsenter rather than
   * {@code ip netns exec}, which remounts /sys and so hides the cgroup mounts dockerd needs.
   */
  List<String> launcher() {
    return List.of("nsenter", "--net=/run/netns/" + namespace, "--");
  }

  /** Returns this host's address on the link, where servers of the test listen. */
  String hostAddress() {
    return hostAddress;
  }

  /** Runs {@code command} inside the namespace and fails the test if it exits non-zero. */
  Processes.Result exec(Duration timeout, Map<String, String> env, String... command) {
    return Processes.run(timeout, env, inNamespace(command));
  }

  /** Like {@link #exec}, but returns the result whatever the exit code. */
  Processes.Result execAllowingFailure(
      Duration timeout, Map<String, String> env, String... command) {
    return Processes.runAllowingFailure(timeout, env, inNamespace(command));
  }

  private List<String> inNamespace(String... command) {
    List<String> full = new ArrayList<>(launcher());
    full.addAll(List.of(command));
    return full;
  }

  /** Deletes the veth pair (both ends go with one) and the namespace. */
  @Override
  public void close() {
    Processes.runAllowingFailure(TIMEOUT, Map.of(), List.of("ip", "link", "del", hostInterface));
    Processes.runAllowingFailure(TIMEOUT, Map.of(), List.of("ip", "netns", "del", namespace));
  }

  private static void ip(String... args) {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    Processes.run(TIMEOUT, Map.of(), command);
  }
}
