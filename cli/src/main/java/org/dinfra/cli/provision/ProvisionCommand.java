package org.dinfra.cli.provision;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.dinfra.cli.CliException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./dinfra agent provision}: writes a distribution's etc/ for given reactors and a chain ({@link AgentProvisioning}). */
@Command(name = "provision", mixinStandardHelpOptions = true, sortOptions = false,
		description = {"Makes an unpacked agent distribution serve the given reactors and, with --endpoint, "
				+ "follow that chain as a provider: writes its etc/ before its first start.", "",
				"Adds the features to featuresBoot (etc/org.apache.karaf.features.cfg; Karaf installs them at the first "
						+ "start), each checked against the features the distribution ships; copies their configuration "
						+ "files into etc/ when absent; with --endpoint adds dinfra-chain and writes etc/org.dinfra.chain.cfg "
						+ "(endpoints, the provider key file, registration, the offer). Other keys and comments are kept. "
						+ "Running it again with the same options changes nothing; features are added, never removed "
						+ "(feature:uninstall in the console)."},
		footer = {"%nExamples:",
				"  ./dinfra agent provision agent --reactor docker-compose",
				"  ./dinfra agent provision agent --reactor docker-compose \\",
				"      --reactor cloudstack-vm --endpoint wss://node1.example \\",
				"      --endpoint wss://node2.example --price-per-block 1000000000 \\",
				"      --provider-key-file agent/etc/provider.suri \\",
				"      --status-bind 127.0.0.1:8181",
				"",
				"Exit codes: 0 provisioned (or nothing to change); 1 failed (one error:",
				"line: a feature or type the distribution does not have, a key file",
				"others may read, ...); 2 usage error."})
public final class ProvisionCommand implements Callable<Integer> {
	@Spec
	CommandSpec spec;

	@Parameters(paramLabel = "DIR", description = "The unpacked distribution (KARAF_HOME), e.g. agent or /opt/dinfra.")
	Path home;

	@Option(names = "--etc", paramLabel = "DIR", description = "Its configuration directory when it is not DIR/etc (KARAF_ETC).")
	Path etc;

	@Option(names = "--reactor", paramLabel = "TYPE|FEATURE",
			description = "A reactor to serve: a descriptor type id (docker-compose, cloudstack-vm: the feature whose "
					+ "bundle ships that type's schema) or a feature name (dinfra-reactor-http). Repeatable.")
	List<String> reactors = new ArrayList<>();

	@Option(names = "--feature", paramLabel = "FEATURE", description = "Another feature to boot (dinfra-keys, ...). Repeatable.")
	List<String> features = new ArrayList<>();

	@Option(names = "--status-bind", paramLabel = "HOST:PORT",
			description = "Serve the status API, metrics and health check (feature dinfra-status) on this address "
					+ "(etc/org.ops4j.pax.web.cfg; the distribution's default is 127.0.0.1:8181).")
	String statusBind;

	@Option(names = "--endpoint", paramLabel = "URL", split = ",",
			description = "Follow the chain of this node (ws:// or wss://) as a provider: feature dinfra-chain. "
					+ "Repeatable (or comma separated); tried in this order on failure.")
	List<String> endpoints = new ArrayList<>();

	@Option(names = {"--provider-key-file", "--suri-file"}, paramLabel = "FILE",
			description = "The file holding the provider's secret URI or mnemonic, readable by its owner only (chmod 600). "
					+ "Without it the agent reads the key from the environment variable DINFRA_PROVIDER_SURI.")
	Path providerKeyFile;

	@Option(names = "--register", negatable = true, defaultValue = "true", fallbackValue = "true",
			description = "Register the provider on chain at start (holds the provider deposit) and keep its offers "
					+ "in step with the installed reactors (default: yes).")
	boolean register;

	@Option(names = "--register-types", negatable = true, defaultValue = "true", fallbackValue = "true",
			description = "Register the served types the chain does not know yet (holds the type deposit; default: yes).")
	boolean registerTypes;

	@Option(names = "--price-per-block", paramLabel = "AMOUNT", description = "The offer's price per block, an integer in the chain's smallest unit.")
	String pricePerBlock;

	@Option(names = "--capacity", paramLabel = "N", description = "The most deployments the chain assigns to this provider at once.")
	Integer capacity;

	@Option(names = "--name", paramLabel = "TEXT", description = "The provider's name on chain (at most 64 bytes).")
	String name;

	@Option(names = "--region", paramLabel = "TEXT", description = "The provider's region on chain (at most 32 bytes).")
	String region;

	@Option(names = "--contact", paramLabel = "TEXT", description = "The provider's contact on chain (at most 128 bytes).")
	String contact;

	@Override
	public Integer call() throws IOException {
		if (!Files.isDirectory(home)) {
			throw new CliException("no such directory: " + home);
		}
		Provisioning what = new Provisioning(reactors, features, chain(), statusBind);
		AgentProvisioning.Outcome outcome;
		try {
			outcome = new AgentProvisioning(home, etc != null ? etc : home.resolve("etc")).apply(what);
		} catch (IllegalArgumentException e) {
			throw new CliException(e.getMessage());
		}
		PrintWriter out = spec.commandLine().getOut();
		if (!outcome.addedFeatures().isEmpty()) {
			out.println("featuresBoot: added " + String.join(", ", outcome.addedFeatures()));
		}
		outcome.written().forEach(f -> out.println("wrote " + f));
		if (outcome.written().isEmpty()) {
			out.println(home + " is provisioned so already: nothing changed");
		}
		return 0;
	}

	private ChainProvider chain() {
		Map<String, String> offer = new LinkedHashMap<>();
		if (pricePerBlock != null) {
			if (!pricePerBlock.matches("[0-9]+")) {
				throw new CliException("--price-per-block: an integer in the chain's smallest unit, not " + pricePerBlock, 2);
			}
			offer.put("pricePerBlock", pricePerBlock);
		}
		if (capacity != null) {
			if (capacity < 1) {
				throw new CliException("--capacity: at least 1", 2);
			}
			offer.put("capacity", capacity.toString());
		}
		putIfGiven(offer, "name", name);
		putIfGiven(offer, "region", region);
		putIfGiven(offer, "contact", contact);
		List<String> given = endpoints.stream().map(String::strip).filter(e -> !e.isEmpty()).toList();
		if (given.isEmpty()) {
			if (providerKeyFile != null || !offer.isEmpty()) {
				throw new CliException("the provider key and the offer need a chain: give --endpoint URL", 2);
			}
			return null;
		}
		try {
			List<URI> urls = given.stream().map(ChainProvider::endpoint).toList();
			return new ChainProvider(urls, providerKeyFile, register, registerTypes, offer);
		} catch (IllegalArgumentException e) {
			throw new CliException("--endpoint: " + e.getMessage(), 2);
		}
	}

	private static void putIfGiven(Map<String, String> offer, String key, String value) {
		if (value != null) {
			offer.put(key, value);
		}
	}
}
