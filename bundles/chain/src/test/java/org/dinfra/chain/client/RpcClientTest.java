package org.dinfra.chain.client;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/** The JSON-RPC client against a small in-process node on 127.0.0.1. */
public class RpcClientTest {
	private static final ObjectMapper JSON = new ObjectMapper();
	private final List<WebSocket> sockets = new CopyOnWriteArrayList<>();
	private final AtomicInteger subscribeRequests = new AtomicInteger();
	private volatile boolean dropAfterFirstHead;
	private MockWebServer node;
	private RpcClient client;

	/** Answers system_chain, a failing method, and finalized-head subscriptions. */
	private final class FakeNode extends WebSocketListener {
		@Override
		public void onOpen(WebSocket webSocket, okhttp3.Response response) {
			sockets.add(webSocket);
		}

		@Override
		public void onMessage(WebSocket ws, String text) {
			try {
				JsonNode req = JSON.readTree(text);
				long id = req.get("id").asLong();
				switch (req.get("method").asText()) {
					case "system_chain" -> ws.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":\"Fake " + req.get("params").path(0).asText() + "\"}");
					case "chain_subscribeFinalizedHeads" -> {
						int n = subscribeRequests.incrementAndGet();
						ws.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":\"sub" + n + "\"}");
						ws.send("{\"jsonrpc\":\"2.0\",\"method\":\"chain_finalizedHead\",\"params\":{\"subscription\":\"sub" + n
								+ "\",\"result\":{\"number\":\"0x" + Integer.toHexString(n) + "\"}}}");
						if (n == 1 && dropAfterFirstHead) {
							ws.close(1001, "going away"); // the node drops the connection
						}
					}
					default -> ws.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}");
				}
			} catch (Exception e) {
				throw new IllegalStateException(e);
			}
		}
	}

	@Before
	public void startNode() throws Exception {
		node = new MockWebServer();
		node.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return new MockResponse.Builder().webSocketUpgrade(new FakeNode()).build();
			}
		});
		node.start(java.net.InetAddress.getLoopbackAddress(), 0);
	}

	@After
	public void stop() {
		if (client != null) {
			client.close();
		}
		sockets.forEach(ws -> ws.close(1001, "stopping"));
		node.close();
	}

	private URI nodeUri() {
		return URI.create(node.url("/").toString().replace("http://", "ws://"));
	}

	private static RpcClient.Options fast() {
		return new RpcClient.Options(Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofSeconds(5));
	}

	@Test
	public void concurrentCallsGetTheirOwnResults() throws Exception {
		client = new RpcClient(List.of(nodeUri()), fast());
		assertTrue(client.awaitConnected(Duration.ofSeconds(5)));
		var a = client.call("system_chain", "a");
		var b = client.call("system_chain", "b");
		assertEquals("Fake b", b.get(5, TimeUnit.SECONDS).asText());
		assertEquals("Fake a", a.get(5, TimeUnit.SECONDS).asText());
	}

	@Test
	public void errorAnswerIsAnRpcExceptionWithTheNodesCode() throws Exception {
		client = new RpcClient(List.of(nodeUri()), fast());
		assertTrue(client.awaitConnected(Duration.ofSeconds(5)));
		try {
			client.request("no_such_method");
			fail();
		} catch (RpcException e) {
			assertEquals(-32601, e.code());
		}
	}

	@Test
	public void subscriptionIsRenewedAfterTheConnectionDrops() throws Exception {
		dropAfterFirstHead = true;
		client = new RpcClient(List.of(nodeUri()), fast());
		List<Long> heads = new CopyOnWriteArrayList<>();
		List<String> events = new CopyOnWriteArrayList<>();
		client.addConnectionListener(new RpcClient.ConnectionListener() {
			@Override
			public void connected(URI endpoint) {
				events.add("connected");
			}

			@Override
			public void disconnected(String reason) {
				events.add("disconnected");
			}
		});
		client.subscribe("chain_subscribeFinalizedHeads", "chain_unsubscribeFinalizedHeads", List.of(),
				h -> heads.add(Long.decode(h.get("number").asText())));
		await().atMost(Duration.ofSeconds(10)).until(() -> heads.size() == 2);
		assertEquals(List.of(1L, 2L), heads);
		assertEquals(2, subscribeRequests.get());
		assertEquals(List.of("connected", "disconnected", "connected"), events);
	}

	@Test
	public void failsOverToTheNextEndpointWhenTheFirstIsDown() throws Exception {
		int deadPort;
		try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			deadPort = s.getLocalPort();
		}
		client = new RpcClient(List.of(URI.create("ws://127.0.0.1:" + deadPort), nodeUri()), fast());
		assertTrue(client.awaitConnected(Duration.ofSeconds(5)));
		assertEquals(nodeUri(), client.endpoint());
		assertEquals("Fake x", client.request("system_chain", "x").asText());
	}

	@Test
	public void pendingCallFailsWhenNotConnected() throws InterruptedException {
		node.close();
		client = new RpcClient(List.of(nodeUri()), fast());
		try {
			client.call("system_chain", "a").get(5, TimeUnit.SECONDS);
			fail();
		} catch (ExecutionException e) {
			assertEquals(RpcException.NOT_CONNECTED, ((RpcException) e.getCause()).code());
		} catch (java.util.concurrent.TimeoutException e) {
			fail("a call without a connection must fail, not hang");
		}
	}
}
