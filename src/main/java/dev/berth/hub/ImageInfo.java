package dev.berth.hub;

import dev.berth.oci.Digest;
import java.util.Optional;

/**
 * One image of a tag: a single-platform manifest, or an artifact without a platform.
 *
 * @param digest the image manifest's digest
 * @param size the compressed size of its config and layers, in bytes
 * @param os the operating system, such as {@code linux} or {@code wasi}; empty for an artifact
 * @param architecture the CPU architecture, such as {@code amd64} or {@code wasm32}; empty for an
 *     artifact
 * @param variant the CPU variant, such as {@code v8}
 * @param osVersion the operating system version, set by Windows images
 */
public record ImageInfo(
    Digest digest,
    long size,
    Optional<String> os,
    Optional<String> architecture,
    Optional<String> variant,
    Optional<String> osVersion) {}
