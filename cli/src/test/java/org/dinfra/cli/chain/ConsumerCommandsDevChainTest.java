package org.dinfra.cli.chain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dinfra.chain.api.Call;
import org.dinfra.chain.client.ChainRuntime;
import org.dinfra.chain.client.RpcClient;
import org.dinfra.chain.client.Transactions;
import org.dinfra.chain.client.Value;
import org.dinfra.chain.testing.DevChain;
import org.dinfra.cli.Main;
import org.dinfra.core.api.Cid;
import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.Keys;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The consumer commands against the real dev chain (our runtime in Chopsticks, started here with
 * {@code DevChain} of the chain bundle's test-jar, free port, 500 ms blocks, stopped by pid): //Bob registers a
 * type and itself as provider with the client library; then {@code subscribe}, {@code subscriptions},
 * {@code top-up} and {@code cancel} run in-process as //Charlie, and their failures come back as
 * the pallet's errors with exit code 1.
 *
 * <p>Skipped (not failed, outside CI) when the dev chain cannot run here: no cached runtime build
 * ({@code ~/.cache/dinfra/parachain}) or no Chopsticks; it fails when the chain is not ready within 90 s.
 */
public class ConsumerCommandsDevChainTest {
	private static final BigInteger PRICE = BigInteger.TEN.pow(9); // Bob's price per block: 0.001 DNF
	private static final String TYPE = "greeting";
	private static final String BOB = "5GoNkf6WdbxCFnPdAnYYQyCjAKPJgLNxXwPjwTh6DGg6gN3E";
	private static final String CHARLIE = "5DbKjhNLpqX3zqZdNBc9BGb4fHU1cRBaDhJUskrvkwfraDi6";
	private static final ObjectMapper JSON = new ObjectMapper();

	@Rule
	public Timeout timeout = new Timeout(240, TimeUnit.SECONDS);
	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private DevChain chain;
	private String endpoint;
	private RpcClient rpc;
	private Path schemas;
	private Path store;

	private record Run(int exit, String out, String err) {
	}

	@Before
	public void startDevChain() throws Exception {
		chain = DevChain.start(tmp.newFolder("chain").toPath(), 500, Duration.ofSeconds(90));
		endpoint = chain.url();
		rpc = new RpcClient(List.of(URI.create(endpoint)), RpcClient.Options.defaults());
		assertTrue(rpc.awaitConnected(Duration.ofSeconds(10)));

		schemas = tmp.newFolder("reactor").toPath();
		Files.createDirectories(schemas.resolve("schema"));
		Files.writeString(schemas.resolve("schema/" + TYPE + ".schema.json"), """
				{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
				 "required":["message"],"additionalProperties":false,
				 "properties":{"message":{"type":"string"}}}""");
		store = tmp.getRoot().toPath().resolve("content");
	}

	@After
	public void stopDevChain() throws Exception {
		if (rpc != null) {
			rpc.close();
		}
		if (chain != null) {
			chain.close();
		}
	}

	@Test
	public void subscribeListTopUpCancelAndThePalletsErrors() throws Exception {
		registerBobAsProvider();
		String descriptor = file("hello.json", "{\"message\":\"hello\"}");
		Cid cid = Cid.of(Files.readAllBytes(Path.of(descriptor)));

		// subscribe: stored, assigned to Bob at his price, 1.5 DNF lasts 1500 blocks
		Run sub = cli("subscribe", descriptor, "--type", TYPE, "--deposit", "1.5DNF", "--max-price", "2000000000",
				"--schema-path", schemas.toString(), "--store", store.toString(), "--suri", "//Charlie", "--endpoint", endpoint);
		assertEquals(sub.err(), 0, sub.exit());
		Matcher m = Pattern.compile("(?m)^subscription +(\\d+)$").matcher(sub.out());
		assertTrue(sub.out(), m.find());
		long id = Long.parseLong(m.group(1));
		assertTrue(sub.out(), sub.out().contains("provider        " + BOB + "\n"));
		assertTrue(sub.out(), sub.out().contains("price per block 1000000000 (0.001 DNF)\n"));
		assertTrue(sub.out(), sub.out().contains("cid             " + cid + "\n"));
		assertTrue("stored as descriptor put stores it", Files.exists(store) && Files.walk(store).anyMatch(p -> p.getFileName().toString().equals(cid.toString())));
		Matcher block = Pattern.compile("(?m)^block +#(\\d+) ").matcher(sub.out());
		assertTrue(sub.out(), block.find());
		long endBlock = Long.parseLong(sub.out().replaceAll("(?s).*end block +(\\d+)\n.*", "$1"));
		assertEquals("end = start + deposit / price", Long.parseLong(block.group(1)) + 1500, endBlock);

		// subscriptions: listed, by key and by address, as a table and as JSON
		JsonNode listed = JSON.readTree(cliOk("subscriptions", "--suri", "//Charlie", "--json", "--endpoint", endpoint));
		assertEquals(listed.toString(), 1, listed.size());
		JsonNode s = listed.get(0);
		assertEquals(id, s.get("id").asLong());
		assertEquals(BOB, s.get("provider").asText());
		assertEquals(CHARLIE, s.get("consumer").asText());
		assertEquals("Assigned", s.get("status").asText());
		assertEquals("1500000000000", s.get("deposit").asText());
		assertEquals(endBlock, s.get("end").asLong());
		assertEquals(cid.toString(), s.get("cid").asText());
		assertEquals("--field prints chosen values for scripts, tab separated", id + "\tAssigned\t" + endBlock + "\t\n",
				cliOk("subscriptions", "--suri", "//Charlie", "--field", "id", "--field", "status", "--field", "end", "--field", "endpoint.*",
						"--endpoint", endpoint));
		String table = cliOk("subscriptions", "--account", CHARLIE, "--endpoint", endpoint);
		assertTrue(table, table.startsWith("ID  TYPE      PROVIDER"));
		assertTrue(table, table.contains(String.format("%-2s  ", id) + TYPE + "  " + BOB + "  Assigned  0.001 DNF    1.5 DNF  " + endBlock + "  " + cid));

		// top-up with the key from an owner-only file: 0.5 DNF more moves the end by 500 blocks
		Path suri = tmp.getRoot().toPath().resolve("charlie.suri");
		Files.writeString(suri, "//Charlie\n");
		Files.setPosixFilePermissions(suri, PosixFilePermissions.fromString("rw-r--r--"));
		Run open = cli("top-up", Long.toString(id), "0.5DNF", "--suri-file", suri.toString(), "--endpoint", endpoint);
		assertOneError(open, "secret URI file " + suri + " is accessible to others (mode rw-r--r--); run chmod 600 " + suri);
		Files.setPosixFilePermissions(suri, PosixFilePermissions.fromString("rw-------"));
		String topped = cliOk("top-up", Long.toString(id), "0.5DNF", "--suri-file", suri.toString(), "--endpoint", endpoint);
		assertTrue(topped, topped.startsWith("topped up subscription " + id + " by 500000000000 (0.5 DNF): deposit 2000000000000 (2 DNF), end block "
				+ (endBlock + 500) + " (block #"));
		assertEquals(endBlock + 500, JSON.readTree(cliOk("subscriptions", "--suri", "//Charlie", "--json", "--endpoint", endpoint)).get(0).get("end").asLong());

		// someone else's subscription: Dave subscribes, Charlie may neither cancel nor top it up
		Run dave = cli("subscribe", descriptor, "--type", TYPE, "--deposit", "1DNF", "--max-price", "1DNF",
				"--schema-path", schemas.toString(), "--store", store.toString(), "--suri", "//Dave", "--endpoint", endpoint, "--json");
		assertEquals(dave.err(), 0, dave.exit());
		long daves = JSON.readTree(dave.out()).get("id").asLong();
		Run daveAgain = cli("subscribe", descriptor, "--type", TYPE, "--deposit", "1DNF", "--max-price", "1DNF",
				"--schema-path", schemas.toString(), "--store", store.toString(), "--suri", "//Dave", "--endpoint", endpoint,
				"--field", "id", "--field", "provider", "--field", "cid");
		assertEquals(daveAgain.err(), 0, daveAgain.exit());
		assertEquals((daves + 1) + "\t" + BOB + "\t" + cid + "\n", daveAgain.out());
		assertPalletError(cli("cancel", Long.toString(daves), "--suri", "//Charlie", "--endpoint", endpoint), "DinfraSubscriptions.NotConsumer");
		assertPalletError(cli("top-up", Long.toString(daves), "1", "--suri", "//Charlie", "--endpoint", endpoint), "DinfraSubscriptions.NotConsumer");
		assertPalletError(cli("cancel", "999999", "--suri", "//Charlie", "--endpoint", endpoint), "DinfraSubscriptions.UnknownSubscription");

		// cancel: Bob is paid for the blocks used, the rest is refunded; gone from the list
		String cancelled = cliOk("cancel", Long.toString(id), "--suri", "//Charlie", "--endpoint", endpoint, "--wait", "finalized");
		Matcher c = Pattern.compile("cancelled subscription " + id + ": paid (\\d+) \\([^)]*\\), refunded (\\d+) \\([^)]*\\) \\(block #\\d+\\)\n").matcher(cancelled);
		assertTrue(cancelled, c.matches());
		assertEquals("paid + refunded == deposit", new BigInteger("2000000000000"), new BigInteger(c.group(1)).add(new BigInteger(c.group(2))));
		assertEquals("[]", cliOk("subscriptions", "--suri", "//Charlie", "--json", "--endpoint", endpoint).strip());
		assertEquals("no live subscriptions of " + CHARLIE, cliOk("subscriptions", "--suri", "//Charlie", "--endpoint", endpoint).strip());
		assertPalletError(cli("cancel", Long.toString(id), "--suri", "//Charlie", "--endpoint", endpoint), "DinfraSubscriptions.NotLive");

		// below Bob's price nobody is assigned: the pallet's error, exit 1
		long charlieNonce = rpc.request("system_accountNextIndex", CHARLIE).asLong();
		assertPalletError(cli("subscribe", descriptor, "--type", TYPE, "--deposit", "1DNF", "--max-price", "999999999",
				"--schema-path", schemas.toString(), "--store", store.toString(), "--suri", "//Charlie", "--endpoint", endpoint),
				"DinfraSubscriptions.NoProviderAvailable");
		assertEquals(charlieNonce + 1, rpc.request("system_accountNextIndex", CHARLIE).asLong());

		// a descriptor its schema refuses is never submitted (nothing paid)
		Run invalid = cli("subscribe", file("bad.json", "{\"message\":5}"), "--type", TYPE, "--deposit", "1DNF", "--max-price", "1DNF",
				"--schema-path", schemas.toString(), "--store", store.toString(), "--suri", "//Charlie", "--endpoint", endpoint);
		assertEquals(invalid.err(), 1, invalid.exit());
		assertTrue(invalid.err(), invalid.err().startsWith("error: "));
		assertTrue(invalid.err(), invalid.err().contains("is not a valid greeting descriptor (1 problem); nothing was submitted"));
		assertTrue(invalid.err(), invalid.err().contains("/message"));
		assertEquals("no transaction", charlieNonce + 1, rpc.request("system_accountNextIndex", CHARLIE).asLong());

		// bad amount and unknown unit: one line, exit 1
		assertOneError(cli("top-up", Long.toString(daves), "2.5UNIT", "--suri", "//Charlie", "--endpoint", endpoint),
				"bad amount '2.5UNIT': unknown unit UNIT (this chain's token is DNF)");
	}

	private void registerBobAsProvider() throws Exception {
		Keys keys = Keys.standalone();
		try (AccountKey bob = keys.fromSecretUri("//Bob".toCharArray())) {
			ChainRuntime rt = ChainRuntime.load(rpc, null);
			Transactions tx = new Transactions(rpc, bob, BOB, Transactions.Options.defaults());
			Transactions.Included type = tx.submitAndWait(rt, Call.REGISTER_TYPE.encode(rt.metadata(), Value.of(bytes(TYPE)),
					Value.of(bytes("bafkreischema"))), Duration.ofSeconds(60));
			assertTrue(type.error().toString(), type.success());
			Transactions.Included provider = tx.submitAndWait(rt, Call.REGISTER_PROVIDER.encode(rt.metadata(),
					new Value.Sequence(List.of(new Value.Composite(List.of(new Value.Field("type_id", Value.of(bytes(TYPE))),
							new Value.Field("price_per_block", new Value.Int(PRICE)))))),
					Value.of(5),
					new Value.Composite(List.of(new Value.Field("name", Value.of(bytes("it"))), new Value.Field("region", Value.of(bytes("local"))),
							new Value.Field("contact", Value.of(bytes("ops@example.org")))))), Duration.ofSeconds(60));
			assertTrue(provider.error().toString(), provider.success());
		}
	}

	private Run cli(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = Main.run(new PrintWriter(out), new PrintWriter(err), args);
		return new Run(exit, out.toString(), err.toString());
	}

	private String cliOk(String... args) {
		Run r = cli(args);
		assertEquals(String.join(" ", args) + ": " + r.err(), 0, r.exit());
		assertEquals("", r.err());
		return r.out();
	}

	private static void assertOneError(Run r, String message) {
		assertEquals(r.err(), 1, r.exit());
		assertEquals("", r.out());
		assertEquals("error: " + message + System.lineSeparator(), r.err());
	}

	private static void assertPalletError(Run r, String error) {
		assertEquals(r.err(), 1, r.exit());
		assertEquals("", r.out());
		assertTrue(r.err(), r.err().startsWith("error: " + error + " (") || r.err().startsWith("error: " + error + "; in block #"));
		assertEquals("one line: " + r.err(), 1, r.err().lines().count());
		assertFalse(r.err(), r.err().contains("Exception"));
	}

	private String file(String name, String content) throws Exception {
		Path f = tmp.getRoot().toPath().resolve(name);
		Files.writeString(f, content);
		return f.toString();
	}

	private static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}
}
