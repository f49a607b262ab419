package org.dinfra.cli.keys;

import java.io.PrintWriter;
import java.nio.CharBuffer;

import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.KeyException;
import org.dinfra.keys.api.KeyReport;
import org.dinfra.keys.api.Keys;
import org.dinfra.keys.api.Mnemonic;
import org.dinfra.keys.api.Secrets;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./dinfra keys generate}. */
@Command(name = "generate",
		description = "Generates a new ed25519 account and prints its mnemonic, public key, SS58 address, SSH public key and fingerprint. Keep the mnemonic secret.")
class GenerateCommand extends KeysSubcommand {
	@Option(names = "--words", paramLabel = "N", defaultValue = "12", description = "Number of mnemonic words: 12, 15, 18, 21 or 24 (default ${DEFAULT-VALUE})")
	int words;

	@Option(names = "--ss58-prefix", paramLabel = "P", defaultValue = "" + Keys.DEFAULT_SS58_PREFIX, description = PREFIX_HELP)
	int prefix;

	@Option(names = "--json", description = "Print one line of JSON: {\"mnemonic\",\"publicKey\",\"ss58Address\",\"sshPublicKey\",\"fingerprint\"}")
	boolean json;

	@Override
	void run(PrintWriter out) throws KeyException {
		Keys keys = parent.keys;
		try (Mnemonic mnemonic = keys.generateMnemonic(words)) {
			char[] phrase = mnemonic.phrase();
			try (AccountKey key = keys.fromSecretUri(phrase)) {
				KeyReport report = keys.report(key.publicKey(), prefix);
				CharBuffer shown = CharBuffer.wrap(phrase);
				out.println(json ? report.toJson(shown) : report.toText(shown));
			} finally {
				Secrets.clear(phrase);
			}
		}
	}
}
