package org.dinfra.cli.keys;

import java.io.PrintWriter;
import java.nio.file.Path;

import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.KeyException;
import org.dinfra.keys.api.KeyReport;
import org.dinfra.keys.api.Keys;
import org.dinfra.keys.api.Secrets;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./dinfra keys inspect}. */
@Command(name = "inspect",
		description = "Prints the public key, SS58 address, SSH public key and fingerprint of an ed25519 secret URI.")
class InspectCommand extends KeysSubcommand {
	@Parameters(index = "0", arity = "0..1", paramLabel = "SURI", description = "Secret URI <mnemonic or 0x seed>[//hard][///password]; //Alice for the dev phrase; - to read it from standard input")
	String suri;

	@Option(names = "--suri-file", paramLabel = "FILE", description = "Read the secret URI from FILE instead")
	Path suriFile;

	@Option(names = "--ss58-prefix", paramLabel = "P", defaultValue = "" + Keys.DEFAULT_SS58_PREFIX, description = PREFIX_HELP)
	int prefix;

	@Option(names = "--json", description = "Print one line of JSON: {\"publicKey\",\"ss58Address\",\"sshPublicKey\",\"fingerprint\"}")
	boolean json;

	@Override
	void run(PrintWriter out) throws KeyException {
		char[] secret = Secrets.fromArgumentFileOrStdin(suri, suriFile, parent.stdin, "secret URI", "--suri-file");
		try (AccountKey key = parent.keys.fromSecretUri(secret)) {
			KeyReport report = parent.keys.report(key.publicKey(), prefix);
			out.println(json ? report.toJson() : report.toText());
		} finally {
			Secrets.clear(secret);
		}
	}
}
