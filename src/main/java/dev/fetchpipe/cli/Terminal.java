package dev.fetchpipe.cli;

import java.io.PrintStream;

/** What a command needs of the command line it runs under: where to print, and whether stdout is a terminal. */
interface Terminal {
  PrintStream out();

  PrintStream err();

  boolean stdoutIsTerminal();
}
