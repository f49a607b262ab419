package org.dinfra.keys.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.KeyReport;
import org.dinfra.keys.api.Keys;
import org.dinfra.keys.api.Secrets;

/** {@code dinfra:key-inspect}: the public side of a secret URI, like {@code ./dinfra keys inspect}. */
@Service
@Command(scope = "dinfra", name = "key-inspect", description = "Shows the public key, SS58 address, SSH public key and fingerprint of an ed25519 secret URI.")
public class KeyInspectCommand implements Action {
	@Reference
	Keys keys;

	@Reference
	Session session;

	@Argument(index = 0, name = "suri", description = "Secret URI <mnemonic or 0x seed>[//hard][///password], //Alice for the dev phrase, - for standard input")
	String suri;

	@Option(name = "--suri-file", description = "Read the secret URI from this file instead")
	String suriFile;

	@Option(name = "--ss58-prefix", description = "SS58 network prefix of the address (0..16383)")
	int prefix = Keys.DEFAULT_SS58_PREFIX;

	@Option(name = "--json", description = "Print one line of JSON")
	boolean json;

	@Override
	public Object execute() throws Exception {
		char[] secret = Secrets.fromArgumentFileOrStdin(suri, CommandPaths.of(session, suriFile), CommandPaths.stdin(session), "secret URI", "--suri-file");
		try (AccountKey key = keys.fromSecretUri(secret)) {
			KeyReport report = keys.report(key.publicKey(), prefix);
			System.out.println(json ? report.toJson() : report.toText());
		} finally {
			Secrets.clear(secret);
		}
		return null;
	}
}
