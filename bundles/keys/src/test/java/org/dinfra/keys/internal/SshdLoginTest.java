package org.dinfra.keys.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.Keys;
import org.dinfra.keys.api.Secrets;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A real login: Debian's sshd on 127.0.0.1 with its own configuration and an authorized_keys
 * built from an SS58 address alone; ssh logs in with the private key derived from the account's
 * mnemonic, and another account's key is refused.
 */
public class SshdLoginTest {
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private final Keys keys = new KeysService();
	private Path dir;
	private int port;
	private Process sshd;

	@Before
	public void startSshd() throws Exception {
		String sshdPath = Tools.require("sshd", "openssh-server");
		Tools.require("ssh", "openssh-client");
		dir = tmp.getRoot().toPath();
		Tools.Result hostKey = Tools.run(List.of(Tools.sshKeygen(), "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString()));
		assertEquals(hostKey.out(), 0, hostKey.exit());
		if ("root".equals(System.getProperty("user.name"))) {
			// sshd's privilege separation directory, which the Debian service unit normally creates
			Files.createDirectories(Path.of("/run/sshd"));
		}
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = probe.getLocalPort();
		}
		Path config = dir.resolve("sshd_config");
		Files.writeString(config, String.join("\n",
				"ListenAddress 127.0.0.1",
				"Port " + port,
				"HostKey " + dir.resolve("host_key"),
				"PidFile " + dir.resolve("sshd.pid"),
				"AuthorizedKeysFile " + dir.resolve("authorized_keys"),
				"StrictModes no",
				"UsePAM no",
				"PermitRootLogin prohibit-password",
				"PubkeyAuthentication yes",
				"PasswordAuthentication no",
				"KbdInteractiveAuthentication no",
				"AllowUsers " + System.getProperty("user.name"),
				"") );
		sshd = new ProcessBuilder(sshdPath, "-D", "-f", config.toString(), "-E", dir.resolve("sshd.log").toString())
				.redirectErrorStream(true).redirectOutput(dir.resolve("sshd.out").toFile()).start();
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
			if (!sshd.isAlive()) {
				throw new AssertionError("sshd exited: " + Files.readString(dir.resolve("sshd.out")) + log());
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
				return true;
			} catch (IOException e) {
				return false;
			}
		});
	}

	@After
	public void stopSshd() throws InterruptedException {
		if (sshd != null) {
			sshd.destroy();
			if (!sshd.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
				sshd.destroyForcibly();
			}
		}
	}

	@Test
	public void accountLogsInWithItsMnemonicKeyWhenAuthorizedByItsAddressAlone() throws Exception {
		JsonNode cases = Vectors.load("polkadot-ed25519.json").get("cases");
		String suri = cases.get(0).get("suri").asText();
		String address = cases.get(0).get("ss58").asText();
		String otherSuri = cases.get(6).get("suri").asText();

		// the provider knows only the address
		Files.writeString(dir.resolve("authorized_keys"), keys.authorizedKeysLine(address, Keys.DEFAULT_SS58_PREFIX) + "\n");

		Path key = dir.resolve("id_account");
		try (AccountKey account = keys.fromSecretUri(suri.toCharArray())) {
			Secrets.writeOwnerOnly(key, keys.sshPrivateKey(account, address, null));
		}
		Tools.Result login = ssh(key);
		assertEquals(login.out() + log(), 0, login.exit());
		assertEquals("ok", login.out().strip());

		Path otherKey = dir.resolve("id_other");
		try (AccountKey other = keys.fromSecretUri(otherSuri.toCharArray())) {
			assertNotEquals(address, keys.ss58Encode(other.publicKey(), 0));
			Secrets.writeOwnerOnly(otherKey, keys.sshPrivateKey(other, "other", null));
		}
		Tools.Result refused = ssh(otherKey);
		assertEquals(refused.out(), 255, refused.exit());
		assertTrue(refused.out(), refused.out().contains("Permission denied"));
	}

	private Tools.Result ssh(Path key) throws IOException, InterruptedException {
		return Tools.run(List.of(Tools.require("ssh", "openssh-client"), "-F", "/dev/null",
				"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes",
				"-o", "BatchMode=yes", "-o", "PasswordAuthentication=no", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10",
				"-i", key.toString(), "-p", Integer.toString(port),
				System.getProperty("user.name") + "@127.0.0.1", "echo ok"));
	}

	private String log() throws IOException {
		Path log = dir.resolve("sshd.log");
		return Files.exists(log) ? "\nsshd.log:\n" + Files.readString(log) : "";
	}
}
