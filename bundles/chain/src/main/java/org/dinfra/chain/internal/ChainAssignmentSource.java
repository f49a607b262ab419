package org.dinfra.chain.internal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.dinfra.chain.client.RpcClient;
import org.dinfra.core.api.AssignmentListener;
import org.dinfra.core.api.AssignmentSource;
import org.dinfra.core.api.DescriptorTypes;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.SourceStatus;
import org.dinfra.core.api.StatusReporter;
import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.Ed25519PublicKey;
import org.dinfra.keys.api.KeyException;
import org.dinfra.keys.api.Keys;
import org.dinfra.keys.api.Secrets;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain assignment source: the agent's link to the DINFRA parachain. Owns the node
 * connection and the provider key, publishes the {@link ChainTracker} as the agent's
 * {@link AssignmentSource} and {@link StatusReporter}, and keeps the provider's registration in
 * step with the core's served types ({@link ProviderRegistrar}). Its service ranking (100) puts
 * it before the directory source when both are installed. Active only when
 * {@code etc/org.dinfra.chain.cfg} exists.
 */
@Component(service = { AssignmentSource.class, StatusReporter.class, SourceStatus.class, ChainAssignmentSource.class },
		configurationPid = ChainAssignmentSource.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
		property = "service.ranking:Integer=100")
@Designate(ocd = ChainAssignmentSource.Config.class)
public final class ChainAssignmentSource implements AssignmentSource, StatusReporter, SourceStatus {
	/** The configuration PID. */
	public static final String PID = "org.dinfra.chain";
	private static final Logger LOG = LoggerFactory.getLogger(ChainAssignmentSource.class);

	@ObjectClassDefinition(name = "DINFRA chain", description = "Follows the DINFRA parachain for one provider.")
	public @interface Config {
		@AttributeDefinition(name = "Node endpoints",
				description = "WebSocket JSON-RPC URLs of parachain nodes, comma separated, tried in this order on failure.")
		String endpoints() default "ws://127.0.0.1:9944";

		@AttributeDefinition(name = "Provider secret file",
				description = "File holding the provider account's secret URI or mnemonic; only its owner may read it (chmod 600).")
		String providerSecretFile() default "";

		@AttributeDefinition(name = "Provider secret variable",
				description = "Environment variable holding the provider's secret URI, used when no file is set.")
		String providerSecretEnv() default "DINFRA_PROVIDER_SURI";

		@AttributeDefinition(name = "SS58 prefix", description = "Network prefix of the addresses shown (42: generic Substrate).")
		int ss58Prefix() default Keys.DEFAULT_SS58_PREFIX;

		@AttributeDefinition(name = "Checkpoint file", description = "Last processed finalized block. Empty: ${karaf.data}/dinfra/chain/checkpoint.")
		String checkpointFile() default "";

		@AttributeDefinition(name = "Report timeout (s)",
				description = "How long a running/failed report waits to be in a block before it is retried.")
		long reportTimeoutSeconds() default 60;

		@AttributeDefinition(name = "Transaction lifetime (blocks)", description = "Mortal era of the agent's transactions.")
		int mortalPeriod() default 64;

		@AttributeDefinition(name = "Register", description = "Register the provider at start when absent, and keep its offers in step with the installed reactors.")
		boolean register() default false;

		@AttributeDefinition(name = "Register types",
				description = "Register a served descriptor type that the chain does not know yet (holds the type deposit), with the CID of the reactor's schema.")
		boolean registerTypes() default false;

		@AttributeDefinition(name = "Price per block", description = "Price per block, in the chain's smallest unit, of every type served unless listed in prices.")
		String pricePerBlock() default "1000000000";

		@AttributeDefinition(name = "Prices", description = "Per type prices: type=price, comma separated.")
		String prices() default "";

		@AttributeDefinition(name = "Capacity", description = "Maximum concurrent deployments the chain assigns to this provider.")
		int capacity() default 10;

		@AttributeDefinition(name = "Name", description = "Provider name shown on chain (at most 64 bytes).")
		String name() default "";

