/**
 * A load generator for any OCI Distribution registry, run by {@code scripts/bench} against a real
 * {@code berth serve}. It mirrors the scenarios of zot's {@code zb} tool (pushes and pulls of
 * 1/10/100 MiB images, catalog listing, mixed loads), so Berth's figures compare with published
 * ones, and it verifies every pulled byte against its digest.
 *
 * <p>It lives with the tests because it is a client, not part of the server jar. Entry point:
 * {@link dev.berth.bench.BenchMain}.
 */
@NullMarked
package dev.berth.bench;

import org.jspecify.annotations.NullMarked;
