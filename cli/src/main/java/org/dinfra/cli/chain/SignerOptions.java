package org.dinfra.cli.chain;

import java.nio.file.Path;

import org.dinfra.cli.CliException;
import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.KeyException;
import org.dinfra.keys.api.Keys;
import org.dinfra.keys.api.Secrets;

import picocli.CommandLine.Option;

/**
 * The consumer's key, as an ed25519 secret URI: from a file only its owner can read
 * ({@code --suri-file}), from {@code DINFRA_SURI}, or (dev accounts) from {@code --suri}.
 */
public final class SignerOptions {
	/** The environment variable holding the secret URI. */
	public static final String ENV = "DINFRA_SURI";

	@Option(names = "--suri-file", paramLabel = "FILE",
			description = "Read the consumer's secret URI (<mnemonic or 0x seed>[//hard][///password]) from FILE; "
					+ "refused when its group or others may read it (chmod 600), as ssh does. Else env " + ENV + ".")
	Path suriFile;

	@Option(names = "--suri", paramLabel = "SURI",
			description = "The secret URI itself, for dev accounts such as //Charlie. Every user of the machine sees it "
					+ "in ps: use --suri-file or " + ENV + " for a real key.")
	String suri;

	/** @return whether a key was given by an option or the environment */
	boolean given() {
		return suriFile != null || suri != null || env() != null;
	}

	private static String env() {
		String v = System.getenv(ENV);
		return v == null || v.isBlank() ? null : v;
	}

	/**
	 * @param keys the keys library
	 * @return the key; close it when done
	 * @throws CliException exit 2 when no key or two are given, exit 1 when it cannot be read
	 */
	AccountKey open(Keys keys) {
		if (suriFile != null && suri != null) {
			throw new CliException("give the consumer key with --suri-file or --suri, not both", 2);
		}
		char[] secret = null;
		try {
			if (suriFile != null) {
				secret = Secrets.readOwnerOnly(suriFile, "secret URI");
			} else if (suri != null) {
				secret = suri.toCharArray();
			} else if (env() != null) {
				secret = env().strip().toCharArray();
			} else {
				throw new CliException("no consumer key: give --suri-file FILE, set " + ENV + ", or --suri for a dev account", 2);
			}
			return keys.fromSecretUri(secret);
		} catch (KeyException e) {
			throw new CliException(e.getMessage());
		} finally {
			Secrets.clear(secret);
		}
	}
}
