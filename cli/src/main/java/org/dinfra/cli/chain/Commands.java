package org.dinfra.cli.chain;

import org.dinfra.cli.CliException;

/** What the consumer commands share. */
final class Commands {
	private Commands() {
	}

	/** @param wait the --wait value @return it @throws CliException exit 2 when it is neither value */
	static ChainSession.Wait wait(String wait) {
		return switch (wait) {
			case "in-block" -> ChainSession.Wait.IN_BLOCK;
			case "finalized" -> ChainSession.Wait.FINALIZED;
			default -> throw new CliException("bad --wait '" + wait + "': in-block or finalized", 2);
		};
	}
}