		@AttributeDefinition(name = "Region", description = "Provider region shown on chain (at most 32 bytes).")
		String region() default "";

		@AttributeDefinition(name = "Contact", description = "Provider contact shown on chain (at most 128 bytes).")
		String contact() default "";
	}

	private final Keys keys;
	private final int ss58Prefix;
	private final List<URI> endpoints;
	private final RpcClient rpc;
	private final AccountKey provider;
	private final ChainTracker tracker;
	private final String providerAddress;
	private final ProviderRegistrar registrar;

	@Activate
	public ChainAssignmentSource(Config config, @Reference Keys keys) throws KeyException {
		this.keys = keys;
		ProviderRegistration.Settings settings = new ProviderRegistration.Settings(
				ProviderRegistration.Settings.parsePrice("pricePerBlock", config.pricePerBlock().trim()),
				ProviderRegistration.Settings.parsePrices(config.prices()), positive("capacity", config.capacity()), config.name(),
				config.region(), config.contact(), config.registerTypes());
		this.ss58Prefix = config.ss58Prefix();
		this.endpoints = endpoints(config.endpoints());
		this.provider = providerKey(keys, config);
		boolean started = false;
		RpcClient client = null;
		ChainTracker chainTracker = null;
		try {
			this.providerAddress = address(provider.publicKey().bytes());
			client = new RpcClient(endpoints, RpcClient.Options.defaults());
			this.rpc = client;
			ChainTracker.Options defaults = ChainTracker.Options.defaults();
			chainTracker = new ChainTracker(client, provider, checkpointFile(config.checkpointFile()), Clock.systemUTC(),
					this::address, new ChainTracker.Options(Duration.ofSeconds(config.reportTimeoutSeconds()),
							defaults.pollInterval(), defaults.retryDelay(), config.mortalPeriod()));
			this.tracker = chainTracker;
			ProviderRegistration registration = new ProviderRegistration(client, tracker.transactions(), provider.publicKey().bytes(),
					Duration.ofSeconds(config.reportTimeoutSeconds()));
			this.registrar = new ProviderRegistrar(client, endpoints, registration, settings, config.register());
			started = true;
		} finally {
			if (!started) {
				if (chainTracker != null) {
					chainTracker.close();
				}
				if (client != null) {
					client.close();
				}
				provider.close();
			}
		}
		LOG.info("Following the chain at {} as provider {}", endpoints, providerAddress);
	}

	@Deactivate
	void deactivate() {
		registrar.close();
		tracker.close();
		rpc.close();
		provider.close();
	}

	private static int positive(String what, int value) {
		if (value <= 0) {
			throw new IllegalArgumentException(what + ": must be positive, got " + value);
		}
		return value;
	}

	// ---- provider registration ------------------------------------------------------------------

	/**
	 * The core's served types: the registration follows them. Dynamic and optional: the core's
	 * agent binds this component as its source, so a mandatory reference back to the core would
	 * make a cycle that fails activation depending on timing.
	 */
	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	void bindTypes(DescriptorTypes types) {
		registrar.typesAvailable(types);
	}

	void unbindTypes(DescriptorTypes types) {
		registrar.typesGone(types);
	}

	/**
	 * @return what would be done to bring the registration on chain in step
	 * @throws Exception if the chain cannot be read
	 */
	public ProviderRegistration.Plan registrationPlan() throws Exception {
		return registrar.plan();
	}

	/**
	 * Brings the registration on chain in step with the installed reactors and the configuration.
	 *
	 * @return one line per transaction sent; empty when nothing was needed
	 * @throws Exception with the pallet's error when the chain refuses
	 */
	public List<String> registerNow() throws Exception {
		return registrar.registerNow();
	}

	/**
	 * @param who an account id
	 * @return its provider registration at the best block
	 * @throws Exception if the chain cannot be read
	 */
	public Optional<ProviderRegistration.OnChain> provider(byte[] who) throws Exception {
		return registrar.provider(who);
	}

	/** @return the outcome of the last automatic registration */
	public String registrationState() {
		return registrar.state();
	}

