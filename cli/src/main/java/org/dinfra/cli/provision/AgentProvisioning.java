package org.dinfra.cli.provision;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.dinfra.keys.api.AccountKey;
import org.dinfra.keys.api.KeyException;
import org.dinfra.keys.api.Keys;
import org.dinfra.keys.api.Secrets;

/**
 * Makes a Karaf distribution an agent with given reactors, and a provider on a chain: writes its
 * {@code etc/}. This is the one place that writes {@code featuresBoot} and the chain configuration;
 * {@code ./dinfra agent provision}, {@code ./dinfra up}, the container's entry point and the
 * integration tests all come here.
 *
 * <ul>
 * <li>{@code etc/org.apache.karaf.features.cfg}: the features the agent needs are added to
 * {@code featuresBoot} (never removed: Karaf installs boot features at the first start, on an
 * empty data directory; later, {@code feature:install} and {@code feature:uninstall}). Every name
 * is checked against the features repositories in the distribution's {@code system/}; a reactor is
 * named by its descriptor type or its feature.</li>
 * <li>the configuration files of those features ({@code <configfile>}), copied into {@code etc/}
 * when absent, as Karaf would at the first start, so that they can be edited before it;</li>
 * <li>{@code etc/org.dinfra.chain.cfg}: endpoints, the provider key file (only its owner may read
 * it), registration and the offer;</li>
 * <li>{@code etc/org.ops4j.pax.web.cfg}: the status API's address and port.</li>
 * </ul>
 * Applying the same {@link Provisioning} twice leaves the files as the first time left them; keys
 * and comments it does not set are kept (files are read and written as Karaf does).
 */
public final class AgentProvisioning {
	/** The features configuration in etc/. */
	public static final String FEATURES_CFG = "org.apache.karaf.features.cfg";
	/** The boot feature list in {@link #FEATURES_CFG}. */
	public static final String FEATURES_BOOT = "featuresBoot";
	/** The feature that makes the agent follow a chain. */
	public static final String CHAIN_FEATURE = "dinfra-chain";
	/** The chain configuration PID. */
	public static final String CHAIN_PID = "org.dinfra.chain";
	/** The feature of the status API, metrics and health check. */
	public static final String STATUS_FEATURE = "dinfra-status";
	/** Karaf's HTTP service configuration PID, where the status API listens. */
	public static final String WEB_PID = "org.ops4j.pax.web";

	private final Path home;
	private final Path etc;

	/**
	 * @param home the unpacked distribution (KARAF_HOME), with {@code system/}
	 * @param etc  its configuration directory (KARAF_ETC; usually {@code home/etc})
	 */
	public AgentProvisioning(Path home, Path etc) {
		this.home = home.toAbsolutePath().normalize();
		this.etc = etc.toAbsolutePath().normalize();
	}

	/** @param home the unpacked distribution, configured in {@code home/etc} */
	public AgentProvisioning(Path home) {
		this(home, home.resolve("etc"));
	}

	/**
	 * What a provisioning changed.
	 *
	 * @param addedFeatures the features added to {@code featuresBoot}
	 * @param written       the files written, in {@code etc/}
	 */
	public record Outcome(List<String> addedFeatures, List<Path> written) {
	}

	/**
	 * @param what what the agent is to be
	 * @return what changed (nothing on a second run)
	 * @throws IllegalArgumentException a feature or type the distribution does not have, a key file
	 *                                  others may read, an endpoint or address that is not one
	 * @throws IOException              the files cannot be read or written
	 */
	public Outcome apply(Provisioning what) throws IOException {
		Path featuresFile = etc.resolve(FEATURES_CFG);
		if (!Files.isRegularFile(featuresFile)) {
			throw new IllegalArgumentException("no " + FEATURES_CFG + " in " + etc + ": not a Karaf distribution's etc/");
		}
		KarafCfg features = KarafCfg.read(featuresFile);
		FeatureCatalog catalog = FeatureCatalog.read(home, features);

		Set<String> wanted = new LinkedHashSet<>();
		if (what.chain() != null) {
			wanted.add(known(catalog, CHAIN_FEATURE));
			checkKeyFile(what.chain().providerKeyFile());
		}
		for (String r : what.reactors()) {
			wanted.add(reactorFeature(catalog, r));
		}
		for (String f : what.features()) {
			wanted.add(known(catalog, f));
		}
		String[] bind = what.statusBind() == null ? null : hostPort(what.statusBind());
		if (bind != null) {
			wanted.add(known(catalog, STATUS_FEATURE));
		}

		List<Path> written = new ArrayList<>();
		Set<String> booted = features.list(FEATURES_BOOT).stream().map(AgentProvisioning::featureName).collect(Collectors.toSet());
		List<String> added = wanted.stream().filter(f -> !booted.contains(f)).toList();
		features.append(FEATURES_BOOT, added);
		if (features.save()) {
			written.add(featuresFile);
		}
		for (String f : wanted) {
			copyConfigFiles(catalog, f, written);
		}
		if (what.chain() != null) {
			KarafCfg chain = KarafCfg.read(etc.resolve(CHAIN_PID + ".cfg"));
			ChainProvider p = what.chain();
			chain.set("endpoints", p.endpoints().stream().map(URI::toString).collect(Collectors.joining(", ")));
			if (p.providerKeyFile() != null) {
				chain.set("providerSecretFile", p.providerKeyFile().toAbsolutePath().normalize().toString());
			}
			chain.set("register", Boolean.toString(p.register()));
			chain.set("registerTypes", Boolean.toString(p.registerTypes()));
			for (String key : ChainProvider.OFFER_KEYS) {
				if (p.offer().containsKey(key)) {
					chain.set(key, p.offer().get(key));
				}
			}
			if (chain.save()) {
				written.add(chain.file());
			}
		}
		if (bind != null) {
			KarafCfg web = KarafCfg.read(etc.resolve(WEB_PID + ".cfg"));
			web.set("org.ops4j.pax.web.listening.addresses", bind[0]);
			web.set("org.osgi.service.http.port", bind[1]);
			if (web.save()) {
				written.add(web.file());
			}
		}
		return new Outcome(added, List.copyOf(new LinkedHashSet<>(written)));
	}

