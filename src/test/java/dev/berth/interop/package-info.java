/**
 * Interop tests: real registry clients (docker, skopeo, podman, Jib) push to and pull from a
 * registry that the test starts on loopback. The classes are named {@code *InteropTest} and run in
 * Maven's failsafe phase, for example {@code mvn verify -Dit.test=SkopeoInteropTest}.
 */
@NullMarked
package dev.berth.interop;

import org.jspecify.annotations.NullMarked;
