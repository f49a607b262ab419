package org.dinfra.reactor.http.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import org.dinfra.core.api.Reactor;
import org.dinfra.core.api.ReactorException;
import org.dinfra.keys.api.KeyException;
import org.dinfra.keys.api.Keys;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import okhttp3.HttpUrl;

/**
 * One external reactor endpoint, one instance per factory configuration of
 * {@value #PID}: asks {@code GET /types} (again while the endpoint is down, and periodically),
 * and registers one {@link Reactor} service per type listed, unregistering a type when it
 * disappears from the list and every type when the configuration is deleted.
 */
@Component(configurationPid = HttpReactorBridge.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = HttpReactorConfig.class, factory = true)
public final class HttpReactorBridge {
	/** The factory PID: {@code etc/org.dinfra.reactor.http-<name>.cfg}. */
	public static final String PID = "org.dinfra.reactor.http";
	/** Service property (String) of each registered reactor: the endpoint it forwards to. */
	public static final String ENDPOINT_PROPERTY = "dinfra.reactor.http.url";
	private static final Logger LOG = LoggerFactory.getLogger(HttpReactorBridge.class);
	/** While the endpoint has never answered, it is asked at least this often. */
	private static final Duration FIRST_CONTACT_RETRY = Duration.ofSeconds(2);

	/** Registers a reactor service; in OSGi with the bundle context, in tests with a list. */
	interface Registrar {
		/**
		 * @return a handle that unregisters it
		 */
		Runnable register(String type, int version, String endpoint, Reactor reactor);
	}

	private record Registered(int version, String schema, Runnable unregister) {
	}

	private final String endpoint;
	private final ReactorApiClient client;
	private final Registrar registrar;
	private final Function<String, String> publicKeyOf;
	private final HttpReactorConfig config;
	private final ScheduledExecutorService scheduler;
	private final Map<String, Registered> registered = new HashMap<>();
	private boolean everAnswered;
	private boolean closed;

	@Activate
	public HttpReactorBridge(BundleContext context, HttpReactorConfig config, @Reference Keys keys) {
		this(config, osgi(context), consumer -> publicKey(keys, consumer));
	}

	HttpReactorBridge(HttpReactorConfig config, Registrar registrar, Function<String, String> publicKeyOf) {
		HttpUrl url = HttpUrl.parse(Objects.requireNonNullElse(config.url(), "").strip());
		if (url == null) {
			throw new IllegalArgumentException("url '" + config.url() + "' is not an http(s) URL");
		}
		this.endpoint = url.toString();
		this.config = config;
		this.registrar = registrar;
		this.publicKeyOf = publicKeyOf;
		this.client = new ReactorApiClient(new ReactorApiClient.Settings(url, token(config),
				Duration.ofMillis(config.connectTimeoutMs()), Duration.ofMillis(config.callTimeoutMs()),
				Math.max(0, config.retries()), Duration.ofMillis(Math.max(1, config.retryBackoffMs()))));
		this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "dinfra-reactor-http " + endpoint);
			t.setDaemon(true);
			return t;
		});
		scheduler.execute(this::refreshAndReschedule);
	}

	private void refreshAndReschedule() {
		refresh();
		Duration next = Duration.ofSeconds(Math.max(1, config.refreshIntervalSeconds()));
		synchronized (this) {
			if (!everAnswered && next.compareTo(FIRST_CONTACT_RETRY) > 0) {
				next = FIRST_CONTACT_RETRY;
			}
			if (closed) {
				return;
			}
		}
		try {
			scheduler.schedule(this::refreshAndReschedule, next.toMillis(), TimeUnit.MILLISECONDS);
		} catch (RejectedExecutionException e) {
			// deactivated meanwhile
		}
	}

	/** Asks the endpoint for its types once and (un)registers reactors to match. */
	void refresh() {
		List<ReactorApiClient.TypeInfo> types;
		try {
			types = client.types();
		} catch (ReactorException e) {
			synchronized (this) {
				if (everAnswered) {
					LOG.warn("{}: types not refreshed, the registered ones stay: {}", endpoint, e.getMessage());
				} else {
					LOG.info("{}: not reachable yet, retrying: {}", endpoint, e.getMessage());
				}
			}
			return;
		}
		synchronized (this) {
			if (closed) {
				return;
			}
			everAnswered = true;
			Map<String, ReactorApiClient.TypeInfo> listed = new HashMap<>();
			for (ReactorApiClient.TypeInfo t : types) {
				listed.put(t.id(), t);
			}
			registered.entrySet().removeIf(e -> {
				ReactorApiClient.TypeInfo now = listed.get(e.getKey());
				boolean gone = now == null || now.version() != e.getValue().version()
						|| !now.schema().equals(e.getValue().schema());
				if (gone) {
					LOG.info("{}: type {} {}", endpoint, e.getKey(), now == null ? "no longer served" : "changed");
					e.getValue().unregister().run();
				}
				return gone;
			});
			for (ReactorApiClient.TypeInfo t : types) {
				if (!registered.containsKey(t.id())) {
					HttpReactor reactor = new HttpReactor(client, t.id(), t.schema(), publicKeyOf,
							Duration.ofMillis(Math.max(10, config.pollIntervalMs())),
							Duration.ofSeconds(Math.max(1, config.operationTimeoutSeconds())));
					Runnable handle = registrar.register(t.id(), t.version(), endpoint, reactor);
					registered.put(t.id(), new Registered(t.version(), t.schema(), handle));
					LOG.info("{}: serving type {} version {}", endpoint, t.id(), t.version());
				}
			}
		}
	}

	/** @return the types registered now */
	synchronized List<String> registeredTypes() {
		return List.copyOf(registered.keySet());
	}

	@Deactivate
	public void close() {
		synchronized (this) {
			closed = true;
		}
		scheduler.shutdownNow();
		try {
			if (!scheduler.awaitTermination(config.callTimeoutMs() + 5000, TimeUnit.MILLISECONDS)) {
				LOG.warn("{}: the refresh thread did not stop", endpoint);
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		synchronized (this) {
			registered.values().forEach(r -> r.unregister().run());
			registered.clear();
		}
		client.close();
	}

	private static Registrar osgi(BundleContext context) {
		return (type, version, url, reactor) -> {
			Hashtable<String, Object> props = new Hashtable<>();
			props.put(Reactor.TYPE, type);
			props.put(Reactor.TYPE_VERSION, version);
			props.put(ENDPOINT_PROPERTY, url);
			ServiceRegistration<Reactor> reg = context.registerService(Reactor.class, reactor, props);
			return () -> {
				try {
					reg.unregister();
				} catch (IllegalStateException e) {
					// already unregistered with the bundle
				}
			};
		};
	}

	/** @return the 0x hex public key of an ed25519 SS58 account, or empty */
	static String publicKey(Keys keys, String consumer) {
		try {
			return keys.ss58Decode(consumer).publicKey().toHex();
		} catch (KeyException | RuntimeException e) {
			return "";
		}
	}

	private static Supplier<String> token(HttpReactorConfig config) {
		String token = Objects.requireNonNullElse(config.token(), "").strip();
		String file = Objects.requireNonNullElse(config.tokenFile(), "").strip();
		if (!token.isEmpty() || file.isEmpty()) {
			return () -> token;
		}
		Path path = Path.of(file);
		return () -> {
			try {
				List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
				return lines.isEmpty() ? "" : lines.get(0).strip();
			} catch (IOException e) {
				throw new UncheckedIOException("cannot read tokenFile " + path, e);
			}
		};
	}
}
