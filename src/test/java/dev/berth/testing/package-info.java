/**
 * Test support shared by more than one test package: running external commands and building OCI
 * image layouts offline.
 */
@NullMarked
package dev.berth.testing;

import org.jspecify.annotations.NullMarked;
