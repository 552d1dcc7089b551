package dev.berth.oci;

/** The {@code <reference>} of a manifest URL: either a tag or a digest. */
public sealed interface Reference permits Reference.ByTag, Reference.ByDigest {

  /** Parses a tag, or a digest when the value contains a colon. */
  static Reference parse(String value) {
    if (Digest.looksLikeDigest(value)) {
      return new ByDigest(Digest.parse(value));
    }
    return new ByTag(Tag.parse(value));
  }

  /** A reference by tag. */
  record ByTag(Tag tag) implements Reference {
    @Override
    public String toString() {
      return tag.toString();
    }
  }

  /** A reference by digest. */
  record ByDigest(Digest digest) implements Reference {
    @Override
    public String toString() {
      return digest.toString();
    }
  }
}
