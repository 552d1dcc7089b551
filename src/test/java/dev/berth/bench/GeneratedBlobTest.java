package dev.berth.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeneratedBlobTest {

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 7, 8, 9, 65_535, 65_536, 200_003})
  void digest_matchesStreamedBytes(long size) throws IOException {
    GeneratedBlob blob = GeneratedBlob.create(42, size);

    byte[] bytes = readAll(blob.open());

    assertThat(bytes).hasSize((int) size);
    assertThat(blob.digest()).isEqualTo(Digest.sha256(bytes));
  }

  @Test
  void sameSeed_givesSameContent() throws IOException {
    assertThat(readAll(GeneratedBlob.create(5, 1000).open()))
        .isEqualTo(readAll(GeneratedBlob.create(5, 1000).open()));
  }

  @Test
  void differentSeeds_giveDifferentDigests() {
    assertThat(GeneratedBlob.create(1, 4096).digest())
        .isNotEqualTo(GeneratedBlob.create(2, 4096).digest());
  }

  @Test
  void singleByteReads_matchBulkReads() throws IOException {
    GeneratedBlob blob = GeneratedBlob.create(9, 1001);
    ByteArrayOutputStream single = new ByteArrayOutputStream();
    try (InputStream in = blob.open()) {
      for (int b = in.read(); b >= 0; b = in.read()) {
        single.write(b);
      }
    }

    assertThat(single.toByteArray()).isEqualTo(readAll(blob.open()));
  }

  @Test
  void boundedStream_splitsContentIntoChunks() throws IOException {
    GeneratedBlob blob = GeneratedBlob.create(3, 10_000);
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    try (InputStream in = blob.open()) {
      for (long offset = 0; offset < blob.size(); offset += 3000) {
        long length = Math.min(3000, blob.size() - offset);
        byte[] chunk = readAll(new BoundedInputStream(in, length));
        assertThat(chunk).as("chunk at %d", offset).hasSize((int) length);
        joined.write(chunk);
      }
    }

    assertThat(Digest.sha256(joined.toByteArray())).isEqualTo(blob.digest());
  }

  @Test
  void negativeSize_isRejected() {
    assertThatThrownBy(() -> GeneratedBlob.create(1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }
}
