/**
 * Pure values of the OCI image and distribution specifications: digests, repository names,
 * tags, references, media types, descriptors and parsed manifests.
 *
 * <p>Nothing here does I/O. Every type validates in its factory and prints its wire form from
 * {@code toString()}; invalid input raises a subclass of {@link dev.berth.oci.OciFormatException}
 * whose message names the value and the rule it breaks.
 */
@NullMarked
package dev.berth.oci;

import org.jspecify.annotations.NullMarked;
