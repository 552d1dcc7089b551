package dev.berth.server.tls;

import dev.berth.server.config.TlsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the PEM files every {@code tls.reloadInterval} and, when their content changed, loads the
 * new pair into the running connector. New TLS handshakes get the new certificate and open
 * connections keep the old one. A pair that fails to load is logged with both file names, once per
 * distinct content, and the certificate in use stays.
 *
 * <p>Thread-safe. Close it before stopping the server, so no reload runs against a stopped
 * connector.
 */
public final class CertificateReloader implements AutoCloseable {

  /** The result of one check. */
  enum Outcome {
    UNCHANGED,
    RELOADED,
    REJECTED
  }

  private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

  private final SslContextFactory.Server sslContextFactory;
  private final Path certificateFile;
  private final Path privateKeyFile;
  private final ScheduledExecutorService scheduler;

  /** The SHA-256 digests of both files, or the read error, at the last check; null before it. */
  private @Nullable String lastFingerprint;

  private CertificateReloader(
      SslContextFactory.Server sslContextFactory, Path certificateFile, Path privateKeyFile) {
    this.sslContextFactory = sslContextFactory;
    this.certificateFile = certificateFile;
    this.privateKeyFile = privateKeyFile;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("berth-tls-reload").factory());
  }

  /**
   * Starts checking the files of {@code tls} every {@code tls.reloadInterval()}, the first time one
   * interval from now.
   *
   * @param sslContextFactory the factory of a connector from {@link TlsConnectors#create}
   * @throws IllegalArgumentException when {@code tls} is not enabled
   */
  public static CertificateReloader start(
      SslContextFactory.Server sslContextFactory, TlsConfig tls) {
    if (!tls.enabled()) {
      throw new IllegalArgumentException(
          "TLS is not configured; set tls.certificate and tls.private_key");
    }
    CertificateReloader reloader =
        new CertificateReloader(
            sslContextFactory, tls.certificate().orElseThrow(), tls.privateKey().orElseThrow());
    long intervalMillis = tls.reloadInterval().toMillis();
    reloader.scheduler.scheduleWithFixedDelay(
        reloader::checkAndLog, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    LOG.atInfo()
        .addKeyValue("certificate_file", reloader.certificateFile)
        .addKeyValue("private_key_file", reloader.privateKeyFile)
        .addKeyValue("interval_ms", intervalMillis)
        .log("tls certificate reloader started");
    return reloader;
  }

  /**
   * Reads both files and reloads the connector when their content changed since the last check and
   * differs from the chain being served.
   */
  synchronized Outcome check() {
    // Read both files once, so the fingerprint and the parsed pair come from the same bytes.
    byte[] certificatePem;
    byte[] privateKeyPem;
    try {
      certificatePem = Files.readAllBytes(certificateFile);
      privateKeyPem = Files.readAllBytes(privateKeyFile);
    } catch (IOException e) {
      String fingerprint = "unreadable: " + e;
      if (!fingerprint.equals(lastFingerprint)) {
        lastFingerprint = fingerprint;
        logRejected(e.toString());
      }
      return Outcome.REJECTED;
    }
    String fingerprint = fingerprint(certificatePem, privateKeyPem);
    if (fingerprint.equals(lastFingerprint)) {
      return Outcome.UNCHANGED;
    }
    lastFingerprint = fingerprint;

    KeyStore keyStore;
    try {
      keyStore = PemKeyStore.load(certificatePem, certificateFile, privateKeyPem, privateKeyFile);
    } catch (CertificateLoadException e) {
      logRejected(e.getMessage());
      return Outcome.REJECTED;
    }
    // Files rewritten with the same certificate, as on the first check, need no reload.
    if (PemKeyStore.sameChain(keyStore, sslContextFactory.getKeyStore())) {
      return Outcome.UNCHANGED;
    }
    return reload(keyStore);
  }

  private Outcome reload(KeyStore keyStore) {
    KeyStore previous = sslContextFactory.getKeyStore();
    try {
      sslContextFactory.reload(factory -> factory.setKeyStore(keyStore));
      TlsConnectors.logCertificate(LOG, "tls certificate reloaded", keyStore, certificateFile);
      return Outcome.RELOADED;
    } catch (Exception e) {
      // SslContextFactory.reload declares Exception. The pair was validated above, so a failure
      // here is unexpected, and putting the previous store back keeps the connector serving.
      logRejected(e.toString());
      restore(previous);
      return Outcome.REJECTED;
    }
  }

  private void restore(KeyStore previous) {
    try {
      sslContextFactory.reload(factory -> factory.setKeyStore(previous));
    } catch (Exception e) {
      LOG.atError()
          .addKeyValue("certificate_file", certificateFile)
          .setCause(e)
          .log("tls certificate restore failed; new TLS handshakes may fail until a restart");
    }
  }

  private void logRejected(String reason) {
    LOG.atError()
        .addKeyValue("certificate_file", certificateFile)
        .addKeyValue("private_key_file", privateKeyFile)
        .addKeyValue("reason", reason)
        .log("tls certificate reload failed; the previous certificate stays in use");
  }

  /** Runs one check on the scheduler, which cancels a task for good if it throws. */
  private void checkAndLog() {
    try {
      check();
    } catch (RuntimeException e) {
      LOG.atError()
          .addKeyValue("certificate_file", certificateFile)
          .setCause(e)
          .log("tls certificate check failed");
    }
  }

  private static String fingerprint(byte[] certificatePem, byte[] privateKeyPem) {
    try {
      HexFormat hex = HexFormat.of();
      return hex.formatHex(MessageDigest.getInstance("SHA-256").digest(certificatePem))
          + hex.formatHex(MessageDigest.getInstance("SHA-256").digest(privateKeyPem));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  /** Stops the checks and waits up to five seconds for one in progress to finish. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.atWarn().log("tls certificate reloader did not stop within 5 seconds");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.atInfo().log("tls certificate reloader stopped");
  }
}