	/** @return the feature name of a featuresBoot entry such as {@code (dinfra-core/0.1.0.SNAPSHOT} */
	static String featureName(String entry) {
		String e = entry.replace("(", "").replace(")", "").strip();
		int slash = e.indexOf('/');
		return slash >= 0 ? e.substring(0, slash).strip() : e;
	}

	private String known(FeatureCatalog catalog, String feature) {
		if (catalog.feature(feature).isEmpty()) {
			throw new IllegalArgumentException("no feature '" + feature + "' in " + home + closest(feature, catalog.names()));
		}
		return feature;
	}

	/** A reactor by feature name, or by the descriptor type whose schema one feature's bundle ships. */
	private String reactorFeature(FeatureCatalog catalog, String reactor) throws IOException {
		if (catalog.feature(reactor).isPresent()) {
			return reactor;
		}
		Map<String, List<String>> types = catalog.reactorTypes();
		List<String> serving = types.get(reactor);
		if (serving == null) {
			String served = types.entrySet().stream().map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")")
					.collect(Collectors.joining(", "));
			throw new IllegalArgumentException("no reactor '" + reactor + "' in " + home + ": its reactors serve "
					+ (served.isEmpty() ? "no type" : served) + "; or name a feature" + closest(reactor, typesAndFeatures(catalog, types)));
		}
		if (serving.size() > 1) {
			throw new IllegalArgumentException("type '" + reactor + "' is served by the features " + serving + ": name one of them");
		}
		return serving.get(0);
	}

	private static Set<String> typesAndFeatures(FeatureCatalog catalog, Map<String, List<String>> types) {
		Set<String> names = new LinkedHashSet<>(types.keySet());
		names.addAll(catalog.names());
		return names;
	}

	private static String closest(String name, Set<String> names) {
		Optional<String> best = names.stream().min(Comparator.comparingInt(n -> distance(name, n)));
		return best.filter(b -> distance(name, b) <= Math.max(2, name.length() / 4)).map(b -> " (did you mean " + b + "?)").orElse("");
	}

	/** Levenshtein distance, for "did you mean". */
	private static int distance(String a, String b) {
		int[] prev = new int[b.length() + 1];
		int[] cur = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			prev[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			cur[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
				cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
			}
			int[] t = prev;
			prev = cur;
			cur = t;
		}
		return prev[b.length()];
	}

	/** The feature's (and its dependencies') {@code <configfile>}s for etc/, copied when absent. */
	private void copyConfigFiles(FeatureCatalog catalog, String feature, List<Path> written) throws IOException {
		for (FeatureCatalog.Feature f : catalog.withDependencies(feature)) {
			for (Map.Entry<String, String> c : f.configFiles().entrySet()) {
				String prefix = "${karaf.etc}/";
				if (!c.getKey().startsWith(prefix)) {
					continue;
				}
				Path target = etc.resolve(c.getKey().substring(prefix.length())).normalize();
				if (!target.startsWith(etc) || Files.exists(target)) {
					continue;
				}
				Path source = catalog.artifact(c.getValue()).orElseThrow(() -> new IllegalArgumentException(
						"feature " + f.name() + ": its configuration file " + c.getValue() + " is not in " + home.resolve("system")));
				Files.createDirectories(target.getParent());
				Files.copy(source, target);
				written.add(target);
			}
		}
	}

	private static void checkKeyFile(Path file) {
		if (file == null) {
			return;
		}
		char[] secret = null;
		try {
			// the agent reads it so (ChainAssignmentSource): refused when others may read it, or
			// empty, and it must be a secret URI the agent can derive the provider's key from
			secret = Secrets.readOwnerOnly(file, "provider key");
		} catch (KeyException e) {
			throw new IllegalArgumentException(e.getMessage(), e);
		}
		try (AccountKey key = Keys.standalone().fromSecretUri(secret)) {
			// derived as the agent will derive it
		} catch (KeyException e) {
			throw new IllegalArgumentException("provider key file " + file + " holds no secret URI the agent can use: "
					+ e.getMessage(), e);
		} finally {
			Secrets.clear(secret);
		}
	}

	/** @return {host, port} of {@code host:port} */
	private static String[] hostPort(String bind) {
		int colon = bind.lastIndexOf(':');
		String host = colon > 0 ? bind.substring(0, colon) : "";
		String port = colon > 0 ? bind.substring(colon + 1) : "";
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		int p;
		try {
			p = Integer.parseInt(port);
		} catch (NumberFormatException e) {
			p = -1;
		}
		if (host.isBlank() || p < 1 || p > 65535) {
			throw new IllegalArgumentException("not an address and port (host:port): " + bind);
		}
		return new String[] {host, Integer.toString(p)};
	}
}
