package org.dinfra.reactor.http.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.dinfra.core.api.Cid;
import org.dinfra.core.api.DeploymentRequest;
import org.dinfra.core.api.DeploymentState;
import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.Reactor;
import org.dinfra.core.api.ReactorException;
import org.dinfra.core.api.ReactorStatus;
import org.dinfra.core.api.ReasonCode;
import org.dinfra.keys.api.Keys;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** The bridge against a local HTTP server that answers as an external reactor would. */
public class HttpReactorBridgeTest {
	private static final String SCHEMA = "{\"type\":\"object\",\"required\":[\"name\"]}";
	private static final String DESCRIPTOR = "{\"name\":\"x\"}";

	private MockWebServer server;
	private final Map<String, Reactor> registered = new ConcurrentHashMap<>();
	private final AtomicReference<String> types = new AtomicReference<>(types("alpha", "beta"));
	private final Map<String, MockResponse> answers = new ConcurrentHashMap<>();
	private HttpReactorBridge bridge;

	@Before
	public void startServer() throws Exception {
		server = new MockWebServer();
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				String key = request.getMethod() + " " + request.getTarget();
				if (!"Bearer secret-token".equals(request.getHeaders().get("Authorization"))) {
					return json(401, "{\"title\":\"no token\",\"status\":401}");
				}
				if (key.equals("GET /v1/types")) {
					return json(200, types.get());
				}
				MockResponse a = answers.get(key);
				return a != null ? a : json(404, "{\"title\":\"Not Found\",\"status\":404}");
			}
		});
		server.start();
	}

	@After
	public void stop() {
		if (bridge != null) {
			bridge.close();
		}
		server.close();
	}

	private HttpReactorBridge bridge(TestConfig config) {
		bridge = new HttpReactorBridge(config, (type, version, endpoint, reactor) -> {
			registered.put(type + "@" + version, reactor);
			return () -> registered.remove(type + "@" + version);
		}, consumer -> HttpReactorBridge.publicKey(Keys.standalone(), consumer));
		return bridge;
	}

	private Reactor alpha() {
		bridge(new TestConfig(server.url("/v1").toString()));
		await().atMost(Duration.ofSeconds(10)).until(() -> registered.containsKey("alpha@1"));
		return registered.get("alpha@1");
	}

	@Test
	public void registersOneReactorPerListedTypeAndFollowsTheList() {
		bridge(new TestConfig(server.url("/v1").toString()));
		await().atMost(Duration.ofSeconds(10)).until(() -> registered.keySet().equals(java.util.Set.of("alpha@1", "beta@1")));
		assertEquals(SCHEMA, registered.get("alpha@1").schema());

		types.set(types("beta", "gamma"));
		await().atMost(Duration.ofSeconds(10)).until(() -> registered.keySet().equals(java.util.Set.of("beta@1", "gamma@1")));

		bridge.close();
		bridge = null;
		assertTrue("closing the configuration unregisters every type", registered.isEmpty());
	}

	@Test
	public void typesStayRegisteredWhileTheEndpointIsDown() {
		bridge(new TestConfig(server.url("/v1").toString()));
		await().atMost(Duration.ofSeconds(10)).until(() -> registered.size() == 2);
		types.set(null);
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return json(503, "{\"title\":\"down\",\"status\":503}");
			}
		});
		try {
			Thread.sleep(2500); // two refresh intervals fail
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		assertEquals(2, registered.size());
	}

	@Test
	public void deployForwardsDescriptorCidConsumerAndPublicKey() throws Exception {
		answers.put("PUT /v1/deployments/7", json(201, status(7, "RUNNING")));
		Reactor alpha = alpha();
		Keys keys = Keys.standalone();
		String pk = "0x" + "11".repeat(32);
		String consumer = keys.ss58Encode(keys.parsePublicKey(pk), 42);
		ReactorStatus s = alpha.deploy(new DeploymentRequest(7, "alpha", Cid.of(DESCRIPTOR.getBytes(StandardCharsets.UTF_8)),
				DESCRIPTOR, consumer));
		assertEquals(ReactorStatus.running(7, List.of(new Endpoint("web", "http://127.0.0.1:1"))), s);

		RecordedRequest put = take("PUT");
		JsonNode body = ReactorApiClient.JSON.readTree(put.getBody().utf8());
		assertEquals("alpha", body.path("type").asText());
		assertEquals("x", body.path("descriptor").path("name").asText());
		assertEquals(Cid.of(DESCRIPTOR.getBytes(StandardCharsets.UTF_8)).toString(), body.path("descriptorCid").asText());
		assertEquals(consumer, body.path("consumer").path("account").asText());
		assertEquals(pk, body.path("consumer").path("publicKey").asText());
		assertEquals("application/json; charset=utf-8", put.getHeaders().get("Content-Type"));
	}

	@Test
	public void aConsumerThatIsNotSs58IsSentWithoutPublicKey() throws Exception {
		answers.put("PUT /v1/deployments/8", json(200, status(8, "RUNNING")));
		alpha().deploy(new DeploymentRequest(8, "alpha", Cid.of(new byte[0]), DESCRIPTOR, "not-an-address"));
		JsonNode body = ReactorApiClient.JSON.readTree(take("PUT").getBody().utf8());
		assertEquals("", body.path("consumer").path("publicKey").asText());
		assertEquals("the document's account is SS58 or empty", "", body.path("consumer").path("account").asText());
	}

	@Test
	public void aTypeIdTheDocumentForbidsMakesTheTypeListMalformed() throws Exception {
		types.set(types("alpha", "Not_A_Type"));
		ReactorApiClient client = new ReactorApiClient(new ReactorApiClient.Settings(server.url("/v1"), () -> "secret-token",
				Duration.ofSeconds(2), Duration.ofSeconds(5), 0, Duration.ofMillis(1)));
		try {
			client.types();
			fail();
		} catch (ReactorException e) {
			assertFalse(e.isTransient());
			assertTrue(e.getMessage(), e.getMessage().contains("Not_A_Type"));
		} finally {
			client.close();
		}
		types.set(types("alpha", "a".repeat(64)));
		client = new ReactorApiClient(new ReactorApiClient.Settings(server.url("/v1"), () -> "secret-token",
				Duration.ofSeconds(2), Duration.ofSeconds(5), 0, Duration.ofMillis(1)));
		try {
			assertEquals(2, client.types().size());
		} finally {
			client.close();
		}
	}

	@Test
	public void deployAnswered202IsPolledUntilRunning() throws Exception {
		AtomicInteger polls = new AtomicInteger();
		answers.put("PUT /v1/deployments/9", json(202, status(9, "DEPLOYING")));
		Reactor alpha = alpha();
		server.setDispatcher(pollingDispatcher(polls));
		ReactorStatus s = alpha.deploy(new DeploymentRequest(9, "alpha", Cid.of(new byte[0]), DESCRIPTOR, ""));
		assertEquals(DeploymentState.RUNNING, s.state());
		assertEquals(3, polls.get());
	}

	@Test
	public void aFailedDeploymentBecomesAPermanentFailureWithItsReason() throws Exception {
		answers.put("PUT /v1/deployments/10", json(201, "{\"id\":\"10\",\"type\":\"alpha\",\"state\":\"FAILED\",\"endpoints\":[],"
				+ "\"reason\":{\"code\":7,\"message\":\"no capacity\",\"details\":[\"cpu\"]}}"));
		try {
			alpha().deploy(new DeploymentRequest(10, "alpha", Cid.of(new byte[0]), DESCRIPTOR, ""));
			fail();
		} catch (ReactorException e) {
			assertFalse(e.isTransient());
			assertEquals(ReasonCode.NO_CAPACITY, e.reason().code());
			assertEquals(List.of("cpu"), e.reason().details());
		}
	}

	@Test
	public void aProblemDocumentBecomesAPermanentFailureWithItsViolations() throws Exception {
		answers.put("PUT /v1/deployments/11", new MockResponse.Builder().code(422)
				.setHeader("Content-Type", "application/problem+json")
				.body("{\"type\":\"about:blank\",\"title\":\"Schema invalid\",\"status\":422,\"code\":1,"
						+ "\"violations\":[\"/name: required\"]}").build());
		try {
			alpha().deploy(new DeploymentRequest(11, "alpha", Cid.of(new byte[0]), "{}", ""));
			fail();
		} catch (ReactorException e) {
			assertFalse(e.isTransient());
			assertEquals(ReasonCode.SCHEMA_INVALID, e.reason().code());
			assertEquals(List.of("/name: required"), e.reason().details());
		}
	}

	@Test
	public void serverErrorsAreRetriedThenReportedAsTransient() throws Exception {
		answers.put("GET /v1/deployments/12", json(503, "{\"title\":\"busy\",\"status\":503}"));
		Reactor alpha = alpha();
		int before = server.getRequestCount();
		try {
			alpha.status(12);
			fail();
		} catch (ReactorException e) {
			assertTrue(e.isTransient());
			assertTrue(e.getMessage(), e.getMessage().contains("503"));
		}
		assertEquals("one call and two retries", 3, server.getRequestCount() - before);
	}

	@Test
	public void aWrongTokenIsATransientAuthenticationFailure() throws Exception {
		ReactorApiClient client = new ReactorApiClient(new ReactorApiClient.Settings(server.url("/v1"), () -> "wrong",
				Duration.ofSeconds(2), Duration.ofSeconds(5), 0, Duration.ofMillis(1)));
		try {
			client.status(1);
			fail();
		} catch (ReactorException e) {
			assertTrue("a token can be fixed: retry", e.isTransient());
			assertEquals(ReasonCode.AUTHENTICATION, e.reason().code());
		} finally {
			client.close();
		}
	}

	@Test
	public void statusOfAnUnknownIdIsEmptyAndItsTeardownANoOp() throws Exception {
		answers.put("DELETE /v1/deployments/13", new MockResponse.Builder().code(204).build());
		Reactor alpha = alpha();
		assertEquals(Optional.empty(), alpha.status(13));
		alpha.teardown(13);
		assertEquals("DELETE", take("DELETE").getMethod());
	}

	@Test
	public void inventoryListsOnlyTheReactorsOwnType() throws Exception {
		answers.put("GET /v1/deployments", json(200, "{\"deployments\":[" + status(1, "RUNNING") + ","
				+ status(2, "DEPLOYING").replace("\"alpha\"", "\"beta\"") + "," + status(3, "TEARING_DOWN") + "]}"));
		List<ReactorStatus> inventory = alpha().inventory();
		assertEquals(2, inventory.size());
		assertEquals(1, inventory.get(0).id());
		assertEquals(DeploymentState.TEARING_DOWN, inventory.get(1).state());
	}

	@Test
	public void theTokenIsReadFromTheTokenFile() throws Exception {
		java.nio.file.Path file = java.nio.file.Files.createTempFile("token", ".txt");
		try {
			java.nio.file.Files.writeString(file, "secret-token\n");
			TestConfig config = new TestConfig(server.url("/v1").toString());
			config.token = "";
			config.tokenFile = file.toString();
			bridge(config);
			await().atMost(Duration.ofSeconds(10)).until(() -> registered.size() == 2);
		} finally {
			java.nio.file.Files.delete(file);
		}
	}

	// ---- helpers

	private Dispatcher pollingDispatcher(AtomicInteger polls) {
		return new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				String key = request.getMethod() + " " + request.getTarget();
				if (key.equals("GET /v1/deployments/9")) {
					return json(200, status(9, polls.incrementAndGet() < 3 ? "DEPLOYING" : "RUNNING"));
				}
				if (key.equals("GET /v1/types")) {
					return json(200, types.get());
				}
				MockResponse a = answers.get(key);
				return a != null ? a : json(404, "{}");
			}
		};
	}

	private RecordedRequest take(String method) throws InterruptedException {
		for (int i = 0; i < 50; i++) {
			RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
			if (r == null) {
				break;
			}
			if (r.getMethod().equals(method)) {
				return r;
			}
		}
		throw new AssertionError("no " + method + " request");
	}

	private static String types(String... ids) {
		StringBuilder sb = new StringBuilder("{\"types\":[");
		for (int i = 0; i < ids.length; i++) {
			sb.append(i == 0 ? "" : ",").append("{\"id\":\"").append(ids[i]).append("\",\"version\":1,\"schema\":")
					.append(SCHEMA).append('}');
		}
		return sb.append("]}").toString();
	}

	private static String status(long id, String state) {
		return "{\"id\":\"" + id + "\",\"type\":\"alpha\",\"state\":\"" + state + "\",\"message\":\"\",\"endpoints\":"
				+ (state.equals("RUNNING") ? "[{\"name\":\"web\",\"uri\":\"http://127.0.0.1:1\"}]" : "[]") + "}";
	}

	private static MockResponse json(int code, String body) {
		return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
	}
}
