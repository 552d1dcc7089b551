package dev.berth.registry;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket, for requests {@link java.net.http.HttpClient} cannot express: a
 * body sent only after {@code 100 Continue}, a hand-written {@code Transfer-Encoding: chunked}
 * body, or a path the client would normalise. One request per connection.
 */
final class RawHttp implements AutoCloseable {

  private static final int READ_TIMEOUT_MILLIS = 10_000;

  /** A parsed response: status, headers with lower-case names, and the body. */
  record Response(int status, String statusLine, Map<String, String> headers, byte[] body) {
    Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return statusLine + " " + headers + " " + bodyText();
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String hostHeader;

  private RawHttp(Socket socket, String hostHeader) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    this.hostHeader = hostHeader;
  }

  /** Opens a connection to the host and port of {@code base}. */
  static RawHttp connect(URI base) throws IOException {
    Socket socket = new Socket(base.getHost(), base.getPort());
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    return new RawHttp(socket, base.getHost() + ":" + base.getPort());
  }

  /**
   * Writes the request line, {@code Host} unless {@code headerLines} has one, the given header
   * lines and the blank line that ends the head; no body.
   */
  void writeHead(String method, String target, String... headerLines) throws IOException {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    boolean hasHost = false;
    for (String line : headerLines) {
      hasHost |= line.regionMatches(true, 0, "Host:", 0, 5);
    }
    if (!hasHost) {
      head.append("Host: ").append(hostHeader).append("\r\n");
    }
    for (String line : headerLines) {
      head.append(line).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  void writeBody(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Writes {@code bytes} as one chunk of a chunked body; an empty array ends the body. */
  void writeChunk(byte[] bytes) throws IOException {
    out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Sends a whole request with a {@code Content-Length} body and reads the final response. */
  Response exchange(String method, String target, byte[] body, String... headerLines)
      throws IOException {
    String[] lines = new String[headerLines.length + 1];
    System.arraycopy(headerLines, 0, lines, 0, headerLines.length);
    lines[headerLines.length] = "Content-Length: " + body.length;
    writeHead(method, target, lines);
    writeBody(body);
    return readResponse(method.equals("HEAD"));
  }

  /**
   * Reads one response, interim ({@code 1xx}) or final. The body is read by {@code
   * Content-Length} or chunked encoding; interim responses and HEAD responses have none.
   */
  Response readResponse(boolean head) throws IOException {
    String statusLine = readLine();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x status line: '" + statusLine + "'");
    }
    int status = Integer.parseInt(parts[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      headers.merge(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim(),
          (a, b) -> a + ", " + b);
    }
    byte[] body = new byte[0];
    if (status >= 200 && !head && status != 204 && status != 304) {
      body = readBody(headers);
    }
    return new Response(status, statusLine, headers, body);
  }

  private byte[] readBody(Map<String, String> headers) throws IOException {
    String length = headers.get("content-length");
    if (length != null) {
      return in.readNBytes(Integer.parseInt(length));
    }
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String sizeLine = readLine();
        int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
        if (size == 0) {
          while (!readLine().isEmpty()) {
            // Trailer fields are not used by the registry API.
          }
          return body.toByteArray();
        }
        body.write(in.readNBytes(size));
        readLine();
      }
    }
    return in.readAllBytes();
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed after '" + line + "'");
      }
      if (previous == '\r' && b == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
      previous = b;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
