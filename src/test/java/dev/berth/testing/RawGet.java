package dev.berth.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 GET over a plain socket, for request targets that {@link java.net.http.HttpClient}
 * rejects before sending, such as a query with invalid percent-encoding ({@code ?page=%ZZ}).
 */
public final class RawGet {

  private static final int READ_TIMEOUT_MILLIS = 10_000;

  /** The status code and the body, decoded as UTF-8. */
  public record Response(int status, String body) {}

  private RawGet() {}

  /** Sends {@code GET target} to the host and port of {@code base} and reads the whole response. */
  public static Response get(URI base, String target, String... headerLines) throws IOException {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      StringBuilder head = new StringBuilder();
      head.append("GET ").append(target).append(" HTTP/1.1\r\n");
      head.append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
      head.append("Connection: close\r\n");
      for (String line : headerLines) {
        head.append(line).append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();

      InputStream in = socket.getInputStream();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(text.substring(9, 12));
      int bodyStart = text.indexOf("\r\n\r\n");
      String body = bodyStart < 0 ? "" : text.substring(bodyStart + 4);
      return new Response(status, body);
    }
  }
}