	static List<URI> endpoints(String value) {
		List<URI> out = new ArrayList<>();
		for (String s : value.split(",")) {
			String t = s.trim();
			if (t.isEmpty()) {
				continue;
			}
			URI uri;
			try {
				uri = URI.create(t);
			} catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("endpoints: not a URL: " + t);
			}
			if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
				throw new IllegalArgumentException("endpoints: " + t + " is not a ws:// or wss:// URL");
			}
			out.add(uri);
		}
		if (out.isEmpty()) {
			throw new IllegalArgumentException("endpoints: no node endpoint configured");
		}
		return out;
	}

	private static AccountKey providerKey(Keys keys, Config config) throws KeyException {
		char[] suri = null;
		try {
			if (!config.providerSecretFile().isBlank()) {
				suri = Secrets.readOwnerOnly(Path.of(config.providerSecretFile().trim()), "provider secret");
			} else {
				String variable = config.providerSecretEnv().trim();
				String value = variable.isEmpty() ? null : System.getenv(variable);
				if (value == null || value.isBlank()) {
					throw new KeyException("no provider key: set providerSecretFile in etc/" + PID + ".cfg, or the environment variable "
							+ (variable.isEmpty() ? "named by providerSecretEnv" : variable));
				}
				suri = value.trim().toCharArray();
			}
			return keys.fromSecretUri(suri);
		} finally {
			Secrets.clear(suri);
		}
	}

	private static Path checkpointFile(String configured) {
		if (!configured.isBlank()) {
			return Path.of(configured.trim());
		}
		String data = System.getProperty("karaf.data", "data");
		return Path.of(data, "dinfra", "chain", "checkpoint");
	}

	/** @return the SS58 address of an account id with the configured prefix */
	public String address(byte[] accountId) {
		try {
			return keys.ss58Encode(Ed25519PublicKey.of(accountId), ss58Prefix);
		} catch (KeyException e) {
			throw new IllegalArgumentException(e.getMessage(), e);
		}
	}

	// ---- the agent's services, delegated to the tracker -----------------------------------------

	@Override
	public String name() {
		return tracker.name();
	}

	@Override
	public AutoCloseable watch(AssignmentListener listener) {
		return tracker.watch(listener);
	}

	@Override
	public void running(long id, List<Endpoint> endpoints) throws Exception {
		tracker.running(id, endpoints);
	}

	@Override
	public void failed(long id, Reason reason) throws Exception {
		tracker.failed(id, reason);
	}

	@Override
	public boolean inSync() {
		return tracker.inSync();
	}

	@Override
	public long lag() {
		Checkpoint processed = tracker.processed();
		long finalized = tracker.finalizedSeen();
		return processed == null || finalized < 0 ? -1 : Math.max(0, finalized - processed.number());
	}

	@Override
	public Map<String, String> details() {
		Map<String, String> out = new LinkedHashMap<>();
		URI endpoint = rpc.endpoint();
		out.put("endpoint", endpoint == null ? "not connected (" + endpoints + ")" : endpoint.toString());
		out.put("provider", providerAddress);
		long finalized = tracker.finalizedSeen();
		out.put("finalized", finalized < 0 ? "unknown" : Long.toString(finalized));
		Checkpoint processed = tracker.processed();
		out.put("checkpoint", processed == null ? "none" : processed.number() + " " + processed.blockHash());
		out.put("registration", registrar.state());
		return out;
	}

	// ---- for the console commands ---------------------------------------------------------------

	/** @return the node connection */
	public RpcClient rpc() {
		return rpc;
	}

	/** @return the provider's account id */
	public byte[] providerAccount() {
		return provider.publicKey().bytes();
	}

	/** @return the provider's SS58 address */
	public String providerAddress() {
		return providerAddress;
	}

	/** @return the configured endpoints, in failover order */
	public List<URI> endpoints() {
		return endpoints;
	}

	/** @return the tracker */
	public ChainTracker tracker() {
		return Objects.requireNonNull(tracker);
	}
}
