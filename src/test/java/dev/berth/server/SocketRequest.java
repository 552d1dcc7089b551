package dev.berth.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP/1.1 request written by hand on a plain socket, so that a test controls exactly how many
 * body bytes are on the wire when it kills or stops the server. {@link
 * java.net.http.HttpClient} holds back the last buffers of a streamed body, which makes such
 * counts unreliable. Not thread-safe.
 */
final class SocketRequest implements AutoCloseable {

  /** A parsed response; header names are lower case. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
  }

  private final Socket socket;
  private final OutputStream out;

  private SocketRequest(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
  }

  /**
   * Connects to {@code base} and writes the request line and headers; the caller sends the body
   * with {@link #send}. {@code Host} and {@code Connection: close} are added.
   */
  static SocketRequest open(
      URI base, String method, String pathAndQuery, Map<String, String> headers)
      throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
      socket.setTcpNoDelay(true);
      SocketRequest request = new SocketRequest(socket);
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n");
      head.append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
      head.append("Connection: close\r\n");
      headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
      head.append("\r\n");
      request.out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      request.out.flush();
      return request;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Writes {@code content[from, to)} and flushes it to the socket. */
  void send(byte[] content, int from, int to) throws IOException {
    out.write(content, from, to - from);
    out.flush();
  }

  /**
   * Reads the response status, headers and a body of {@code Content-Length} bytes.
   *
   * @throws java.net.SocketTimeoutException when nothing arrives within {@code timeout}
   * @throws IOException when the server closes the connection before a whole response
   */
  Response awaitResponse(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    InputStream in = socket.getInputStream();
    String statusLine = readLine(in);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.1 status line: '" + statusLine + "'");
    }
    int status = Integer.parseInt(parts[1]);

    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    if (body.length < length) {
      throw new IOException("response body ended after " + body.length + " of " + length + " bytes");
    }
    return new Response(status, headers, body);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("connection closed before the response was complete");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }
}
