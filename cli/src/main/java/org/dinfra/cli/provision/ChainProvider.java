package org.dinfra.cli.provision;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the agent follows a chain as a provider: what {@code etc/org.dinfra.chain.cfg} says.
 *
 * @param endpoints       the nodes' {@code ws://} or {@code wss://} URLs, tried in this order
 * @param providerKeyFile the file holding the provider's secret URI or mnemonic (only its owner
 *                        may read it), or null to leave the key as configured (by default the
 *                        environment variable {@code DINFRA_PROVIDER_SURI})
 * @param register        register the provider and keep its offers in step with the reactors
 * @param registerTypes   register the served types the chain does not know yet
 * @param offer           further keys of the chain configuration: {@code pricePerBlock},
 *                        {@code capacity}, {@code name}, {@code region}, {@code contact}
 */
public record ChainProvider(List<URI> endpoints, Path providerKeyFile, boolean register, boolean registerTypes,
		Map<String, String> offer) {
	/** The offer keys {@link #offer} may set. */
	public static final List<String> OFFER_KEYS = List.of("pricePerBlock", "capacity", "name", "region", "contact");

	public ChainProvider {
		endpoints = List.copyOf(endpoints);
		if (endpoints.isEmpty()) {
			throw new IllegalArgumentException("a chain provider needs at least one endpoint");
		}
		for (URI e : endpoints) {
			if (!("ws".equals(e.getScheme()) || "wss".equals(e.getScheme())) || e.getHost() == null) {
				throw new IllegalArgumentException("not a ws:// or wss:// URL: " + e);
			}
		}
		for (String key : offer.keySet()) {
			if (!OFFER_KEYS.contains(key)) {
				throw new IllegalArgumentException("not an offer key: " + key + " (one of " + OFFER_KEYS + ")");
			}
		}
		offer = Map.copyOf(offer);
	}

	/**
	 * A provider that registers itself and its types, with the chain configuration's defaults
	 * for the offer.
	 *
	 * @param endpoints       the nodes, comma separated
	 * @param providerKeyFile the key file, or null
	 * @return the provider
	 */
	public static ChainProvider registering(String endpoints, Path providerKeyFile) {
		List<URI> urls = new java.util.ArrayList<>();
		for (String e : endpoints.split(",")) {
			if (!e.isBlank()) {
				urls.add(endpoint(e.strip()));
			}
		}
		return new ChainProvider(urls, providerKeyFile, true, true, Map.of());
	}

	/** @return the same provider with one more offer key set */
	public ChainProvider with(String key, String value) {
		Map<String, String> o = new LinkedHashMap<>(offer);
		o.put(key, value);
		return new ChainProvider(endpoints, providerKeyFile, register, registerTypes, o);
	}

	/** @return the URL, or an IllegalArgumentException naming it */
	static URI endpoint(String url) {
		try {
			return new URI(url);
		} catch (java.net.URISyntaxException e) {
			throw new IllegalArgumentException("not a URL: " + url);
		}
	}
}
