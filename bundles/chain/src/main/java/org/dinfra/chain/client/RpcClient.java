// Over 450 lines, kept whole: one connection state machine (socket, pending calls, subscriptions,
// failover and backoff) under one lock; split, its parts would share every field.
package org.dinfra.chain.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * JSON-RPC 2.0 over WebSocket to one of several Substrate nodes.
 *
 * <ul>
 * <li>Requests and responses are matched by id; {@link #call} returns a future.</li>
 * <li>Keep-alive with WebSocket pings; a connection that stops answering is dropped.</li>
 * <li>On a lost connection every pending call fails with {@link RpcException#NOT_CONNECTED}, and
 * the client reconnects to the next endpoint (failover), with exponential backoff and jitter
 * once every endpoint failed in a row.</li>
 * <li>{@link #subscribe} subscriptions survive reconnects: they are subscribed again on the new
 * connection, and {@link ConnectionListener}s learn of every connect and disconnect so that a
 * consumer can catch up on what it missed.</li>
 * </ul>
 * Callbacks run on one thread of the client, in the order the messages arrived; they must not
 * block.
 */
public final class RpcClient implements AutoCloseable {
	private static final Logger LOG = LoggerFactory.getLogger(RpcClient.class);
	private static final ObjectMapper JSON = new ObjectMapper();

	/** Learns of connection changes. */
	public interface ConnectionListener {
		/** @param endpoint the endpoint now connected (subscriptions are being renewed) */
		void connected(URI endpoint);

		/** @param reason why the connection was lost */
		void disconnected(String reason);
	}

	/**
	 * Timing of the client.
	 *
	 * @param pingInterval   WebSocket ping interval (keep-alive)
	 * @param initialBackoff delay before the first reconnect round after every endpoint failed
	 * @param maxBackoff     the longest delay between reconnect rounds
	 * @param callTimeout    default timeout of {@link #request}
	 */
	public record Options(Duration pingInterval, Duration initialBackoff, Duration maxBackoff, Duration callTimeout) {
		/** @return 10 s pings, backoff 250 ms doubling up to 30 s, 30 s call timeout */
		public static Options defaults() {
			return new Options(Duration.ofSeconds(10), Duration.ofMillis(250), Duration.ofSeconds(30), Duration.ofSeconds(30));
		}
	}

	/** A live subscription; {@link #close()} unsubscribes. */
	public final class Subscription implements AutoCloseable {
		private final String method;
		private final String unsubscribeMethod;
		private final List<Object> params;
		private final Consumer<JsonNode> consumer;
		private volatile String serverId;
		private boolean requested; // only touched on the dispatcher thread

		private Subscription(String method, String unsubscribeMethod, List<Object> params, Consumer<JsonNode> consumer) {
			this.method = method;
			this.unsubscribeMethod = unsubscribeMethod;
			this.params = params;
			this.consumer = consumer;
		}

		@Override
		public void close() {
			subscriptions.remove(this);
			String id = serverId;
			if (id != null) {
				byServerId.remove(id);
				call(unsubscribeMethod, id);
			}
		}
	}

	private final List<URI> endpoints;
	private final Options options;
	private final OkHttpClient http;
	private final ExecutorService dispatcher;
	private final ScheduledExecutorService scheduler;
	private final AtomicLong ids = new AtomicLong();
	private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
	private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
	private final Map<String, Subscription> byServerId = new ConcurrentHashMap<>();
	private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
	private final Object lock = new Object();
	private WebSocket socket;
	private boolean open;
	private URI connectedTo;
	private int next;
	private int failuresInRow;
	private boolean closed;
	private CompletableFuture<Void> connectedFuture = new CompletableFuture<>();

	/**
	 * Connects to the first endpoint at once (asynchronously).
	 *
	 * @param endpoints {@code ws://} or {@code wss://} URLs, tried in order
	 * @param options   timing
	 */
	public RpcClient(List<URI> endpoints, Options options) {
		if (endpoints.isEmpty()) {
			throw new IllegalArgumentException("no endpoint");
		}
		this.endpoints = List.copyOf(endpoints);
		this.options = Objects.requireNonNull(options);
		this.http = new OkHttpClient.Builder().pingInterval(options.pingInterval()).readTimeout(Duration.ZERO)
				.connectTimeout(Duration.ofSeconds(10)).build();
		this.dispatcher = Executors.newSingleThreadExecutor(r -> daemon(r, "dinfra-rpc-dispatch"));
		this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "dinfra-rpc-reconnect"));
		connect();
	}

	private static Thread daemon(Runnable r, String name) {
		Thread t = new Thread(r, name);
		t.setDaemon(true);
		return t;
	}

	/** @param listener learns of connects and disconnects */
	public void addConnectionListener(ConnectionListener listener) {
		listeners.add(listener);
	}

	/** @return the endpoint connected to, or null while disconnected */
	public URI endpoint() {
		synchronized (lock) {
			return open ? connectedTo : null;
		}
	}

	/**
	 * @param timeout how long to wait
	 * @return true when connected within the timeout
	 * @throws InterruptedException if interrupted
	 */
	public boolean awaitConnected(Duration timeout) throws InterruptedException {
		CompletableFuture<Void> f;
		synchronized (lock) {
			f = connectedFuture;
		}
		try {
			f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		} catch (TimeoutException | ExecutionException e) {
			return false;
		}
	}

	private void connect() {
		URI uri;
		synchronized (lock) {
			if (closed) {
				return;
			}
			uri = endpoints.get(next % endpoints.size());
			next++;
		}
		LOG.debug("connecting to {}", uri);
		http.newWebSocket(new Request.Builder().url(uri.toString()).build(), new Listener(uri));
	}

	private final class Listener extends WebSocketListener {
		private final URI uri;
		private boolean ended;

		Listener(URI uri) {
			this.uri = uri;
		}

		@Override
		public void onOpen(WebSocket webSocket, Response response) {
			CompletableFuture<Void> f;
			synchronized (lock) {
				if (closed) {
					webSocket.close(1000, "closed");
					return;
				}
				socket = webSocket;
				open = true;
				connectedTo = uri;
				failuresInRow = 0;
				f = connectedFuture;
			}
			LOG.info("connected to {}", uri);
			dispatcher.execute(() -> {
				for (Subscription s : subscriptions) {
					resubscribe(s);
				}
				listeners.forEach(l -> l.connected(uri));
				f.complete(null);
			});
		}

		@Override
		public void onMessage(WebSocket webSocket, String text) {
			dispatcher.execute(() -> handle(text));
		}

		@Override
		public void onClosing(WebSocket webSocket, int code, String reason) {
			webSocket.close(1000, null);
			lost(this, webSocket, "closed by the node: " + code + " " + reason);
		}

		@Override
		public void onClosed(WebSocket webSocket, int code, String reason) {
			lost(this, webSocket, "closed: " + code + " " + reason);
		}

		@Override
		public void onFailure(WebSocket webSocket, Throwable t, Response response) {
			lost(this, webSocket, uri + ": " + t);
		}
	}

	private void lost(Listener listener, WebSocket ws, String reason) {
		long delay;
		boolean wasOpen;
		synchronized (lock) {
			if (listener.ended) {
				return; // already handled (onClosing then onClosed)
			}
			listener.ended = true;
			wasOpen = open && socket == ws;
			socket = null;
			open = false;
			connectedTo = null;
			if (connectedFuture.isDone()) {
				connectedFuture = new CompletableFuture<>();
			}
			if (closed) {
				return;
			}
			failuresInRow++;
			if (failuresInRow < endpoints.size()) {
				delay = 0;
			} else {
				int rounds = failuresInRow / endpoints.size();
				long base = options.initialBackoff().toMillis() << Math.min(rounds - 1, 16);
				long capped = Math.min(base, options.maxBackoff().toMillis());
				delay = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
			}
		}
		if (wasOpen) {
			LOG.warn("connection lost ({}); reconnecting", reason);
		} else {
			LOG.debug("connect failed ({}); next attempt in {} ms", reason, delay);
		}
		dispatcher.execute(() -> {
			RpcException e = new RpcException(RpcException.NOT_CONNECTED, "connection lost: " + reason);
			for (Long id : List.copyOf(pending.keySet())) {
				CompletableFuture<JsonNode> f = pending.remove(id);
				if (f != null) {
					f.completeExceptionally(e);
				}
			}
			byServerId.clear();
			for (Subscription s : subscriptions) {
				s.serverId = null;
				s.requested = false;
			}
			if (wasOpen) {
				listeners.forEach(l -> l.disconnected(reason));
			}
		});
		try {
			scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
		} catch (java.util.concurrent.RejectedExecutionException e) {
			// closing
		}
	}

	private void handle(String text) {
		JsonNode msg;
		try {
			msg = JSON.readTree(text);
		} catch (Exception e) {
			LOG.warn("ignoring a message that is not JSON");
			return;
		}
		if (msg.has("id") && !msg.get("id").isNull()) {
			CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asLong());
			if (f == null) {
				return;
			}
			JsonNode error = msg.get("error");
			if (error != null && !error.isNull()) {
				f.completeExceptionally(new RpcException(error.path("code").asInt(), error.path("message").asText()));
			} else {
				f.complete(msg.get("result"));
			}
			return;
		}
		JsonNode params = msg.get("params");
		if (params != null && params.has("subscription")) {
			Subscription s = byServerId.get(params.get("subscription").asText());
			if (s != null) {
				try {
					s.consumer.accept(params.get("result"));
				} catch (RuntimeException e) {
					LOG.warn("subscription consumer of {} failed", s.method, e);
				}
			}
		}
	}

	/**
	 * Sends a request.
	 *
	 * @param method the RPC method
	 * @param params the parameters (strings, numbers, booleans, lists, JSON nodes)
	 * @return the result; fails with {@link RpcException}
	 */
	public CompletableFuture<JsonNode> call(String method, Object... params) {
		long id = ids.incrementAndGet();
		CompletableFuture<JsonNode> f = new CompletableFuture<>();
		ObjectNode req = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
		ArrayNode ps = req.putArray("params");
		for (Object p : params) {
			ps.add(JSON.valueToTree(p));
		}
		WebSocket ws;
		synchronized (lock) {
			ws = open ? socket : null;
		}
		if (ws == null) {
			f.completeExceptionally(new RpcException(RpcException.NOT_CONNECTED, "not connected"));
			return f;
		}
		pending.put(id, f);
		if (!ws.send(req.toString())) {
			pending.remove(id);
			f.completeExceptionally(new RpcException(RpcException.NOT_CONNECTED, "not connected"));
		}
		return f;
	}

	/**
	 * Sends a request and waits for its result.
	 *
	 * @param method the RPC method
	 * @param params the parameters
	 * @return the result
	 * @throws RpcException on an error answer, a lost connection or the options' call timeout
	 * @throws InterruptedException if interrupted
	 */
	public JsonNode request(String method, Object... params) throws RpcException, InterruptedException {
		CompletableFuture<JsonNode> f = call(method, params);
		try {
			return f.get(options.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
		} catch (ExecutionException e) {
			if (e.getCause() instanceof RpcException r) {
				throw r;
			}
			throw new RpcException(RpcException.NOT_CONNECTED, String.valueOf(e.getCause()));
		} catch (TimeoutException e) {
			f.cancel(false);
			throw new RpcException(RpcException.NOT_CONNECTED, method + " timed out");
		}
	}

	/**
	 * Subscribes, now if connected and again after every reconnect.
	 *
	 * @param method            for example {@code chain_subscribeFinalizedHeads}
	 * @param unsubscribeMethod for example {@code chain_unsubscribeFinalizedHeads}
	 * @param params            the subscription's parameters
	 * @param consumer          receives each notification's {@code result}, on the client's thread
	 * @return the subscription
	 */
	public Subscription subscribe(String method, String unsubscribeMethod, List<Object> params, Consumer<JsonNode> consumer) {
		Subscription s = new Subscription(method, unsubscribeMethod, new ArrayList<>(params), consumer);
		subscriptions.add(s);
		dispatcher.execute(() -> resubscribe(s));
		return s;
	}

	private void resubscribe(Subscription s) {
		if (s.serverId != null || s.requested || !subscriptions.contains(s)) {
			return;
		}
		s.requested = true;
		// whenComplete, not whenCompleteAsync: responses complete on the dispatcher thread, so the id is
		// registered before the next message (often the first notification) is handled
		call(s.method, s.params.toArray()).whenComplete((result, error) -> {
			if (error != null) {
				s.requested = false;
				LOG.debug("{} failed: {}", s.method, error.toString());
				return;
			}
			if (!subscriptions.contains(s)) {
				call(s.unsubscribeMethod, result.asText());
				return;
			}
			s.serverId = result.asText();
			byServerId.put(s.serverId, s);
		});
	}

	/** Closes the connection and stops every thread of the client. */
	@Override
	public void close() {
		WebSocket ws;
		synchronized (lock) {
			closed = true;
			ws = socket;
			socket = null;
			open = false;
		}
		if (ws != null) {
			ws.close(1000, "client closed");
		}
		scheduler.shutdownNow();
		dispatcher.shutdown();
		try {
			dispatcher.awaitTermination(2, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		dispatcher.shutdownNow();
		RpcException e = new RpcException(RpcException.NOT_CONNECTED, "client closed");
		pending.values().forEach(f -> f.completeExceptionally(e));
		pending.clear();
		http.dispatcher().executorService().shutdown();
		http.connectionPool().evictAll();
	}
}
