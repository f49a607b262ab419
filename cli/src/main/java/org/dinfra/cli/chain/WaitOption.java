package org.dinfra.cli.chain;

import org.dinfra.cli.CliException;

import picocli.CommandLine.Option;

/** {@code --wait} of the commands that send a transaction. */
public final class WaitOption {
	@Option(names = "--wait", paramLabel = "WHEN", defaultValue = "in-block",
			description = "in-block (default) or finalized: when the transaction counts as done.")
	String wait;

	/** @return the value @throws CliException exit 2 when it is neither value */
	ChainSession.Wait until() {
		return switch (wait) {
			case "in-block" -> ChainSession.Wait.IN_BLOCK;
			case "finalized" -> ChainSession.Wait.FINALIZED;
			default -> throw new CliException("bad --wait '" + wait + "': in-block or finalized", 2);
		};
	}
}
