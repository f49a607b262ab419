package org.dinfra.cli.keys;

import java.io.InputStream;
import java.util.concurrent.Callable;

import org.dinfra.keys.api.Keys;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./dinfra keys}: Substrate ed25519 accounts and their SSH keys. The same behaviour as
 * the Karaf commands {@code dinfra:key-*}, on the same library ({@code dinfra-keys}).
 *
 * <p>Exit codes: 0 done; 1 bad input (one line on stderr starting with {@code error: });
 * 2 usage error.
 */
@Command(name = "keys",
		description = {
				"Substrate ed25519 accounts as SSH keys. A consumer logs into the VM their",
				"account paid for with that account's key; a provider authorizes the login",
				"knowing only the account's SS58 address or public key. Byte-compatible with",
				"subkey and @polkadot/keyring (ed25519 scheme)." },
		subcommands = { GenerateCommand.class, InspectCommand.class, SshPubkeyCommand.class, SshPrivateCommand.class },
		footerHeading = "%nNotes:%n",
		footer = {
				"  Secret URI: <mnemonic or 0x seed>[//hard...][///password]; //Alice means",
				"  the well-known dev phrase with //Alice. Soft junctions (/name) do not",
				"  exist for ed25519. Secrets are read from the argument, from a file",
				"  (--suri-file, --passphrase-file) or from standard input (-).",
				"",
				"  Only ed25519 accounts convert. An sr25519 account (the default of",
				"  polkadot.js and subkey) cannot become an SSH key: create an ed25519 account",
				"  instead (./dinfra keys generate, or subkey generate --scheme ed25519) and",
				"  use it for DINFRA.",
				"",
				"  Exit codes: 0 done, 1 bad input (one line on stderr), 2 usage error." })
public class KeysCommand implements Callable<Integer> {
	@Spec
	CommandSpec spec;

	@Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help and exit.")
	boolean help;

	/** The library; plain Java, no OSGi needed. */
	Keys keys = Keys.standalone();

	/** Where {@code -} reads from; tests replace it. */
	InputStream stdin = System.in;

	@Override
	public Integer call() {
		spec.commandLine().usage(spec.commandLine().getErr());
		return 2;
	}
}
