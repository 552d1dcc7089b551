package dev.berth.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

/**
 * A webhook receiver on 127.0.0.1 for tests. It records every POST and responds with the given
 * statuses, one per request, repeating the last one for every further request. Thread-safe.
 */
public final class WebhookReceiver implements AutoCloseable {

  /**
   * One request as received.
   *
   * @param path the request path with its query
   * @param headers header names in lower case, each with its first value
   * @param body the exact body bytes
   * @param status the status this receiver responded with
   */
  public record Received(String path, Map<String, String> headers, byte[] body, int status) {

    public String header(String name) {
      String value = headers.get(name.toLowerCase(Locale.ROOT));
      if (value == null) {
        throw new AssertionError("delivery has no header " + name + "; it has " + headers.keySet());
      }
      return value;
    }
  }

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private final List<Integer> statuses;
  private final Object lock = new Object();

  private WebhookReceiver(HttpServer server, List<Integer> statuses) {
    this.server = server;
    this.statuses = List.copyOf(statuses);
  }

  /** Starts a receiver on a free port that responds with {@code statuses} in turn. */
  public static WebhookReceiver start(Integer... statuses) throws IOException {
    return startOnPort(0, statuses);
  }

  /** Starts a receiver on {@code port} (0 for a free one) that responds with {@code statuses}. */
  public static WebhookReceiver startOnPort(int port, Integer... statuses) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    WebhookReceiver receiver =
        new WebhookReceiver(server, statuses.length == 0 ? List.of(200) : List.of(statuses));
    server.createContext("/", receiver::handle);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    return receiver;
  }

  private void handle(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    Map<String, String> headers = new TreeMap<>();
    exchange
        .getRequestHeaders()
        .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
    int status;
    synchronized (lock) {
      int index = Math.min(received.size(), statuses.size() - 1);
      status = statuses.get(index);
      received.add(new Received(exchange.getRequestURI().toString(), headers, body, status));
      lock.notifyAll();
    }
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  /** Returns the URL of {@code path} on this receiver, such as {@code http://127.0.0.1:1234/x}. */
  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Returns every request so far, in arrival order. */
  public List<Received> received() {
    return new ArrayList<>(received);
  }

  /**
   * Waits until {@code count} requests have arrived and returns them.
   *
   * @throws AssertionError when fewer arrive within {@code timeout}
   */
  public List<Received> await(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (received.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "receiver got " + received.size() + " requests, not " + count + ", in " + timeout);
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
    }
    return received();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
