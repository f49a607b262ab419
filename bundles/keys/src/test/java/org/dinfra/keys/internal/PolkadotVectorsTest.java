package org.dinfra.keys.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.Ed25519PublicKey;
import org.dinfra.keys.api.KeyException;
import org.dinfra.keys.api.Keys;
import org.dinfra.keys.api.Ss58Address;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Our keys and addresses against the ones @polkadot/keyring and @polkadot/util-crypto produced, byte for byte. */
public class PolkadotVectorsTest {
	private final Keys keys = new KeysService();

	@Test
	public void publicKeysAndAddressesOfSecretUrisMatchPolkadotKeyring() throws KeyException {
		JsonNode cases = Vectors.load("polkadot-ed25519.json").get("cases");
		assertTrue("at least 200 cases", cases.size() >= 200);
		int withPassword = 0;
		int withPath = 0;
		for (JsonNode c : cases) {
			String suri = c.get("suri").asText();
			int prefix = c.get("prefix").asInt();
			try (AccountKey key = keys.fromSecretUri(suri.toCharArray())) {
				assertEquals(suri, c.get("publicKey").asText(), key.publicKey().toHex());
				assertEquals(suri, c.get("ss58").asText(), keys.ss58Encode(key.publicKey(), prefix));
			}
			withPassword += suri.contains("///") ? 1 : 0;
			withPath += suri.matches(".*[^/]//[^/].*") ? 1 : 0;
		}
		assertTrue(withPassword >= 40);
		assertTrue(withPath >= 100);
	}

	@Test
	public void miniSecretComesFromTheMnemonicEntropyAsInSubstrateBip39() throws KeyException {
		for (JsonNode c : Vectors.load("polkadot-ed25519.json").get("cases")) {
			if (!c.has("mnemonic")) {
				continue;
			}
			char[] mnemonic = c.get("mnemonic").asText().toCharArray();
			byte[] entropy = Bip39.toEntropy(mnemonic, 0, mnemonic.length);
			assertEquals(c.get("entropy").asText(), SubstrateEd25519.hex(entropy));
			byte[] password = c.get("password").asText().getBytes(StandardCharsets.UTF_8);
			assertEquals(c.get("miniSecret").asText(), SubstrateEd25519.hex(SubstrateEd25519.miniSecret(entropy, password)));
		}
	}

	@Test
	public void devPhraseShortcutIsTheDevMnemonicWithThePath() throws KeyException {
		try (AccountKey shortcut = keys.fromSecretUri("//Alice".toCharArray());
				AccountKey full = keys.fromSecretUri((Keys.DEV_PHRASE + "//Alice").toCharArray())) {
			assertEquals(full.publicKey(), shortcut.publicKey());
			// Alice's well-known ed25519 account (subkey inspect --scheme ed25519 //Alice)
			assertEquals("0x88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee", shortcut.publicKey().toHex());
		}
	}

	@Test
	public void ss58AddressesOfAllPrefixFormsMatchPolkadotUtilCrypto() throws KeyException {
		JsonNode valid = Vectors.load("polkadot-ss58.json").get("valid");
		boolean twoByte = false;
		for (JsonNode v : valid) {
			Ed25519PublicKey key = Ed25519PublicKey.fromHex(v.get("publicKey").asText());
			int prefix = v.get("prefix").asInt();
			String address = v.get("address").asText();
			assertEquals(address, keys.ss58Encode(key, prefix));
			Ss58Address decoded = keys.ss58Decode(address);
			assertEquals(address, prefix, decoded.prefix());
			assertEquals(address, key, decoded.publicKey());
			twoByte |= prefix == 16383;
		}
		assertTrue(twoByte);
	}

	@Test
	public void addressesPolkadotRefusesAreRefusedWithTheReason() {
		for (JsonNode v : Vectors.load("polkadot-ss58.json").get("invalid")) {
			String address = v.get("address").asText();
			String why = v.get("why").asText();
			try {
				keys.ss58Decode(address);
				fail("accepted " + address + " (" + why + ")");
			} catch (KeyException e) {
				String expected = switch (why) {
					case "checksum" -> "checksum mismatch";
					case "length" -> "decodes to";
					case "base58 alphabet" -> "is not a base58 character";
					default -> throw new AssertionError(why);
				};
				assertTrue(address + ": " + e.getMessage(), e.getMessage().contains(expected));
				assertEquals("one line", -1, e.getMessage().indexOf('\n'));
			}
		}
	}

	@Test
	public void secretUrisPolkadotRefusesAreRefusedWithTheReason() {
		for (JsonNode v : Vectors.load("polkadot-errors.json").get("errors")) {
			String suri = v.get("suri").asText();
			String why = v.get("why").asText();
			try (AccountKey key = keys.fromSecretUri(suri.toCharArray())) {
				fail("accepted " + suri + " (" + why + ") as " + key);
			} catch (KeyException e) {
				String expected = switch (why) {
					case "soft junction" -> "soft derivation (/name) does not exist for ed25519 keys";
					case "unknown word" -> "is not in the BIP39 English word list";
					case "checksum" -> "checksum does not match";
					default -> throw new AssertionError(why);
				};
				assertTrue(suri + ": " + e.getMessage(), e.getMessage().contains(expected));
				assertTrue("the message does not echo the secret", !e.getMessage().contains("walk") && !e.getMessage().contains("bottom"));
			}
		}
	}

	@Test
	public void wordListIsTheOneOfPolkadotUtilCrypto() throws IOException {
		try (InputStream ours = Bip39.class.getResourceAsStream("bip39-english.txt");
				InputStream theirs = getClass().getResourceAsStream("/vectors/bip39-english.txt")) {
			byte[] a = ours.readAllBytes();
			assertEquals(new String(theirs.readAllBytes(), StandardCharsets.UTF_8), new String(a, StandardCharsets.UTF_8));
			// the BIP39 specification's english.txt
			assertEquals("2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda", HexFormat.of().formatHex(Hashes.sha256(a)));
		}
	}
}
