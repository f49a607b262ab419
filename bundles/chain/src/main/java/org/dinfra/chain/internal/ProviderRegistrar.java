package org.dinfra.chain.internal;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.dinfra.chain.client.ChainRuntime;
import org.dinfra.chain.client.RpcClient;
import org.dinfra.chain.client.RpcException;
import org.dinfra.core.api.DescriptorTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the provider's registration on chain in step with the types the agent serves, in the
 * background: when the core's {@link DescriptorTypes} becomes known and whenever it says the
 * served types changed. Runs happen one at a time on a thread of their own and coalesce
 * ({@link CoalescingTask}): a burst of changes (a feature installing several reactors) costs at
 * most two runs, the last of which sees the final types. A failed run is tried again after
 * {@link #RETRY}, or at the next change if that comes first.
 */
final class ProviderRegistrar implements AutoCloseable {
	/** How long after a failed run the next one starts, unless the types change first. */
	static final Duration RETRY = Duration.ofSeconds(30);
	private static final Duration CONNECT = Duration.ofSeconds(10);
	private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistrar.class);

	private final RpcClient rpc;
	private final List<URI> endpoints;
	private final ProviderRegistration registration;
	private final ProviderRegistration.Settings settings;
	private final boolean automatic;
	private final CoalescingTask runs;
	/** Serializes the transactions of runs and of the console command. */
	private final Object applying = new Object();
	// guarded by this
	private DescriptorTypes types;
	private AutoCloseable listening;
	private volatile String state;

	/**
	 * @param rpc          the node connection (not closed here)
	 * @param endpoints    its endpoints, for messages
	 * @param registration reads and writes the registration
	 * @param settings     what the provider wants to be on chain
	 * @param automatic    whether runs follow the served types ({@code register} in the configuration);
	 *                     when false, only {@link #registerNow()} registers
	 */
	ProviderRegistrar(RpcClient rpc, List<URI> endpoints, ProviderRegistration registration, ProviderRegistration.Settings settings,
			boolean automatic) {
		this.rpc = rpc;
		this.endpoints = List.copyOf(endpoints);
		this.registration = registration;
		this.settings = settings;
		this.automatic = automatic;
		this.state = automatic ? "pending" : "not configured (register = false)";
		this.runs = new CoalescingTask("dinfra-chain-registration", this::run);
	}

	/** @param served the core's served types, now available: listened to, and a run requested */
	void typesAvailable(DescriptorTypes served) {
		AutoCloseable l = served.addChangeListener(type -> {
			if (automatic) {
				runs.request();
			}
		});
		AutoCloseable previous;
		synchronized (this) {
			previous = listening;
			types = served;
			listening = l;
		}
		closeQuietly(previous);
		if (automatic) {
			runs.request();
		}
	}

	/** @param served the core's served types, going away */
	void typesGone(DescriptorTypes served) {
		AutoCloseable l;
		synchronized (this) {
			if (types != served) {
				return;
			}
			types = null;
			l = listening;
			listening = null;
		}
		closeQuietly(l);
	}

	private void run() {
		synchronized (this) {
			if (types == null) {
				state = "pending: waiting for the agent core (the served types are unknown)";
				return;
			}
		}
		try {
			if (!rpc.awaitConnected(CONNECT)) {
				throw new RpcException(RpcException.NOT_CONNECTED, "no node reachable at " + endpoints);
			}
			List<String> done = registerNow();
			state = done.isEmpty() ? "up to date" : String.join("; ", done);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} catch (Exception e) {
			state = "failed: " + e.getMessage() + " (retrying in " + RETRY.toSeconds() + " s)";
			LOG.warn("Provider registration failed: {}; retrying in {} s", e.getMessage(), RETRY.toSeconds());
			runs.retryAfter(RETRY);
		}
	}

	/**
	 * @return what would be done to bring the registration on chain in step
	 * @throws Exception if the chain cannot be read
	 */
	ProviderRegistration.Plan plan() throws Exception {
		DescriptorTypes served;
		synchronized (this) {
			served = types;
		}
		if (served == null) {
			throw new IllegalStateException("the agent core is not active: the served types are unknown");
		}
		return registration.plan(served.types(), settings);
	}

	/**
	 * Brings the registration on chain in step with the served types and the configuration.
	 *
	 * @return one line per transaction sent; empty when nothing was needed
	 * @throws Exception with the pallet's error when the chain refuses
	 */
	List<String> registerNow() throws Exception {
		synchronized (applying) {
			ProviderRegistration.Plan plan = plan();
			plan.notes().forEach(n -> LOG.info("Provider registration: {}", n));
			List<String> done = registration.apply(plan, settings);
			done.forEach(d -> LOG.info("Provider registration: {}", d));
			return done;
		}
	}

	/**
	 * @param who an account id
	 * @return its provider registration at the best block
	 * @throws Exception if the chain cannot be read
	 */
	Optional<ProviderRegistration.OnChain> provider(byte[] who) throws Exception {
		return registration.read(ChainRuntime.current(rpc, null).metadata(), who);
	}

	/** @return the outcome of the last automatic run */
	String state() {
		return state;
	}

	/** Stops the thread (interrupting a run under way) and the listening. */
	@Override
	public void close() {
		AutoCloseable l;
		synchronized (this) {
			l = listening;
			listening = null;
			types = null;
		}
		closeQuietly(l);
		runs.close();
	}

	private static void closeQuietly(AutoCloseable c) {
		if (c == null) {
			return;
		}
		try {
			c.close();
		} catch (Exception e) {
			LOG.debug("Removing the served types listener: {}", e.toString());
		}
	}
}
