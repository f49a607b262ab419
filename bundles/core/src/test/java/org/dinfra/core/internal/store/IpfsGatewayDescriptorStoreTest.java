package org.dinfra.core.internal.store;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dinfra.core.api.Cid;
import org.dinfra.core.api.DescriptorException;
import org.dinfra.core.api.ReasonCode;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

public class IpfsGatewayDescriptorStoreTest {
	private static final byte[] DESCRIPTOR = "{\"services\":{\"web\":{\"image\":\"nginx\"}}}"
			.getBytes(StandardCharsets.UTF_8);
	private static final Cid CID = Cid.of(DESCRIPTOR);
	private static final long LIMIT = 1024;

	private MockWebServer server;
	private IpfsGatewayDescriptorStore store;

	@Before
	public void setUp() throws IOException {
		server = new MockWebServer();
		server.start(InetAddress.getByName("127.0.0.1"), 0);
		store = gateway(Duration.ofSeconds(5));
	}

	@After
	public void tearDown() {
		store.close();
		server.close();
	}

	private IpfsGatewayDescriptorStore gateway(Duration timeout) {
		return new IpfsGatewayDescriptorStore("http://127.0.0.1:" + server.getPort(), timeout, LIMIT);
	}

	private static MockResponse ok(byte[] body) {
		return new MockResponse.Builder().code(200).setHeader("Content-Type", IpfsGatewayDescriptorStore.RAW_BLOCK)
				.body(new Buffer().write(body)).build();
	}

	private DescriptorException fetchFails(IpfsGatewayDescriptorStore store, Cid cid) {
		return assertThrows(DescriptorException.class, () -> store.fetch(cid));
	}

	@Test
	public void fetchAsksForTheRawBlockOnTheTrustlessGatewayPath() throws Exception {
		server.enqueue(ok(DESCRIPTOR));
		store.fetch(CID);
		RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
		assertNotNull(request);
		assertEquals("GET", request.getMethod());
		assertEquals("/ipfs/" + CID + "?format=raw", request.getTarget());
		assertEquals(IpfsGatewayDescriptorStore.RAW_BLOCK, request.getHeaders().get("Accept"));
	}

	@Test
	public void gatewayUrlWithAPathPrefixKeepsIt() throws Exception {
		server.enqueue(ok(DESCRIPTOR));
		IpfsGatewayDescriptorStore prefixed = new IpfsGatewayDescriptorStore(
				"http://127.0.0.1:" + server.getPort() + "/gw/", Duration.ofSeconds(5), LIMIT);
		try {
			prefixed.fetch(CID);
		} finally {
			prefixed.close();
		}
		assertEquals("/gw/ipfs/" + CID + "?format=raw", server.takeRequest(5, TimeUnit.SECONDS).getTarget());
	}

	@Test
	public void genuineBytesAreReturned() throws Exception {
		server.enqueue(ok(DESCRIPTOR));
		assertArrayEquals(DESCRIPTOR, store.fetch(CID));
	}

	@Test
	public void redirectToTheGenuineBytesIsFollowed() throws Exception {
		server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/elsewhere").build());
		server.enqueue(ok(DESCRIPTOR));
		assertArrayEquals(DESCRIPTOR, store.fetch(CID));
		assertEquals(2, server.getRequestCount());
	}

	@Test
	public void wrongBytesAreRefusedWithCidMismatch() {
		server.enqueue(ok("{\"services\":{\"web\":{\"image\":\"evil\"}}}".getBytes(StandardCharsets.UTF_8)));
		DescriptorException e = fetchFails(store, CID);
		assertEquals(ReasonCode.DESCRIPTOR_CID_MISMATCH, e.code());
		assertFalse(e.isTransient());
		assertThat(e.getMessage(), containsString(CID.toString()));
	}

	@Test
	public void notFoundIsUnavailable() {
		server.enqueue(new MockResponse.Builder().code(404).body("not found").build());
		DescriptorException e = fetchFails(store, CID);
		assertEquals(ReasonCode.DESCRIPTOR_UNAVAILABLE, e.code());
		assertTrue(e.isTransient());
	}

	@Test
	public void goneIsUnavailable() {
		server.enqueue(new MockResponse.Builder().code(410).build());
		assertEquals(ReasonCode.DESCRIPTOR_UNAVAILABLE, fetchFails(store, CID).code());
	}

	@Test
	public void serverErrorIsUnavailableAndNamesTheStatus() {
		server.enqueue(new MockResponse.Builder().code(500).body("boom").build());
		DescriptorException e = fetchFails(store, CID);
		assertEquals(ReasonCode.DESCRIPTOR_UNAVAILABLE, e.code());
		assertThat(e.getMessage(), containsString("500"));
	}

