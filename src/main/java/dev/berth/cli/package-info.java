/**
 * The {@code berth} command line: {@code serve}, {@code config check}, and the {@code user} and
 * {@code org} account commands.
 */
@NullMarked
package dev.berth.cli;

import org.jspecify.annotations.NullMarked;
