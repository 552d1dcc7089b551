package dev.berth.registry;

import static dev.berth.registry.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.db.Dialect;
import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code HEAD}, {@code GET} with and without {@code Range}, and {@code DELETE} of blobs. */
@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlobReadTest {

  private static final List<String> ENTITY_HEADERS =
      List.of("Content-Length", "Content-Type", "Docker-Content-Digest", "ETag", "Accept-Ranges");

  @Parameter Dialect dialect;

  private final AtomicInteger repositories = new AtomicInteger();
  private TestBerth berth;

  @BeforeParameterizedClassInvocation
  void start() throws Exception {
    berth = TestBerth.start(dialect);
  }

  @AfterParameterizedClassInvocation
  void stop() throws Exception {
    berth.close();
  }

  private String newRepository() {
    return "read/repo" + repositories.incrementAndGet();
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  @Test
  void get_pushedBlob_returnsBytesAndHeaders() {
    String repository = newRepository();
    byte[] content = randomBytes(1000, 1);
    Digest digest = berth.pushBlob(repository, content);

    HttpResponse<byte[]> response = berth.get("/v2/" + repository + "/blobs/" + digest);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(content);
    assertThat(response.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
    assertThat(response.headers().firstValue("Content-Length")).hasValue("1000");
  }

  @Test
  void head_pushedBlob_sendsSameHeadersAsGetWithoutBody() {
    String repository = newRepository();
    byte[] content = randomBytes(4321, 2);
    Digest digest = berth.pushBlob(repository, content);

    HttpResponse<byte[]> get = berth.get("/v2/" + repository + "/blobs/" + digest);
    HttpResponse<byte[]> head = berth.head("/v2/" + repository + "/blobs/" + digest);

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length")).hasValue("4321");
    assertThat(head.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
    for (String name : ENTITY_HEADERS) {
      assertThat(head.headers().allValues(name))
          .as("header %s", name)
          .isEqualTo(get.headers().allValues(name));
    }
  }

  @Test
  void get_rangeOfFirstBytes_returnsPartialContent() {
    String repository = newRepository();
    byte[] content = randomBytes(100, 3);
    Digest digest = berth.pushBlob(repository, content);

    HttpResponse<byte[]> response =
        berth.get("/v2/" + repository + "/blobs/" + digest, "Range", "bytes=0-9");

    assertThat(response.statusCode()).isEqualTo(206);
    assertThat(response.body()).isEqualTo(Arrays.copyOfRange(content, 0, 10));
    assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 0-9/100");
    assertThat(response.headers().firstValue("Content-Length")).hasValue("10");
    assertThat(response.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
  }

  @Test
  void get_rangeOfOneByte_returnsThatByte() {
    String repository = newRepository();
    byte[] content = randomBytes(100, 4);
    Digest digest = berth.pushBlob(repository, content);

    HttpResponse<byte[]> response =
        berth.get("/v2/" + repository + "/blobs/" + digest, "Range", "bytes=42-42");

    assertThat(response.statusCode()).isEqualTo(206);
    assertThat(response.body()).containsExactly(content[42]);
    assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 42-42/100");
  }

  @Test
  void get_openEndedRange_returnsRest() {
    String repository = newRepository();
    byte[] content = randomBytes(100, 5);
    Digest digest = berth.pushBlob(repository, content);

    HttpResponse<byte[]> response =
        berth.get("/v2/" + repository + "/blobs/" + digest, "Range", "bytes=90-");

    assertThat(response.statusCode()).isEqualTo(206);
    assertThat(response.body()).isEqualTo(Arrays.copyOfRange(content, 90, 100));
    assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 90-99/100");
    assertThat(response.headers().firstValue("Content-Length")).hasValue("10");
  }

  @Test
  void get_suffixRange_returnsLastBytes() {
    String repository = newRepository();
    byte[] content = randomBytes(100, 6);
    Digest digest = berth.pushBlob(repository, content);

    HttpResponse<byte[]> response =
        berth.get("/v2/" + repository + "/blobs/" + digest, "Range", "bytes=-7");

    assertThat(response.statusCode()).isEqualTo(206);
    assertThat(response.body()).isEqualTo(Arrays.copyOfRange(content, 93, 100));
    assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 93-99/100");
    assertThat(response.headers().firstValue("Content-Length")).hasValue("7");
  }

  @Test
  void get_suffixLongerThanBlob_returnsWholeBlobAsPartial() {
    String repository = newRepository();
    byte[] content = randomBytes(100, 7);
    Digest digest = berth.pushBlob(repository, content);

    HttpResponse<byte[]> response =
        berth.get("/v2/" + repository + "/blobs/" + digest, "Range", "bytes=-500");

    assertThat(response.statusCode()).isEqualTo(206);
    assertThat(response.body()).isEqualTo(content);
    assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 0-99/100");
  }

  @Test
  void get_rangeEndPastSize_isShortenedToBlob() {
    String repository = newRepository();
    byte[] content = randomBytes(100, 8);
    Digest digest = berth.pushBlob(repository, content);

    HttpResponse<byte[]> response =
        berth.get("/v2/" + repository + "/blobs/" + digest, "Range", "bytes=50-5000");

    assertThat(response.statusCode()).isEqualTo(206);
    assertThat(response.body()).isEqualTo(Arrays.copyOfRange(content, 50, 100));
    assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 50-99/100");
  }

  @Test
  void get_rangeStartingAtSize_returns416WithSize() {
    String repository = newRepository();
    Digest digest = berth.pushBlob(repository, randomBytes(100, 9));

    HttpResponse<byte[]> response =
        berth.get("/v2/" + repository + "/blobs/" + digest, "Range", "bytes=100-");

    assertThat(response.statusCode()).isEqualTo(416);
    assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes */100");
    assertThat(TestBerth.text(response)).doesNotContain(new String(randomBytes(100, 9)));
  }

  @Test
  void get_rangeFarPastSize_returns416() {
    String repository = newRepository();
    Digest digest = berth.pushBlob(repository, randomBytes(100, 10));

    HttpResponse<byte[]> response =
        berth.get("/v2/" + repository + "/blobs/" + digest, "Range", "bytes=1000-2000");

    assertThat(response.statusCode()).isEqualTo(416);
    assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes */100");
    ErrorBodies.firstError(response);
  }

  @Test
  void get_zeroSuffixRange_returns416() {
    String repository = newRepository();
    Digest digest = berth.pushBlob(repository, randomBytes(100, 11));

    HttpResponse<byte[]> response =
        berth.get("/v2/" + repository + "/blobs/" + digest, "Range", "bytes=-0");

    assertThat(response.statusCode()).isEqualTo(416);
    assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes */100");
  }

  @Test
  void get_rangeOfEmptyBlob_returns416WithZeroSize() {
    String repository = newRepository();
    Digest digest = berth.pushBlob(repository, new byte[0]);

    HttpResponse<byte[]> response =
        berth.get("/v2/" + repository + "/blobs/" + digest, "Range", "bytes=0-");

    assertThat(response.statusCode()).isEqualTo(416);
    assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes */0");
  }

  @Test
  void get_severalRanges_servesWholeBlob() {
    String repository = newRepository();
    byte[] content = randomBytes(100, 12);
    Digest digest = berth.pushBlob(repository, content);

    HttpResponse<byte[]> response =
        berth.get("/v2/" + repository + "/blobs/" + digest, "Range", "bytes=0-1,5-6");

    // RFC 9110 lets a server ignore Range; Berth serves multi-range requests whole.
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(content);
    assertThat(response.headers().firstValue("Content-Range")).isEmpty();
  }

  @Test
  void head_withRange_sendsSameHeadersAsGet() {
    String repository = newRepository();
    Digest digest = berth.pushBlob(repository, randomBytes(100, 13));
    String path = "/v2/" + repository + "/blobs/" + digest;

    HttpResponse<byte[]> get = berth.get(path, "Range", "bytes=10-19");
    HttpResponse<byte[]> head = berth.head(path, "Range", "bytes=10-19");

    assertThat(head.statusCode()).isEqualTo(get.statusCode()).isEqualTo(206);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Range")).hasValue("bytes 10-19/100");
    assertThat(head.headers().firstValue("Content-Length")).hasValue("10");
  }

  @Test
  void get_largeBlob_returnsEveryByteAndRangeAcrossChunks() {
    String repository = newRepository();
    byte[] content = randomBytes(3 * 1024 * 1024 + 17, 14);
    Digest digest = berth.pushBlob(repository, content);
    String path = "/v2/" + repository + "/blobs/" + digest;

    HttpResponse<byte[]> whole = berth.get(path);
    HttpResponse<byte[]> range = berth.get(path, "Range", "bytes=131000-400000");

    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(Digest.sha256(whole.body())).isEqualTo(digest);
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.body()).isEqualTo(Arrays.copyOfRange(content, 131000, 400001));
  }

  @Test
  void get_emptyBlob_returnsZeroLength() {
    String repository = newRepository();
    Digest digest = berth.pushBlob(repository, new byte[0]);

    HttpResponse<byte[]> response = berth.get("/v2/" + repository + "/blobs/" + digest);

    assertThat(digest.toString())
        .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(response.headers().firstValue("Content-Length")).hasValue("0");
    assertThat(response.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
  }

  @Test
  void get_sha512Blob_returnsBytesUnderSha512Digest() {
    String repository = newRepository();
    byte[] content = randomBytes(300, 15);
    Digest digest = berth.pushBlob(repository, content, DigestAlgorithm.SHA512);

    HttpResponse<byte[]> response = berth.get("/v2/" + repository + "/blobs/" + digest);
    HttpResponse<byte[]> bySha256 =
        berth.head("/v2/" + repository + "/blobs/" + Digest.sha256(content));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(content);
    assertThat(response.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
    assertThat(bySha256.statusCode()).isEqualTo(404);
  }

  @Test
  void get_unknownBlob_returnsBlobUnknownNamingDigest() {
    String repository = newRepository();
    berth.pushBlob(repository, randomBytes(10, 16));
    Digest missing = Digest.sha256(randomBytes(10, 17));

    HttpResponse<byte[]> response = berth.get("/v2/" + repository + "/blobs/" + missing);

    assertError(response, 404, "BLOB_UNKNOWN", missing.toString());
  }

  @Test
  void head_unknownBlob_returns404WithoutBody() {
    Digest missing = Digest.sha256(randomBytes(10, 18));

    HttpResponse<byte[]> response = berth.head("/v2/" + newRepository() + "/blobs/" + missing);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEmpty();
    assertThat(response.headers().firstValue("Docker-Content-Digest")).isEmpty();
  }

  @Test
  void get_blobOfAnotherRepository_returnsBlobUnknown() {
    String owner = newRepository();
    String other = newRepository();
    Digest digest = berth.pushBlob(owner, randomBytes(50, 19));
    berth.pushBlob(other, randomBytes(50, 20));

    HttpResponse<byte[]> response = berth.get("/v2/" + other + "/blobs/" + digest);

    assertError(response, 404, "BLOB_UNKNOWN", digest.toString(), other);
  }

  @Test
  void get_malformedDigest_returnsDigestInvalid() {
    String repository = newRepository();

    HttpResponse<byte[]> shortHex = berth.get("/v2/" + repository + "/blobs/sha256:abc");
    HttpResponse<byte[]> upperHex =
        berth.get("/v2/" + repository + "/blobs/sha256:" + "A".repeat(64));
    HttpResponse<byte[]> md5 =
        berth.get("/v2/" + repository + "/blobs/md5:d41d8cd98f00b204e9800998ecf8427e");

    assertError(shortHex, 400, "DIGEST_INVALID", "sha256:abc");
    assertError(upperHex, 400, "DIGEST_INVALID", "A".repeat(64));
    assertError(md5, 400, "DIGEST_INVALID", "md5");
  }

  @Test
  void delete_blob_returns202ThenBlobUnknown() {
    String repository = newRepository();
    Digest digest = berth.pushBlob(repository, randomBytes(64, 21));
    String path = "/v2/" + repository + "/blobs/" + digest;

    HttpResponse<byte[]> deleted = berth.delete(path);
    HttpResponse<byte[]> get = berth.get(path);
    HttpResponse<byte[]> head = berth.head(path);
    HttpResponse<byte[]> deletedAgain = berth.delete(path);

    assertThat(deleted.statusCode()).isEqualTo(202);
    assertError(get, 404, "BLOB_UNKNOWN", digest.toString());
    assertThat(head.statusCode()).isEqualTo(404);
    assertError(deletedAgain, 404, "BLOB_UNKNOWN", digest.toString());
  }

  @Test
  void delete_blobInOneRepository_keepsItInOthers() {
    String first = newRepository();
    String second = newRepository();
    byte[] content = randomBytes(64, 22);
    Digest digest = berth.pushBlob(first, content);
    berth.pushBlob(second, content);

    HttpResponse<byte[]> deleted = berth.delete("/v2/" + first + "/blobs/" + digest);
    HttpResponse<byte[]> other = berth.get("/v2/" + second + "/blobs/" + digest);

    assertThat(deleted.statusCode()).isEqualTo(202);
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(other.body()).isEqualTo(content);
  }

  @Test
  void post_onBlob_returns405() {
    String repository = newRepository();
    Digest digest = berth.pushBlob(repository, randomBytes(8, 23));

    HttpResponse<byte[]> response =
        berth.post("/v2/" + repository + "/blobs/" + digest, new byte[0]);

    assertError(response, 405, "UNSUPPORTED", "POST");
    HttpHeaders headers = response.headers();
    assertThat(headers.firstValue("Allow")).hasValue("GET, HEAD, DELETE");
  }
}
