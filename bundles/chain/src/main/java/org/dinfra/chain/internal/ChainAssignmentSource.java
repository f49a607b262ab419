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
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.dinfra.chain.api.ChainRuntime;
import org.dinfra.chain.api.RpcClient;
import org.dinfra.chain.api.RpcException;
import org.dinfra.core.api.AssignmentListener;
import org.dinfra.core.api.AssignmentSource;
import org.dinfra.core.api.DescriptorTypes;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.Reactor;
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
 * The agent's link to the DINFRA parachain: owns the node connection and the provider key, and
 * publishes the {@link ChainTracker} as the agent's {@link AssignmentSource} and
 * {@link StatusReporter}. Its service ranking (100) puts it before the directory source when
 * both are installed. Active only when {@code etc/org.dinfra.chain.cfg} exists.
 */
@Component(service = { AssignmentSource.class, StatusReporter.class, SourceStatus.class, ChainAgent.class },
		configurationPid = ChainAgent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
		property = "service.ranking:Integer=100")
@Designate(ocd = ChainAgent.Config.class)
public final class ChainAgent implements AssignmentSource, StatusReporter, SourceStatus {
	/** The configuration PID. */
	public static final String PID = "org.dinfra.chain";
	private static final Logger LOG = LoggerFactory.getLogger(ChainAgent.class);

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
	/**
	 * Dynamic and optional: the core's agent binds this component as its source, so a mandatory
	 * reference back to the core would make a cycle that fails activation depending on timing.
	 */
	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	private volatile DescriptorTypes types;
	private final boolean register;
	private final ProviderRegistration.Settings settings;
	private final ProviderRegistration registration;
	private final ScheduledExecutorService registrar;
	private ScheduledFuture<?> pendingRegistration; // guarded by this
	private volatile String registrationState = "not configured (register = false)";

	@Activate
	public ChainAgent(Config config, @Reference Keys keys) throws KeyException {
		this.keys = keys;
		this.register = config.register();
		this.settings = new ProviderRegistration.Settings(
				ProviderRegistration.Settings.parsePrice("pricePerBlock", config.pricePerBlock().trim()),
				ProviderRegistration.Settings.parsePrices(config.prices()), positive("capacity", config.capacity()), config.name(),
				config.region(), config.contact(), config.registerTypes());
		this.ss58Prefix = config.ss58Prefix();
		this.endpoints = endpoints(config.endpoints());
		this.provider = providerKey(keys, config);
		boolean started = false;
		RpcClient client = null;
		try {
			this.providerAddress = address(provider.publicKey().bytes());
			client = new RpcClient(endpoints, RpcClient.Options.defaults());
			this.rpc = client;
			ChainTracker.Options defaults = ChainTracker.Options.defaults();
			this.tracker = new ChainTracker(client, provider, checkpointFile(config.checkpointFile()), Clock.systemUTC(),
					this::address, new ChainTracker.Options(Duration.ofSeconds(config.reportTimeoutSeconds()),
							defaults.pollInterval(), defaults.retryDelay(), config.mortalPeriod()));
			this.registration = new ProviderRegistration(client, tracker.transactions(), provider.publicKey().bytes(),
					Duration.ofSeconds(config.reportTimeoutSeconds()));
			this.registrar = Executors.newSingleThreadScheduledExecutor(r -> {
				Thread t = new Thread(r, "dinfra-chain-registration");
				t.setDaemon(true);
				return t;
			});
			started = true;
		} finally {
			if (!started) {
				if (client != null) {
					client.close();
				}
				provider.close();
			}
		}
		LOG.info("Following the chain at {} as provider {}", endpoints, providerAddress);
		if (register) {
			registrationState = "pending";
			scheduleRegistration(REGISTRATION_SETTLE);
		}
	}

	@Deactivate
	void deactivate() {
		registrar.shutdownNow();
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

	/** Reactors come in a burst at start and when features are installed: act once it settles. */
	private static final Duration REGISTRATION_SETTLE = Duration.ofSeconds(3);
	private static final Duration REGISTRATION_RETRY = Duration.ofSeconds(30);

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
	void addReactor(Reactor reactor) {
		reactorsChanged();
	}

	void removeReactor(Reactor reactor) {
		reactorsChanged();
	}

	private void reactorsChanged() {
		// called before the constructor has finished for reactors present at activation
		if (registrar != null && register) {
			scheduleRegistration(REGISTRATION_SETTLE);
		}
	}

	private synchronized void scheduleRegistration(Duration delay) {
		if (pendingRegistration != null) {
			pendingRegistration.cancel(false);
		}
		try {
			pendingRegistration = registrar.schedule(this::registerInBackground, delay.toMillis(), TimeUnit.MILLISECONDS);
		} catch (RejectedExecutionException e) {
			// deactivated
		}
	}

	private void registerInBackground() {
		try {
			if (!rpc.awaitConnected(Duration.ofSeconds(10))) {
				throw new RpcException(RpcException.NOT_CONNECTED, "no node reachable at " + endpoints);
			}
			List<String> done = registerNow();
			registrationState = done.isEmpty() ? "up to date" : String.join("; ", done);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} catch (Exception e) {
			registrationState = "failed: " + e.getMessage() + " (retrying in " + REGISTRATION_RETRY.toSeconds() + " s)";
			LOG.warn("Provider registration failed: {}; retrying in {} s", e.getMessage(), REGISTRATION_RETRY.toSeconds());
			scheduleRegistration(REGISTRATION_RETRY);
		}
	}

	/**
	 * @return what would be done to bring the registration on chain in step
	 * @throws Exception if the chain cannot be read
	 */
	public ProviderRegistration.Plan registrationPlan() throws Exception {
		DescriptorTypes served = types;
		if (served == null) {
			throw new IllegalStateException("the agent core is not active: the served types are unknown");
		}
		return registration.plan(served.types(), settings);
	}

	/**
	 * Brings the registration on chain in step with the installed reactors and the configuration.
	 *
	 * @return one line per transaction sent; empty when nothing was needed
	 * @throws Exception with the pallet's error when the chain refuses
	 */
	public synchronized List<String> registerNow() throws Exception {
		ProviderRegistration.Plan plan = registrationPlan();
		plan.notes().forEach(n -> LOG.info("Provider registration: {}", n));
		List<String> done = registration.apply(plan, settings);
		done.forEach(d -> LOG.info("Provider registration: {}", d));
		return done;
	}

	/**
	 * @param who an account id
	 * @return its provider registration at the best block
	 * @throws Exception if the chain cannot be read
	 */
	public Optional<ProviderRegistration.OnChain> provider(byte[] who) throws Exception {
		return registration.read(ChainRuntime.current(rpc, null).metadata(), who);
	}

	/** @return the outcome of the last automatic registration */
	public String registrationState() {
		return registrationState;
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
		out.put("registration", registrationState);
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
