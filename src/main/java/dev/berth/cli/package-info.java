/** The {@code berth} command line: {@code serve} and {@code config check}. */
@NullMarked
package dev.berth.cli;

import org.jspecify.annotations.NullMarked;
