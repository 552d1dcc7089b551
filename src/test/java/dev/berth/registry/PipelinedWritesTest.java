package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.Digest;
import dev.berth.storage.BlobWriter;
import dev.berth.storage.StoredBlob;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PipelinedWritesTest {

  @Test
  void write_manyChunks_inOrderReleasedOnce() throws Exception {
    RecordingWriter writer = new RecordingWriter(Integer.MAX_VALUE);
    AtomicInteger outstanding = new AtomicInteger();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    try (PipelinedWrites pipeline = new PipelinedWrites(writer)) {
      for (int i = 0; i < 10 * PipelinedWrites.DEPTH; i++) {
        byte[] bytes = ("chunk " + i + ";").getBytes();
        expected.write(bytes);
        pipeline.write(new CountedChunk(ByteBuffer.wrap(bytes), outstanding));
      }
      pipeline.finish();
    }

    assertThat(writer.written.toByteArray()).isEqualTo(expected.toByteArray());
    assertThat(outstanding).hasValue(0);
  }

  @Test
  void write_afterFailure_throwsAndReleases() throws Exception {
    RecordingWriter writer = new RecordingWriter(3);
    AtomicInteger outstanding = new AtomicInteger();
    PipelinedWrites pipeline = new PipelinedWrites(writer);

    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 10 * PipelinedWrites.DEPTH; i++) {
                pipeline.write(new CountedChunk(ByteBuffer.wrap(new byte[] {(byte) i}), outstanding));
              }
              pipeline.finish();
            })
        .isInstanceOf(IOException.class)
        .hasMessage("No space left on device");
    pipeline.close();

    assertThat(writer.written.size()).isEqualTo(3);
    assertThat(outstanding).hasValue(0);
  }

  @Test
  void closingWithoutFinishingStopsTheWriter() throws Exception {
    RecordingWriter writer = new RecordingWriter(Integer.MAX_VALUE);
    AtomicInteger outstanding = new AtomicInteger();
    PipelinedWrites pipeline = new PipelinedWrites(writer);
    pipeline.write(new CountedChunk(ByteBuffer.wrap(new byte[] {1}), outstanding));

    pipeline.close();

    assertThat(outstanding).hasValue(0);
  }

  /** A chunk that counts its retains and releases, as Jetty's reference count would. */
  private record CountedChunk(ByteBuffer buffer, AtomicInteger outstanding)
      implements UploadBody.Chunk {
    @Override
    public ByteBuffer bytes() {
      return buffer;
    }

    @Override
    public void retain() {
      outstanding.incrementAndGet();
    }

    @Override
    public void release() {
      assertThat(outstanding.decrementAndGet()).isNotNegative();
    }
  }

  /** Records written bytes and fails once {@code capacity} writes were taken. */
  private static final class RecordingWriter implements BlobWriter {
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final int capacity;
    private int writes;

    RecordingWriter(int capacity) {
      this.capacity = capacity;
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
      if (writes++ >= capacity) {
        throw new IOException("No space left on device");
      }
      byte[] copy = new byte[bytes.remaining()];
      bytes.get(copy);
      written.write(copy);
    }

    @Override
    public String uploadId() {
      return "u1";
    }

    @Override
    public long size() {
      return written.size();
    }

    @Override
    public InputStream readStaged() {
      throw new UnsupportedOperationException();
    }

    @Override
    public StoredBlob commit(Digest digest) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void cancel() {}

    @Override
    public void close() {}
  }
}
