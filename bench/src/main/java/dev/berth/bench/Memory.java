package dev.berth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** Resident memory of a process, read from {@code /proc/PID/status} (VmRSS). */
final class Memory {

  private static final long SAMPLE_MILLIS = 100;

  private Memory() {}

  /** Returns the resident set size of {@code pid} in MiB. */
  static double residentMiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          String kib = line.substring("VmRSS:".length()).trim().split("\\s+")[0];
          return Long.parseLong(kib) / 1024.0;
        }
      }
    } catch (IOException e) {
      throw new BenchException("cannot read the memory of process " + pid + ": " + e, e);
    }
    throw new BenchException("/proc/" + pid + "/status has no VmRSS line");
  }

  /** Samples the resident memory of a process every 100 ms until closed, keeping the maximum. */
  static final class Sampler implements AutoCloseable {
    private final AtomicLong maxKib = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    Sampler(long pid) {
      thread =
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (running) {
                      long kib = Math.round(residentMiB(pid) * 1024);
                      maxKib.accumulateAndGet(kib, Math::max);
                      try {
                        Thread.sleep(SAMPLE_MILLIS);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
    }

    double maxMiB() {
      return maxKib.get() / 1024.0;
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join();
    }
  }
}
