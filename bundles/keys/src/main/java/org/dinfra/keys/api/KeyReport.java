package org.dinfra.keys.api;

/**
 * What DINFRA shows about an account: the output of {@code keys inspect} and
 * {@code keys generate}, one formatter for the Karaf commands and the {@code ./dinfra} CLI.
 *
 * @param publicKey    {@code 0x} and 64 hex digits
 * @param ss58Address  the SS58 address for the chosen prefix
 * @param sshPublicKey the OpenSSH public key line {@code ssh-ed25519 AAAA... <ss58Address>}
 * @param fingerprint  the OpenSSH SHA256 fingerprint, {@code SHA256:...}
 */
public record KeyReport(String publicKey, String ss58Address, String sshPublicKey, String fingerprint) {

	/** @return one line: {@code {"publicKey":..,"ss58Address":..,"sshPublicKey":..,"fingerprint":..}} */
	public String toJson() {
		return toJson(null);
	}

	/**
	 * @param mnemonic the secret phrase to put first, as {@code "mnemonic"}, or null for none
	 * @return one line of JSON
	 */
	public String toJson(CharSequence mnemonic) {
		StringBuilder json = new StringBuilder("{");
		if (mnemonic != null) {
			field(json, "mnemonic", mnemonic).append(',');
		}
		field(json, "publicKey", publicKey).append(',');
		field(json, "ss58Address", ss58Address).append(',');
		field(json, "sshPublicKey", sshPublicKey).append(',');
		field(json, "fingerprint", fingerprint);
		return json.append('}').toString();
	}

	/** @return aligned lines for humans, without a trailing newline */
	public String toText() {
		return toText(null);
	}

	/**
	 * @param mnemonic the secret phrase to show first, or null for none
	 * @return aligned lines for humans, without a trailing newline
	 */
	public String toText(CharSequence mnemonic) {
		StringBuilder text = new StringBuilder();
		if (mnemonic != null) {
			text.append("Secret phrase:    ").append(mnemonic).append('\n');
		}
		text.append("Public key (hex): ").append(publicKey).append('\n');
		text.append("SS58 address:     ").append(ss58Address).append('\n');
		text.append("SSH public key:   ").append(sshPublicKey).append('\n');
		text.append("Fingerprint:      ").append(fingerprint);
		return text.toString();
	}

	private static StringBuilder field(StringBuilder json, String name, CharSequence value) {
		json.append('"').append(name).append("\":\"");
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					} else {
						json.append(c);
					}
				}
			}
		}
		return json.append('"');
	}
}
