package org.dinfra.keys.api;

/**
 * A decoded SS58 account address.
 *
 * @param address   the address as text
 * @param prefix    its network prefix, 0..16383 (42 is the generic Substrate prefix, 0 Polkadot, 2 Kusama)
 * @param publicKey the account's ed25519 (or other 32-byte) public key
 */
public record Ss58Address(String address, int prefix, Ed25519PublicKey publicKey) {
	@Override
	public String toString() {
		return address;
	}
}
