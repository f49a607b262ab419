package org.dinfra.cli;

/** A command failed for a reason the user can act on: printed as one {@code error:} line. */
public class CliException extends RuntimeException {
	private static final long serialVersionUID = 1L;
	private final int exitCode;

	/** @param message the one line to print */
	public CliException(String message) {
		this(message, 1);
	}

	/**
	 * @param message  the one line to print
	 * @param exitCode the process exit code
	 */
	public CliException(String message, int exitCode) {
		super(message);
		this.exitCode = exitCode;
	}

	/** @return the process exit code */
	public int exitCode() {
		return exitCode;
	}
}