	@Test
	public void declaredBodyLargerThanTheLimitIsTooLarge() {
		server.enqueue(ok(new byte[(int) LIMIT + 1]));
		DescriptorException e = fetchFails(store, CID);
		assertEquals(ReasonCode.DESCRIPTOR_TOO_LARGE, e.code());
		assertThat(e.getMessage(), containsString(Long.toString(LIMIT)));
	}

	@Test
	public void chunkedBodyLargerThanTheLimitIsTooLarge() {
		server.enqueue(new MockResponse.Builder().code(200)
				.chunkedBody(new Buffer().write(new byte[(int) LIMIT * 4]), 100).build());
		DescriptorException e = fetchFails(store, CID);
		assertEquals(ReasonCode.DESCRIPTOR_TOO_LARGE, e.code());
	}

	@Test
	public void chunkedGenuineBodyWithinTheLimitIsReturned() throws Exception {
		server.enqueue(new MockResponse.Builder().code(200).chunkedBody(new Buffer().write(DESCRIPTOR), 7).build());
		assertArrayEquals(DESCRIPTOR, store.fetch(CID));
	}

	@Test(timeout = 20_000)
	public void gatewayThatDoesNotAnswerInTimeIsUnavailable() {
		IpfsGatewayDescriptorStore impatient = gateway(Duration.ofMillis(300));
		server.enqueue(new MockResponse.Builder().code(200).headersDelay(10, TimeUnit.SECONDS)
				.body(new Buffer().write(DESCRIPTOR)).build());
		long start = System.nanoTime();
		try {
			assertEquals(ReasonCode.DESCRIPTOR_UNAVAILABLE, fetchFails(impatient, CID).code());
		} finally {
			impatient.close();
		}
		assertTrue("gave up after the timeout", System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
	}

	@Test(timeout = 20_000)
	public void gatewayTricklingTheBodyIsCutOffByTheCallTimeout() {
		IpfsGatewayDescriptorStore impatient = gateway(Duration.ofMillis(300));
		// One byte every 100 ms: no single read times out, but the whole call takes 4 s.
		server.enqueue(new MockResponse.Builder().code(200).body(new Buffer().write(DESCRIPTOR))
				.throttleBody(1, 100, TimeUnit.MILLISECONDS).build());
		long start = System.nanoTime();
		try {
			assertEquals(ReasonCode.DESCRIPTOR_UNAVAILABLE, fetchFails(impatient, CID).code());
		} finally {
			impatient.close();
		}
		assertTrue("gave up after the call timeout", System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
	}

	@Test
	public void gatewayThatRefusesConnectionsIsUnavailable() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			closedPort = socket.getLocalPort();
		}
		IpfsGatewayDescriptorStore nowhere = new IpfsGatewayDescriptorStore("http://127.0.0.1:" + closedPort,
				Duration.ofSeconds(2), LIMIT);
		try {
			assertEquals(ReasonCode.DESCRIPTOR_UNAVAILABLE, fetchFails(nowhere, CID).code());
		} finally {
			nowhere.close();
		}
	}

	@Test
	public void unsupportedCidIsRefusedWithoutARequest() {
		Cid v0 = Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
		assertEquals(ReasonCode.UNSUPPORTED_CID, fetchFails(store, v0).code());
		assertEquals(0, server.getRequestCount());
	}

	@Test
	public void invalidGatewayUrlIsRefused() {
		assertThrows(IllegalArgumentException.class,
				() -> new IpfsGatewayDescriptorStore("not a url", Duration.ofSeconds(1), LIMIT));
		assertThrows(IllegalArgumentException.class,
				() -> new IpfsGatewayDescriptorStore(null, Duration.ofSeconds(1), LIMIT));
	}

	@Test
	public void closeLeavesNoOkHttpThreadWorkingForTheStore() throws Exception {
		server.enqueue(ok(DESCRIPTOR));
		server.enqueue(ok(DESCRIPTOR));
		store.fetch(CID);
		store.fetch(CID);
		assertFalse("a pooled connection keeps OkHttp's connection closer busy until close",
				busyOkHttpThreads().isEmpty());
		store.close();
		// OkHttp's shared "OkHttp TaskRunner" and "Okio Watchdog" threads are daemons of the
		// library, idle once nothing is scheduled, and end by themselves after a minute; what must
		// not remain is a thread doing work for this store: a connection or a dispatcher.
		await().atMost(Duration.ofSeconds(10)).until(() -> busyOkHttpThreads().isEmpty());
	}

	/** @return OkHttp threads other than the library's shared idle ones */
	private static List<String> busyOkHttpThreads() {
		return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
				.filter(n -> n.startsWith("OkHttp") && !n.equals("OkHttp TaskRunner")).toList();
	}
}
