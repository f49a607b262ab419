package org.dinfra.cli.chain;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.dinfra.chain.api.Call;
import org.dinfra.chain.api.Event;
import org.dinfra.chain.client.Events;
import org.dinfra.chain.client.Transactions;
import org.dinfra.chain.client.Value;
import org.dinfra.cli.CliException;
import org.dinfra.cli.DescriptorCommand;
import org.dinfra.cli.Environment;
import org.dinfra.cli.SchemaCatalog;
import org.dinfra.core.api.Cid;
import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.Keys;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./dinfra subscribe}: store a descriptor, subscribe to it on chain, print the assignment. */
@Command(name = "subscribe", mixinStandardHelpOptions = true, sortOptions = false,
		description = {"Subscribes to a deployment and prints the assigned provider.", "",
				"Validates the descriptor against its type's schema when the schema "
				+ "is known here, stores it in the local content store (as 'descriptor put'), then submits "
				+ "DinfraSubscriptions.subscribe(type, cid, max price per block, deposit) signed by the consumer key "
				+ "and waits for its block. Prints the subscription id, the assigned provider, the price per block, "
				+ "the end block and the CID."},
		footerHeading = "%nAmounts:%n",
		footer = {"  An integer in the chain's smallest unit (1500000000000), or a decimal",
				"  with the token symbol the node declares in system_properties (1.5DNF on",
				"  the dev chain: 12 decimals).",
				"",
				"Exit codes: 0 subscribed; 1 failed (one error: line, such as",
				"DinfraSubscriptions.NoProviderAvailable, or the descriptor's schema",
				"problems); 2 usage error."})
public final class SubscribeCommand implements Callable<Integer> {
	@Spec
	CommandSpec spec;

	@Parameters(paramLabel = "FILE", description = "The descriptor file (JSON).")
	String file;

	@Option(names = {"--type", "-t"}, required = true, paramLabel = "TYPE", description = "The descriptor type id, e.g. docker-compose.")
	String type;

	@Option(names = "--deposit", required = true, paramLabel = "AMOUNT",
			description = "What to lock for the subscription; it lasts deposit / price blocks.")
	String deposit;

	@Option(names = "--max-price", required = true, paramLabel = "AMOUNT",
			description = "The most to pay per block; the provider's own price is what is billed.")
	String maxPrice;

	@Option(names = "--store", paramLabel = "DIR",
			description = "The content store directory (default: the local agent's, under DINFRA_HOME).")
	Path store;

	@Option(names = "--schema-path", paramLabel = "PATH",
			description = "Extra reactor jars or directories holding schema/<type>.schema.json, separated by ':' (also DINFRA_SCHEMA_PATH).")
	String schemaPath;

	@Mixin
	WaitOption wait;

	@Option(names = "--json", description = "Print one line of JSON (the subscription as 'subscriptions --json' shows it, plus block and blockHash).")
	boolean json;

	@Mixin
	org.dinfra.cli.FieldsOption fields;

	@Mixin
	ChainOptions chain;

	@Mixin
	SignerOptions signer;

	@Override
	public Integer call() throws IOException {
		ChainSession.Wait until = wait.until();
		if (type.isBlank()) {
			throw new CliException("the type id is empty", 2);
		}
		byte[] bytes = Files.readAllBytes(Environment.readableFile(file));
		PrintWriter err = spec.commandLine().getErr();
		SchemaCatalog catalog = new SchemaCatalog(schemaPath);
		if (catalog.schema(type).isPresent()) {
			List<String> problems = DescriptorCommand.validate(catalog, type, bytes);
			if (!problems.isEmpty()) {
				err.println("error: " + file + " is not a valid " + type + " descriptor (" + problems.size() + " problem"
						+ (problems.size() == 1 ? "" : "s") + "); nothing was submitted:");
				problems.forEach(p -> err.println("  " + p));
				return 1;
			}
		} else {
			err.println("note: no schema of type '" + type + "' is known here (./dinfra descriptor types); the descriptor is not validated locally");
		}
		try (AccountKey key = signer.open(Keys.standalone()); ChainSession session = ChainSession.open(chain)) {
			BigInteger max = session.token().parse(maxPrice, "--max-price");
			BigInteger dep = session.token().parse(deposit, "--deposit");
			Cid cid;
			try {
				cid = DescriptorCommand.put(store, bytes);
			} catch (IOException e) {
				throw new CliException("cannot store the descriptor in the content store: " + e);
			}
			byte[] call = session.call(Call.SUBSCRIBE, Value.of(type.getBytes(StandardCharsets.UTF_8)),
					Value.of(cid.toString().getBytes(StandardCharsets.UTF_8)), new Value.Int(max), new Value.Int(dep));
			Transactions.Included included = session.submit(call, key, until);
			Events.EventRecord created = Event.SUBSCRIPTION_CREATED.first(included.events())
					.orElseThrow(() -> new CliException("the transaction succeeded but emitted no SubscriptionCreated event"));
			long id = created.get("id").asLong();
			SubscriptionInfo info = session.subscription(id, included.blockHash())
					.orElseThrow(() -> new CliException("subscription " + id + " is not in the state of its block"));
			PrintWriter out = spec.commandLine().getOut();
			if (json || fields.given()) {
				ObjectNode o = info.toJson();
				o.put("block", included.blockNumber());
				o.put("blockHash", included.blockHash());
				out.println(fields.given() ? fields.line(o) : o.toString());
			} else {
				out.println(info.toText(session.token()));
				out.println("block           #" + included.blockNumber() + " " + included.blockHash());
			}
			return 0;
		}
	}
}
