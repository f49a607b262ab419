package org.dinfra.cli.keys;

import java.io.PrintWriter;

import org.dinfra.keys.api.KeyException;
import org.dinfra.keys.api.Keys;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./dinfra keys ssh-pubkey}. */
@Command(name = "ssh-pubkey",
		description = "Prints the authorized_keys line (ssh-ed25519 AAAA... <ss58>) of an ed25519 account known only by its SS58 address or public key.")
class SshPubkeyCommand extends KeysSubcommand {
	@Parameters(index = "0", paramLabel = "ACCOUNT", description = "SS58 address (any prefix) or 0x followed by the 64 hex digits of the public key")
	String account;

	@Option(names = "--ss58-prefix", paramLabel = "P", defaultValue = "" + Keys.DEFAULT_SS58_PREFIX, description = "SS58 prefix of the comment when a 0x public key is given (default ${DEFAULT-VALUE})")
	int prefix;

	@Override
	void run(PrintWriter out) throws KeyException {
		out.println(parent.keys.authorizedKeysLine(account, prefix));
	}
}
