package dev.berth.webhooks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Posts one delivery over HTTP/1.1 to addresses the {@link UrlGuard} already checked, so no second
 * DNS lookup can lead the connection elsewhere. HTTPS verifies the certificate against the URL's
 * host name. Redirects are not followed: a 3xx counts as a failed attempt. Only the status line and
 * headers are read, at most {@value #MAX_RESPONSE_HEAD_BYTES} bytes, and the whole exchange must
 * finish within the read timeout. Thread-safe.
 */
final class DeliveryClient {

  static final int MAX_RESPONSE_HEAD_BYTES = 16 * 1024;

  /**
   * At most this many addresses of one host are tried, so one attempt takes at most 4 connect
   * timeouts plus the read timeout, well inside a job's lease.
   */
  static final int MAX_ADDRESSES = 4;

  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final SSLSocketFactory tls;

  /** Builds a client that trusts the JDK's default certificate authorities. */
  DeliveryClient(Duration connectTimeout, Duration readTimeout) {
    this(connectTimeout, readTimeout, (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  /** Builds a client that opens HTTPS connections with {@code tls}, such as a test's trust. */
  DeliveryClient(Duration connectTimeout, Duration readTimeout, SSLSocketFactory tls) {
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.tls = tls;
  }

  /**
   * Sends {@code body} to {@code url}, connecting to the first of {@code addresses} that accepts,
   * and returns the response status code.
   *
   * @param headers extra request headers, such as the signature
   * @throws IOException when no address accepts, TLS fails, the response is malformed or the time
   *     runs out; the message is safe to store and show
   */
  int post(URI url, List<InetAddress> addresses, Map<String, String> headers, byte[] body)
      throws IOException {
    long deadline = System.nanoTime() + readTimeout.toNanos();
    try (Socket socket = connect(url, addresses)) {
      OutputStream out = socket.getOutputStream();
      out.write(requestHead(url, headers, body.length).getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      return readStatus(socket, deadline);
    }
  }

  private Socket connect(URI url, List<InetAddress> addresses) throws IOException {
    boolean https = url.getScheme().equalsIgnoreCase("https");
    int port = url.getPort() > 0 ? url.getPort() : (https ? 443 : 80);
    IOException last = null;
    for (InetAddress address : addresses.subList(0, Math.min(addresses.size(), MAX_ADDRESSES))) {
      Socket socket = new Socket();
      try {
        socket.connect(new InetSocketAddress(address, port), (int) connectTimeout.toMillis());
        socket.setSoTimeout((int) readTimeout.toMillis());
        return https ? startTls(socket, UrlGuard.normalizeHost(url.getHost()), port) : socket;
      } catch (IOException e) {
        socket.close();
        last =
            new IOException(
                "connection to "
                    + address.getHostAddress()
                    + ":"
                    + port
                    + " failed: "
                    + e.getMessage(),
                e);
      }
    }
    throw last == null ? new IOException("host has no addresses") : last;
  }

  private Socket startTls(Socket plain, String host, int port) throws IOException {
    SSLSocket socket = (SSLSocket) tls.createSocket(plain, host, port, true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return socket;
  }

  private static String requestHead(URI url, Map<String, String> headers, int length) {
    String target = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (url.getRawQuery() != null) {
      target += "?" + url.getRawQuery();
    }
    StringBuilder head = new StringBuilder();
    head.append("POST ").append(target).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(url.getRawAuthority()).append("\r\n");
    head.append("User-Agent: Berth-Webhooks/1\r\n");
    head.append("Content-Length: ").append(length).append("\r\n");
    head.append("Connection: close\r\n");
    for (Map.Entry<String, String> header : headers.entrySet()) {
      head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    return head.append("\r\n").toString();
  }

  /** Reads the response head and returns its status code; the body is not read. */
  private int readStatus(Socket socket, long deadline) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new SocketTimeoutException("no complete response within " + readTimeout);
      }
      socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(left).toMillis()));
      int b;
      try {
        b = in.read();
      } catch (SocketTimeoutException e) {
        throw new SocketTimeoutException("no complete response within " + readTimeout);
      }
      if (b < 0) {
        if (head.size() > 0 && statusLineComplete(head)) {
          break;
        }
        throw new IOException("connection closed before a complete response head");
      }
      head.write(b);
      if (head.size() > MAX_RESPONSE_HEAD_BYTES) {
        throw new IOException("response head is over " + MAX_RESPONSE_HEAD_BYTES + " bytes");
      }
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    String statusLine = text.split("\r\n", 2)[0];
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
      throw new IOException("malformed HTTP status line from the receiver");
    }
    return Integer.parseInt(parts[1]);
  }

  private static boolean statusLineComplete(ByteArrayOutputStream head) {
    return head.toString(StandardCharsets.ISO_8859_1).contains("\r\n");
  }
}
