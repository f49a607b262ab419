package org.dinfra.chain.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigInteger;
import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.Test;

/** The configuration values of etc/org.dinfra.chain.cfg that are parsed by hand. */
public class ChainAssignmentSourceConfigTest {
	@Test
	public void endpointsInFailoverOrder() {
		assertEquals(List.of(URI.create("ws://127.0.0.1:9944"), URI.create("wss://rpc.example.org")),
				ChainAssignmentSource.endpoints(" ws://127.0.0.1:9944 , wss://rpc.example.org ,"));
	}

	@Test
	public void endpointsMustBeWebSocketUrls() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChainAssignmentSource.endpoints("http://127.0.0.1:9933"));
		assertTrue(e.getMessage(), e.getMessage().contains("http://127.0.0.1:9933 is not a ws:// or wss:// URL"));
		e = assertThrows(IllegalArgumentException.class, () -> ChainAssignmentSource.endpoints(" , "));
		assertTrue(e.getMessage(), e.getMessage().contains("no node endpoint"));
	}

	@Test
	public void pricesPerType() {
		Map<String, BigInteger> prices = ProviderRegistration.Settings.parsePrices("docker-compose=5, cloudstack-vm = 340282366920938463463374607431768211455");
		assertEquals(BigInteger.valueOf(5), prices.get("docker-compose"));
		assertEquals(new BigInteger("340282366920938463463374607431768211455"), prices.get("cloudstack-vm"));
		ProviderRegistration.Settings s = new ProviderRegistration.Settings(BigInteger.TEN, prices, 1, "", "", "", false);
		assertEquals(BigInteger.valueOf(5), s.price("docker-compose"));
		assertEquals(BigInteger.TEN, s.price("test-file"));
	}

	@Test
	public void badPricesNameTheEntry() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> ProviderRegistration.Settings.parsePrices("docker-compose"));
		assertTrue(e.getMessage(), e.getMessage().contains("expected type=price, got 'docker-compose'"));
		e = assertThrows(IllegalArgumentException.class, () -> ProviderRegistration.Settings.parsePrices("a=1.5"));
		assertTrue(e.getMessage(), e.getMessage().contains("prices: a: not an integer amount: '1.5'"));
		e = assertThrows(IllegalArgumentException.class, () -> ProviderRegistration.Settings.parsePrice("pricePerBlock", "0"));
		assertTrue(e.getMessage(), e.getMessage().contains("pricePerBlock: the price must be positive"));
	}
}
