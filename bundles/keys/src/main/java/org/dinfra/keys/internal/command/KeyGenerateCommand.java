package org.dinfra.keys.internal.command;

import java.nio.CharBuffer;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.KeyReport;
import org.dinfra.keys.api.Keys;
import org.dinfra.keys.api.Mnemonic;
import org.dinfra.keys.api.Secrets;

/** {@code dinfra:key-generate}: a new ed25519 account, like {@code ./dinfra keys generate}. */
@Service
@Command(scope = "dinfra", name = "key-generate", description = "Generates a new ed25519 account: BIP39 mnemonic, public key, SS58 address and SSH public key.")
public class KeyGenerateCommand implements Action {
	@Reference
	Keys keys;

	@Option(name = "--words", description = "Number of mnemonic words: 12, 15, 18, 21 or 24")
	int words = 12;

	@Option(name = "--ss58-prefix", description = "SS58 network prefix of the address (0..16383; 42 generic Substrate, 0 Polkadot, 2 Kusama)")
	int prefix = Keys.DEFAULT_SS58_PREFIX;

	@Option(name = "--json", description = "Print one line of JSON")
	boolean json;

	@Override
	public Object execute() throws Exception {
		try (Mnemonic mnemonic = keys.generateMnemonic(words)) {
			char[] phrase = mnemonic.phrase();
			try (AccountKey key = keys.fromSecretUri(phrase)) {
				KeyReport report = keys.report(key.publicKey(), prefix);
				CharBuffer shown = CharBuffer.wrap(phrase);
				System.out.println(json ? report.toJson(shown) : report.toText(shown));
			} finally {
				Secrets.clear(phrase);
			}
		}
		return null;
	}
}
