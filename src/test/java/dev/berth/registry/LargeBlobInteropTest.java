package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.server.Berth;
import dev.berth.server.config.AuthConfig;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.HostPort;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes and pulls a blob larger than 4 GiB, so every size and offset on the way must be 64-bit.
 * Runs in the failsafe phase because it writes that much to disk.
 */
class LargeBlobInteropTest {

  private static final long SIZE = 4L * 1024 * 1024 * 1024 + 3 * 1024 * 1024 + 17;

  @TempDir Path dataDir;

  @Test
  void blobOver4GiB_pushesStreamedAndReadsBackAtHighOffsets() throws Exception {
    Digest digest = digestOf(new GeneratedContent(SIZE));
    HttpClient client = HttpClient.newHttpClient();

    try (Berth berth =
        Berth.start(BerthConfig.defaults(dataDir).withAuth(AuthConfig.disabled()).withListen(new HostPort("127.0.0.1", 0)))) {
      URI base = berth.baseUri();

      // Open a session, then stream the whole blob in one chunked PATCH.
      HttpResponse<Void> start =
          client.send(
              HttpRequest.newBuilder(base.resolve("/v2/big/blob/blobs/uploads/"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      assertThat(start.statusCode()).isEqualTo(202);
      String location = start.headers().firstValue("Location").orElseThrow();

      HttpResponse<Void> patch =
          client.send(
              HttpRequest.newBuilder(URI.create(location))
                  .method(
                      "PATCH",
                      HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedContent(SIZE)))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      assertThat(patch.statusCode()).isEqualTo(202);
      assertThat(patch.headers().firstValue("Range")).hasValue("0-" + (SIZE - 1));

      HttpResponse<Void> put =
          client.send(
              HttpRequest.newBuilder(URI.create(location + "?digest=" + digest))
                  .PUT(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      assertThat(put.statusCode()).isEqualTo(201);

      // HEAD reports the 64-bit length.
      URI blob = base.resolve("/v2/big/blob/blobs/" + digest);
      HttpResponse<Void> head =
          client.send(
              HttpRequest.newBuilder(blob).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
              HttpResponse.BodyHandlers.discarding());
      assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);

      // A range past 4 GiB returns the bytes the generator put there.
      long offset = 4L * 1024 * 1024 * 1024 + 12345;
      HttpResponse<byte[]> ranged =
          client.send(
              HttpRequest.newBuilder(blob)
                  .header("Range", "bytes=" + offset + "-" + (offset + 99))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(ranged.statusCode()).isEqualTo(206);
      assertThat(ranged.headers().firstValue("Content-Range"))
          .hasValue("bytes " + offset + "-" + (offset + 99) + "/" + SIZE);
      assertThat(ranged.body()).isEqualTo(expectedBytes(offset, 100));

      // The full GET hashes to the digest.
      HttpResponse<InputStream> full =
          client.send(HttpRequest.newBuilder(blob).build(), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(full.statusCode()).isEqualTo(200);
      try (InputStream body = full.body()) {
        assertThat(digestOf(body)).isEqualTo(digest);
      }
    }
  }

  private static byte[] expectedBytes(long offset, int length) throws IOException {
    try (GeneratedContent content = new GeneratedContent(SIZE)) {
      content.skipNBytes(offset);
      return content.readNBytes(length);
    }
  }

  private static Digest digestOf(InputStream in) throws IOException {
    MessageDigest hasher = DigestAlgorithm.SHA256.newHasher();
    byte[] buffer = new byte[1 << 20];
    int read;
    while ((read = in.read(buffer)) != -1) {
      hasher.update(buffer, 0, read);
    }
    in.close();
    return Digest.fromHasher(DigestAlgorithm.SHA256, hasher);
  }

  /**
   * Deterministic bytes of a given length: a seeded random 1 MiB block repeated, with each
   * block's index written into its first 8 bytes so no two blocks are equal.
   */
  private static final class GeneratedContent extends InputStream {
    private static final int BLOCK = 1 << 20;
    private static final byte[] PATTERN = new byte[BLOCK];

    static {
      new Random(42).nextBytes(PATTERN);
    }

    private final long size;
    private long position;

    GeneratedContent(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int off, int len) {
      if (position >= size) {
        return -1;
      }
      long block = position / BLOCK;
      int inBlock = (int) (position % BLOCK);
      int n = (int) Math.min(Math.min(len, BLOCK - inBlock), size - position);
      System.arraycopy(PATTERN, inBlock, target, off, n);
      for (int at = inBlock; at < 8 && at < inBlock + n; at++) {
        target[off + at - inBlock] = (byte) (block >>> (8 * at));
      }
      position += n;
      return n;
    }

    @Override
    public long skip(long n) {
      long skipped = Math.min(n, size - position);
      position += skipped;
      return skipped;
    }
  }
}
