package dev.rootkey.sandbox;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How the command line reports a failure: one line on stderr naming the command, then at most a
 * hint, never a stack trace; exit code 2 for a wrong command line, 1 for anything else.
 */
final class OneLineErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {

  static final int FAILED = 1;
  static final int USAGE = 2;

  /** Installs both handlers on {@code commandLine} and its subcommands. */
  static CommandLine on(CommandLine commandLine) {
    OneLineErrors handler = new OneLineErrors();
    return commandLine.setExecutionExceptionHandler(handler).setParameterExceptionHandler(handler);
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    String name = command.getCommandSpec().qualifiedName();
    ParameterException first = e;
    if (!(e instanceof UnmatchedArgumentException) && !command.getUnmatchedArguments().isEmpty()) {
      // picocli checks required options first; a misspelt one is what to fix, though.
      first = new UnmatchedArgumentException(command, command.getUnmatchedArguments());
    }
    err.println(name + ": " + oneLine(first.getMessage()));
    UnmatchedArgumentException.printSuggestions(first, err);
    err.println("Run '" + name + " --help' for its options.");
    err.flush();
    return USAGE;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
    PrintWriter err = command.getErr();
    String name = command.getCommandSpec().qualifiedName();
    if (e instanceof CliError) {
      err.println(name + ": " + e.getMessage());
    } else {
      // Not foreseen, so no fix to offer: what happened, on one line, for a bug report.
      err.println(
          name
              + ": unexpected "
              + describe(e)
              + " (a bug in rootkey-sandbox: please report it with the command you ran)");
    }
    err.flush();
    return FAILED;
  }

  /** The exception and its causes in one line: type and message of each, outermost first. */
  static String describe(Throwable e) {
    StringBuilder line = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (line.length() > 0) {
        line.append(": ");
      }
      line.append(t.getClass().getSimpleName());
      String message = reason(t);
      if (message != null && !message.isBlank()) {
        line.append(" ").append(message);
      }
    }
    return line.toString();
  }

  /** What went wrong, as the user should read it: the API server's own message if it sent one. */
  static String reason(Throwable e) {
    if (e instanceof KubernetesClientException k
        && k.getStatus() != null
        && k.getStatus().getMessage() != null) {
      return oneLine(k.getStatus().getMessage());
    }
    return e.getMessage() == null ? null : oneLine(e.getMessage());
  }

  /** Line breaks and runs of blanks become single spaces; long text is cut. */
  static String oneLine(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
