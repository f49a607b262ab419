package org.dinfra.keys.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

/** {@link Keys#standalone()} as a plain-Java user calls it: no OSGi, the same results as the service. */
public class KeysStandaloneTest {
	/** {@code //Alice}, ed25519, prefix 42, as {@code @polkadot/keyring} and {@code subkey} give it. */
	private static final String ALICE_PUBLIC = "0x88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee";
	private static final String ALICE_ADDRESS = "5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu";

	@Test
	public void derivesTheDevAccountsAsSubstrateDoes() throws KeyException {
		Keys keys = Keys.standalone();
		try (AccountKey alice = keys.fromSecretUri("//Alice".toCharArray())) {
			KeyReport report = keys.report(alice.publicKey(), Keys.DEFAULT_SS58_PREFIX);
			assertEquals(ALICE_PUBLIC, report.publicKey());
			assertEquals(ALICE_ADDRESS, report.ss58Address());
			assertEquals("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIjcNBfVBY7EtFA+DBLqGgqJviAP6YkiQj1DNAFPprDu " + ALICE_ADDRESS,
					report.sshPublicKey());
			assertEquals("SHA256:3Rh3qucaBpMVQlq4w1W4X1DJRqR30tc93Qs6KMKWyPk", report.fingerprint());
		}
		assertEquals(ALICE_PUBLIC, keys.parsePublicKey(ALICE_ADDRESS).toHex());
	}

	@Test
	public void eachCallGivesAnIndependentInstance() throws KeyException {
		Keys first = Keys.standalone();
		Keys second = Keys.standalone();
		assertNotSame(first, second);
		try (Mnemonic a = first.generateMnemonic(12); Mnemonic b = second.generateMnemonic(12)) {
			second.validateMnemonic(a.phrase());
			first.validateMnemonic(b.phrase());
		}
	}

	@Test
	public void badInputIsAKeyException() {
		Keys keys = Keys.standalone();
		assertThrows(KeyException.class, () -> keys.generateMnemonic(13));
		assertThrows(KeyException.class, () -> keys.fromSecretUri("//Alice/soft".toCharArray()));
		assertThrows(KeyException.class, () -> keys.ss58Decode(ALICE_ADDRESS.substring(1)));
	}
}
