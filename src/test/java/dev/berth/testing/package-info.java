/**
 * Test fixtures shared by the tests of several rooms, such as {@link
 * dev.berth.testing.TestDatabase} for running one test against SQLite and PostgreSQL.
 */
package dev.berth.testing;
