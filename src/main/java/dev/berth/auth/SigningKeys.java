package dev.berth.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ES256 key pair that signs registry tokens: read from a JWK file, or generated into it on
 * first start (owner-only permissions). Nodes of a scale-out deployment share one file.
 */
public final class SigningKeys {

  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

  private final ECKey key;

  private SigningKeys(ECKey key) {
    this.key = key;
  }

  /**
   * Loads the key from {@code file}, generating it there first when the file does not exist.
   *
   * @throws IOException when the file cannot be read or written, or holds no EC private key
   */
  public static SigningKeys loadOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      try {
        ECKey key = ECKey.parse(Files.readString(file, StandardCharsets.UTF_8));
        if (!key.isPrivate()) {
          throw new IOException("token signing key " + file + " has no private part");
        }
        return new SigningKeys(key);
      } catch (ParseException e) {
        throw new IOException(
            "token signing key " + file + " is not a JWK EC key: " + e.getMessage(), e);
      }
    }
    ECKey key;
    try {
      key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).keyIDFromThumbprint(true).generate();
    } catch (JOSEException e) {
      throw new IOException("failed to generate the token signing key", e);
    }

    // Write to a private temporary file, then rename, so a crash never leaves half a key.
    Files.createDirectories(file.getParent());
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temporary);
    Files.createFile(
        temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(temporary, key.toJSONString(), StandardCharsets.UTF_8);
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    LOG.atInfo().addKeyValue("file", file).addKeyValue("kid", key.getKeyID()).log("generated token signing key");
    return new SigningKeys(key);
  }

  ECKey privateKey() {
    return key;
  }

  /** Returns the public keys as a JWK set document, for {@code /token/jwks.json}. */
  public String publicJwks() {
    return new JWKSet(key.toPublicJWK()).toString(true);
  }
}
