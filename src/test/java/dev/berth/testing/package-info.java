/**
 * Test fixtures shared by the tests of several rooms, such as {@link
 * dev.berth.testing.TestDatabase} for running one test against SQLite and PostgreSQL, {@link
 * dev.berth.testing.Processes} for running external commands and {@link
 * dev.berth.testing.TestImages} for building OCI image layouts offline.
 */
package dev.berth.testing;
