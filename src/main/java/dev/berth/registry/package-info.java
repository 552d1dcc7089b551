/**
 * The OCI Distribution API: blobs, upload sessions, manifests, tags, referrers and the catalog,
 * from HTTP handler to SQL.
 *
 * <p>{@link dev.berth.registry.RegistryHandler} is the entry point the server mounts at {@code
 * /v2/}. It routes to one small handler per resource; handlers parse the request, call one
 * service method and write the response. Services ({@code BlobService}, {@code UploadService},
 * {@code ManifestService}) own transactions and rules; {@code RegistryStore} owns the SQL. Every
 * failure a client should see is a {@link dev.berth.registry.RegistryException} carrying an
 * {@link dev.berth.registry.ErrorCode}, written as the spec's JSON error body in one place.
 */
@NullMarked
package dev.berth.registry;

import org.jspecify.annotations.NullMarked;
