package org.dinfra.cli.chain;

import org.dinfra.keys.api.Keys;

import picocli.CommandLine.Option;

/** What every consumer command takes to reach the chain: the node, the address format, how long to wait. */
public final class ChainOptions {
	@Option(names = "--endpoint", paramLabel = "URL", defaultValue = "${env:DINFRA_ENDPOINT:-ws://127.0.0.1:9944}",
			description = "The node's WebSocket JSON-RPC endpoint (env DINFRA_ENDPOINT; default ${DEFAULT-VALUE}).")
	String endpoint;

	@Option(names = "--ss58-prefix", paramLabel = "P", defaultValue = "" + Keys.DEFAULT_SS58_PREFIX,
			description = "SS58 prefix of the addresses printed (default ${DEFAULT-VALUE}, generic Substrate).")
	int ss58Prefix;

	@Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
			description = "How long to wait for the node and for a transaction's block (default ${DEFAULT-VALUE}).")
	long timeoutSeconds;
}
