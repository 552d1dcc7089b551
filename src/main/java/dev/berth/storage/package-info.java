/**
 * Blob bytes: the {@link dev.berth.storage.BlobStore} SPI and its filesystem implementation.
 *
 * <p>This room knows bytes and opaque storage keys, never repositories or users. An upload is
 * staged under its upload id and appended to in order; {@link dev.berth.storage.BlobWriter#commit}
 * makes the bytes readable under a new key in one atomic step (a rename on a filesystem, the
 * completion of a multipart upload on S3), so no reader ever sees part of a blob.
 *
 * <p>Filesystem layout under the data directory:
 *
 * <pre>
 * blobs/
 *   sha256/
 *     e3/
 *       e3b0c442…b855/          one directory per digest
 *         7f3a9c1e2b4d5a60      committed bytes; the key is "sha256/e3/e3b0…b855/7f3a9c1e2b4d5a60"
 * uploads/
 *   0b5c…-uuid/
 *     data                      staged bytes of an upload session, appended in order
 * </pre>
 *
 * A digest may have more than one key when it is uploaded again while an older copy is being
 * deleted; the metadata store records which key is live.
 */
@NullMarked
package dev.berth.storage;

import org.jspecify.annotations.NullMarked;
